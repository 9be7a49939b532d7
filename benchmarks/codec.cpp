// Codec throughput: dynorm's generic reflected codec next to hand-written code for the same
// struct and bytes, measured in the same run.
//   decode: a 1,000-item Query response -> std::vector<User>
//           reference: a hand-written simdjson ondemand decoder
//   encode: 1,000 PutItem bodies
//           reference: a hand-written std::string writer
// Report the ratio generic / reference (target: within 1.25x).
#include <dynorm/dynorm.hpp>

#include <benchmark/benchmark.h>

#include <charconv>

namespace {

struct Address {
    std::string road, city, state;
    int zipcode = 0;
};
struct User {
    std::string username, last_name, first_name;
    int age = 0;
    std::string account_type;
    Address address;
    std::vector<std::string> tags;
    bool active = false;
    double score = 0;
};

std::vector<User> make_users(std::size_t n) {
    std::vector<User> users;
    for (std::size_t i = 0; i < n; ++i) {
        users.push_back({"user" + std::to_string(i), "Lastname" + std::to_string(i % 97), "First",
                         static_cast<int>(18 + i % 60), i % 3 ? "standard_user" : "super_user",
                         {std::to_string(i) + " Jefferson Street", "Los Angeles", "CA", static_cast<int>(90000 + i % 1000)},
                         {"alpha", "beta", "tag" + std::to_string(i % 10)}, i % 2 == 0, 0.5 + static_cast<double>(i) / 7});
    }
    return users;
}

const std::vector<User>& users() {
    static const std::vector<User> u = make_users(1000);
    return u;
}

const std::string& query_response() {
    static const std::string body = [] {
        std::string out = "{\"Items\":[";
        for (std::size_t i = 0; i < users().size(); ++i) {
            if (i) out += ',';
            dynorm::append_item(out, users()[i]);
        }
        out += "],\"Count\":1000,\"ScannedCount\":1000}";
        return out;
    }();
    return body;
}

// ---- hand-written references -----------------------------------------------------------------

namespace od = simdjson::ondemand;

std::string_view tagged_string(od::value v, std::string_view tag) {
    od::object o = v.get_object();
    for (auto f : o) {
        if (f.unescaped_key().value() != tag) throw std::runtime_error("type");
        return f.value().get_string();
    }
    throw std::runtime_error("empty");
}

int tagged_int(od::value v) {
    const std::string_view t = tagged_string(v, "N");
    int out = 0;
    std::from_chars(t.data(), t.data() + t.size(), out);
    return out;
}

void hand_decode_user(od::object item, User& u) {
    for (auto field : item) {
        const std::string_view key = field.unescaped_key();
        od::value v = field.value();
        if (key == "username") u.username = tagged_string(v, "S");
        else if (key == "last_name") u.last_name = tagged_string(v, "S");
        else if (key == "first_name") u.first_name = tagged_string(v, "S");
        else if (key == "age") u.age = tagged_int(v);
        else if (key == "account_type") u.account_type = tagged_string(v, "S");
        else if (key == "address") {
            od::object m = v.get_object();
            for (auto mf : m) {
                od::object inner = mf.value().get_object();
                for (auto af : inner) {
                    const std::string_view k = af.unescaped_key();
                    od::value av = af.value();
                    if (k == "road") u.address.road = tagged_string(av, "S");
                    else if (k == "city") u.address.city = tagged_string(av, "S");
                    else if (k == "state") u.address.state = tagged_string(av, "S");
                    else if (k == "zipcode") u.address.zipcode = tagged_int(av);
                }
            }
        } else if (key == "tags") {
            od::object l = v.get_object();
            u.tags.clear();
            for (auto lf : l)
                for (auto e : lf.value().get_array()) u.tags.emplace_back(tagged_string(e.value(), "S"));
        } else if (key == "active") {
            od::object b = v.get_object();
            for (auto bf : b) u.active = bf.value().get_bool();
        } else if (key == "score") {
            const std::string_view t = tagged_string(v, "N");
            std::from_chars(t.data(), t.data() + t.size(), u.score);
        }
    }
}

void append_s(std::string& out, std::string_view s) {
    out += "{\"S\":";
    dynorm::detail::append_json_string(out, s);
    out += '}';
}

void append_n(std::string& out, long v) {
    char buf[24];
    out += "{\"N\":\"";
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    out += "\"}";
}

void hand_encode_put(std::string& out, const User& u) {
    out += "{\"TableName\":\"users\",\"Item\":{\"username\":";
    append_s(out, u.username);
    out += ",\"last_name\":";
    append_s(out, u.last_name);
    out += ",\"first_name\":";
    append_s(out, u.first_name);
    out += ",\"age\":";
    append_n(out, u.age);
    out += ",\"account_type\":";
    append_s(out, u.account_type);
    out += ",\"address\":{\"M\":{\"road\":";
    append_s(out, u.address.road);
    out += ",\"city\":";
    append_s(out, u.address.city);
    out += ",\"state\":";
    append_s(out, u.address.state);
    out += ",\"zipcode\":";
    append_n(out, u.address.zipcode);
    out += "}},\"tags\":{\"L\":[";
    for (std::size_t i = 0; i < u.tags.size(); ++i) {
        if (i) out += ',';
        append_s(out, u.tags[i]);
    }
    out += "]},\"active\":{\"BOOL\":";
    out += u.active ? "true" : "false";
    out += "},\"score\":{\"N\":\"";
    char buf[32];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, u.score).ptr);
    out += "\"}}}";
}

// ---- benchmarks ------------------------------------------------------------------------------

template <class DecodeItem>
void run_decode(benchmark::State& state, DecodeItem decode_one) {
    const std::string& body = query_response();
    simdjson::padded_string padded(body);
    od::parser parser;
    std::vector<User> out;
    for (auto _ : state) {
        out.clear();
        od::document doc = parser.iterate(padded);
        for (auto field : doc.get_object()) {
            if (field.unescaped_key().value() != "Items") continue;
            for (auto element : field.value().get_array()) {
                User& u = out.emplace_back();
                decode_one(element.value(), u);
            }
        }
        benchmark::DoNotOptimize(out.data());
    }
    if (out.size() != 1000) state.SkipWithError("wrong item count");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 1000));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void decode_dynorm(benchmark::State& state) {
    run_decode(state, [](od::value v, User& u) { dynorm::decode_item(v, u); });
}
void decode_handwritten_reference(benchmark::State& state) {
    run_decode(state, [](od::value v, User& u) { hand_decode_user(v.get_object(), u); });
}

template <class EncodeOne>
void run_encode(benchmark::State& state, EncodeOne encode_one) {
    std::string body;
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        for (const User& u : users()) {
            body.clear();
            encode_one(body, u);
            bytes += body.size();
            benchmark::DoNotOptimize(body.data());
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * users().size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

void encode_dynorm(benchmark::State& state) {
    run_encode(state, [](std::string& out, const User& u) {
        out += "{\"TableName\":\"users\",\"Item\":";
        dynorm::append_item(out, u);
        out += '}';
    });
}
void encode_handwritten_reference(benchmark::State& state) { run_encode(state, hand_encode_put); }

} // namespace

BENCHMARK(decode_handwritten_reference);
BENCHMARK(decode_dynorm);
BENCHMARK(encode_handwritten_reference);
BENCHMARK(encode_dynorm);

int main(int argc, char** argv) {
    // The two encoders must agree byte for byte, or the comparison means nothing.
    std::string a, b;
    hand_encode_put(a, users()[1]);
    b = "{\"TableName\":\"users\",\"Item\":" + dynorm::encode_item(users()[1]) + "}";
    if (a != b) {
        std::fprintf(stderr, "encoders disagree:\n%s\n%s\n", a.c_str(), b.c_str());
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
