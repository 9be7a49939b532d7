// Request round trips: sequential GetItem calls through dynorm (building the body, signing,
// transport, decoding into a struct) next to the same loop with bare libcurl, against a local
// keep-alive server that answers every request with the same GetItem body. The reference sends
// the very same request bytes with the same libcurl settings (timeouts, keep-alive), signed once
// before the loop, and doesn't decode: the difference is what dynorm does per request. The CPU
// column is the calling thread's CPU time per request (the server runs on other threads).
// Target: dynorm within 1.25x of bare libcurl's CPU per request.
#include "support/fake_http_server.hpp"

#include <dynorm/dynorm.hpp>

#include <benchmark/benchmark.h>

namespace {

struct Address {
    std::string road, city, state;
    int zipcode = 0;
};
struct User {
    std::string username, last_name, first_name;
    int age = 0;
    std::string account_type;
    std::optional<Address> address;
};

} // namespace

template <>
struct dynorm::schema<User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &User::username;
    static constexpr auto range_key = &User::last_name;
};

namespace {

dynorm_test::fake_http_server& server() {
    static dynorm_test::fake_http_server s;
    return s;
}

const std::string& canned_body() {
    static const std::string body =
        "{\"Item\":" +
        dynorm::encode_item(User{"janedoe", "Doe", "Jane", 25, "standard_user",
                                 Address{"1 Jefferson Street", "Los Angeles", "CA", 90001}}) +
        "}";
    return body;
}

void dynorm_get_item(benchmark::State& state) {
    server().set_fallback({200, canned_body()});
    const dynorm::client db(server().client_config());
    const auto users = db.table<User>();
    int age = 0;
    for (auto _ : state) {
        const std::optional<User> user = users.get("janedoe", "Doe");
        age += user->age;
    }
    benchmark::DoNotOptimize(age);
    state.SetItemsProcessed(state.iterations());
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

void bare_libcurl_reference(benchmark::State& state) {
    server().set_fallback({200, canned_body()});
    const std::string url = server().endpoint() + "/";
    const std::string body = R"({"TableName":"users","Key":{"username":{"S":"janedoe"},"last_name":{"S":"Doe"}}})";
    const std::string host = url.substr(7, url.size() - 8);
    const std::string date = dynorm::sigv4::amz_date(std::chrono::system_clock::now());
    dynorm::sigv4::request req;
    req.headers = {{"host", host},
                   {"content-type", "application/x-amz-json-1.0"},
                   {"x-amz-date", date},
                   {"x-amz-target", "DynamoDB_20120810.GetItem"}};
    req.payload = body;
    const auto signature = dynorm::sigv4::signer{}.sign(req, *server().client_config().credentials, "us-east-1", "dynamodb", date);

    CURL* h = curl_easy_init();
    curl_slist* headers = nullptr;
    for (const std::string& line : std::vector<std::string>{"Content-Type: application/x-amz-json-1.0", "X-Amz-Target: DynamoDB_20120810.GetItem",
                                   "X-Amz-Date: " + date, "Authorization: " + signature.authorization, std::string("Expect:")})
        headers = curl_slist_append(headers, line.c_str());
    std::string response;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 60000L);
    for (auto _ : state) {
        response.clear();
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        if (curl_easy_perform(h) != CURLE_OK) state.SkipWithError("request failed");
        benchmark::DoNotOptimize(response.data());
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    state.SetItemsProcessed(state.iterations());
}

} // namespace

BENCHMARK(bare_libcurl_reference)->UseRealTime();
BENCHMARK(dynorm_get_item)->UseRealTime();

BENCHMARK_MAIN();
