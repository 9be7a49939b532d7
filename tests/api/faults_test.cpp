// dynorm through a fault-injecting proxy in front of DynamoDB Local (tests/support/fault_proxy.hpp):
// bulk loads, batch gets, single operations and transactions under 15% injected faults, each
// checked afterwards directly against the server (no proxy): nothing lost, nothing corrupted,
// nothing applied twice where dynorm promises it isn't, everything not written in failed(), and
// as many requests on the wire as attempts dynorm counted.
#include "support/batch_models.hpp"
#include "support/fault_proxy.hpp"
#include "support/servers.hpp"

#include <iostream>
#include <map>
#include <set>

using namespace dynorm::dsl;
using batch_models::Pair;
using batch_models::Tag;

namespace {

constexpr double fault_rate = 0.15;

dynorm_test::server dynamodb_local() {
    for (const auto& s : dynorm_test::servers())
        if (s.name == "dynamodb-local") return s;
    FAIL("no DynamoDB Local");
    return {};
}

// A client of the proxy: short backoffs and timeouts, so faults cost milliseconds.
dynorm::client faulty_client(const dynorm_test::fault_proxy& proxy, int max_attempts = 4) {
    dynorm::client_config config = dynorm_test::config_for(dynamodb_local());
    config.endpoint = proxy.endpoint();
    config.max_attempts = max_attempts;
    config.transient_backoff_base = std::chrono::milliseconds(2);
    config.throttling_backoff_base = std::chrono::milliseconds(5);
    config.request_timeout = std::chrono::milliseconds(1500);
    return dynorm::client(config);
}

std::unique_ptr<dynorm_test::fault_proxy> proxy_for(std::uint64_t seed, double rate = fault_rate) {
    return std::make_unique<dynorm_test::fault_proxy>(dynamodb_local().endpoint, dynorm_test::fault_mix::even(rate),
                                                      seed, std::chrono::milliseconds(2000));
}

void report(const char* what, const dynorm_test::fault_proxy& proxy) {
    std::cout << what << ": " << proxy.requests() << " requests;";
    for (const auto& [kind, n] : proxy.faults()) std::cout << ' ' << kind << '=' << n;
    std::cout << '\n';
}

Pair item(int i) { return {"p" + std::to_string(i % 40), std::to_string(i), "value-" + std::to_string(i * 7)}; }

// The table's items, read directly from the server.
std::map<std::pair<std::string, std::string>, std::string> contents(const dynorm::table<Pair>& table) {
    std::map<std::pair<std::string, std::string>, std::string> out;
    for (const Pair& p : table.scan({.consistent_read = true})) {
        const bool fresh = out.emplace(std::pair{p.partition_key, p.sort_key}, p.other).second;
        CHECK(fresh);
    }
    return out;
}

} // namespace

TEST_CASE("a bulk load under faults writes every item or lists it in failed()", "[integration][faults][concurrency]") {
    const dynorm::client direct = dynorm_test::client_for(dynamodb_local());
    struct run {
        int in_flight;
        double fault_rate;
        int transport_attempts, writer_attempts;
    };
    // the last run is harsh on purpose: half the requests fail, few retries, so failed() fills
    for (const run r : {run{1, fault_rate, 4, 10}, run{4, fault_rate, 4, 10}, run{4, 0.5, 1, 2}}) {
        const int in_flight = r.in_flight;
        INFO("max_in_flight " << in_flight << ", faults " << r.fault_rate);
        dynorm_test::scoped_table<Pair> pairs(direct, "faultload");
        auto proxy = proxy_for(1000 + static_cast<std::uint64_t>(in_flight * 100 + r.writer_attempts), r.fault_rate);
        const dynorm::client db = faulty_client(*proxy, r.transport_attempts);
        constexpr int n = 3000;
        std::vector<dynorm::failed_write<Pair>> failed;
        {
            auto batch = db.table<Pair>(pairs->name()).batch_writer({.max_in_flight = in_flight,
                                                                     .max_attempts = r.writer_attempts,
                                                                     .backoff_base = std::chrono::milliseconds(2),
                                                                     .on_destroy_failure = [](const auto&) {}});
            for (int i = 0; i < n; ++i) batch.put(item(i));
            try {
                batch.flush();
            } catch (const dynorm::batch_write_error<Pair>& e) {
                failed = e.failed();
            }
            CHECK(failed.size() == batch.failed().size());
        }
        std::cout << "bulk load, " << in_flight << " in flight, " << r.fault_rate * 100 << "% faults, "
                  << r.transport_attempts << " transport / " << r.writer_attempts << " writer attempts\n";
        report("  requests", *proxy);
        CHECK(proxy->requests() == db.wire().requests_sent());

        std::set<std::string> failed_keys;
        for (const auto& f : failed) failed_keys.insert(std::get<Pair>(f.request).sort_key);
        const auto stored = contents(*pairs);
        std::size_t written = 0;
        for (int i = 0; i < n; ++i) {
            const Pair p = item(i);
            const auto it = stored.find({p.partition_key, p.sort_key});
            if (it == stored.end()) {
                CAPTURE(i);
                CHECK(failed_keys.count(p.sort_key) == 1); // not written: then it is in failed()
            } else {
                CHECK(it->second == p.other); // written: exactly as given
                ++written;
            }
        }
        std::cout << "  " << written << " of " << n << " items written, " << failed_keys.size() << " in failed()\n";
        CHECK(stored.size() == written); // nothing the load didn't write
        CHECK(written + failed_keys.size() >= static_cast<std::size_t>(n));
        if (r.fault_rate == fault_rate) CHECK(written > n * 9 / 10);
        else CHECK(!failed_keys.empty()); // the harsh run exercises the failed list
    }
}

TEST_CASE("batch_get under faults returns each key once, exactly as stored", "[integration][faults]") {
    const dynorm::client direct = dynorm_test::client_for(dynamodb_local());
    dynorm_test::scoped_table<Pair> pairs(direct, "faultget");
    constexpr int n = 1500;
    {
        auto batch = pairs->batch_writer();
        for (int i = 0; i < n; ++i) batch.put(item(i));
    }
    auto proxy = proxy_for(2000);
    const dynorm::client db = faulty_client(*proxy);
    std::vector<dynorm::primary_key<Pair>> keys;
    for (int i = 0; i < n + 100; ++i) keys.push_back({item(i).partition_key, item(i).sort_key}); // 100 absent
    const auto got = db.table<Pair>(pairs->name()).batch_get(keys, {.backoff_base = std::chrono::milliseconds(2)});
    report("batch_get", *proxy);
    CHECK(proxy->requests() == db.wire().requests_sent());
    CHECK(got.size() == static_cast<std::size_t>(n));
    std::set<std::string> seen;
    for (const Pair& p : got) {
        CHECK(seen.insert(p.sort_key).second);
        CHECK(p.other == item(std::stoi(p.sort_key)).other);
    }
}

TEST_CASE("single operations under faults: idempotent writes land as the last call left them", "[integration][faults]") {
    const dynorm::client direct = dynorm_test::client_for(dynamodb_local());
    dynorm_test::scoped_table<Pair> pairs(direct, "faultops");
    auto proxy = proxy_for(3000);
    const dynorm::client db = faulty_client(*proxy);
    const auto table = db.table<Pair>(pairs->name());
    // per key, the values the item may have now: one when the last call succeeded, more when it failed
    std::map<std::string, std::set<std::string>> allowed;
    std::size_t failures = 0;
    for (int i = 0; i < 300; ++i) {
        const std::string key = std::to_string(i % 50); // each key: put, update, remove, get, put, update
        const std::string value = "v" + std::to_string(i);
        const int op = i / 50 % 4;
        auto& now = allowed.try_emplace(key, std::set<std::string>{""}).first->second;
        try {
            switch (op) {
            case 0: table.put({"k", key, value}); now = {value}; break;
            case 1: table.update({"k", key}, set(attr_<&Pair::other>, value)); now = {value}; break;
            case 2: table.remove({"k", key}); now = {""}; break; // "": absent
            default: {
                const auto got = table.get({"k", key}, {.consistent_read = true});
                const std::string seen = got ? got->other : "";
                CHECK(now.count(seen) == 1);
                now = {seen};
            }
            }
        } catch (const dynorm::error&) {
            ++failures;
            if (op == 0 || op == 1) now.insert(value);
            if (op == 2) now.insert("");
        }
    }
    report("single operations", *proxy);
    CHECK(proxy->requests() == db.wire().requests_sent());
    CHECK(failures < 30);
    const auto stored = contents(*pairs);
    for (const auto& [key, values] : allowed) {
        CAPTURE(key);
        const auto it = stored.find({"k", key});
        CHECK(values.count(it == stored.end() ? "" : it->second) == 1);
    }
}

TEST_CASE("transactions under faults apply at most once, thanks to their request tokens", "[integration][faults]") {
    const dynorm::client direct = dynorm_test::client_for(dynamodb_local());
    dynorm_test::scoped_table<Tag> counters(direct, "faultcount");
    dynorm_test::scoped_table<Pair> markers(direct, "faultmark");
    auto proxy = proxy_for(4000);
    const dynorm::client db = faulty_client(*proxy);
    const auto counter_table = db.table<Tag>(counters->name());
    const auto marker_table = db.table<Pair>(markers->name());
    constexpr int calls = 200;
    std::set<std::string> succeeded;
    for (int i = 0; i < calls; ++i) {
        try {
            dynorm::transact_write(dynorm::tx::update(counter_table, "c", add(attr_<&Tag::uses>, 1)),
                                   dynorm::tx::put(marker_table, Pair{"m", std::to_string(i), "x"}));
            succeeded.insert(std::to_string(i));
        } catch (const dynorm::error&) {
        }
    }
    CHECK(proxy->requests() == db.wire().requests_sent());
    const auto stored = contents(*markers);
    const int count = counters->get("c", {.consistent_read = true}).value().uses;
    report("transactions", *proxy);
    std::cout << "  " << succeeded.size() << " of " << calls << " transactions succeeded, " << stored.size()
              << " applied, counter " << count << '\n';
    // the counter moved once per applied transaction (a retried one that applied twice would
    // have added 2 for its single marker), and every success is applied
    CHECK(count == static_cast<int>(stored.size()));
    for (const auto& id : succeeded) CHECK(stored.count({"m", id}) == 1);
    CHECK(succeeded.size() > calls * 9 / 10);
}

TEST_CASE("non-idempotent updates under faults may apply twice, as documented", "[integration][faults]") {
    const dynorm::client direct = dynorm_test::client_for(dynamodb_local());
    dynorm_test::scoped_table<Tag> counters(direct, "faultadd");
    auto proxy = proxy_for(5000);
    const dynorm::client db = faulty_client(*proxy);
    const auto table = db.table<Tag>(counters->name());
    constexpr int calls = 300;
    int succeeded = 0;
    for (int i = 0; i < calls; ++i) {
        try {
            table.update("c", add(attr_<&Tag::uses>, 1));
            ++succeeded;
        } catch (const dynorm::error&) {
        }
    }
    const int count = counters->get("c", {.consistent_read = true}).value().uses;
    report("ADD without a transaction", *proxy);
    std::cout << "ADD without a transaction: " << succeeded << " of " << calls << " calls succeeded, the counter is "
              << count << '\n';
    CHECK(proxy->requests() == db.wire().requests_sent());
    // each success applied; a reset after the server applied an ADD makes its retry apply again
    CHECK(count >= succeeded);
    CHECK(count <= static_cast<int>(db.wire().requests_sent()));
}
