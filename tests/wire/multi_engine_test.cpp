// The asynchronous engine and transport against a scripted local HTTP server: requests in flight
// up to the cap and queued beyond it in order, connections reused, retries as timers, errors
// surfacing at get(), timeouts, cancellation before sending, in flight and during a retry's
// delay, a stop token, the client going away with requests in flight, and the refusal of a
// blocking call from a completion; the batch writer taking the next slot as any request ends.
#include "support/batch_models.hpp"
#include "support/fake_http_server.hpp"

#include <dynorm/dynorm.hpp>
#include <dynorm/wire/memory_engine.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

using dynorm_test::fake_http_server;
using dynorm_test::scripted_response;

namespace {

dynorm::client_config config_for(const fake_http_server& server, std::size_t in_flight = 8) {
    dynorm::client_config c = server.client_config();
    c.transient_backoff_base = std::chrono::milliseconds(4);
    c.throttling_backoff_base = std::chrono::milliseconds(8);
    c.max_requests_in_flight = in_flight;
    return c;
}

scripted_response error_response(int status, const std::string& code) {
    return {status, R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + code + R"(","message":"m"})"};
}

// Waits (bounded) until `done` holds; the tests then assert what they expect.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace

TEST_CASE("requests run concurrently up to the cap, over reused connections", "[multi_engine][concurrency]") {
    fake_http_server server;
    server.set_fallback({200, R"({"ok":true})", {}, std::nullopt, std::chrono::milliseconds(60)});
    const dynorm::client db(config_for(server, 4));
    std::vector<dynorm::operation<dynorm::value>> ops;
    for (int i = 0; i < 24; ++i) ops.push_back(db.call_async("GetItem", "{\"n\":" + std::to_string(i) + "}"));
    std::size_t most_in_flight = 0;
    while (!ops.back().ready()) {
        most_in_flight = std::max(most_in_flight, db.wire().async_engine()->in_flight());
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (auto& op : ops) CHECK(op.get().find("ok")->as_bool());
    CHECK(server.request_count() == 24);
    CHECK(most_in_flight <= 4);
    CHECK(most_in_flight >= 2); // 24 were queued at once: several run together
    CHECK(server.connection_count() <= 4);
    CHECK(db.wire().requests_sent() == 24);
}

TEST_CASE("requests beyond the cap wait their turn in order", "[multi_engine]") {
    fake_http_server server;
    const dynorm::client db(config_for(server, 1));
    std::vector<dynorm::operation<dynorm::value>> ops;
    for (int i = 0; i < 12; ++i) ops.push_back(db.call_async("PutItem", "{\"n\":" + std::to_string(i) + "}"));
    for (auto& op : ops) op.get();
    const auto requests = server.requests();
    REQUIRE(requests.size() == 12);
    for (int i = 0; i < 12; ++i) CHECK(requests[static_cast<std::size_t>(i)].body == "{\"n\":" + std::to_string(i) + "}");
    CHECK(server.connection_count() == 1);
}

TEST_CASE("asynchronous retries follow the standard policy, their delays as timers", "[multi_engine]") {
    fake_http_server server;
    server.script({error_response(500, "InternalServerError"), error_response(400, "ThrottlingException")});
    std::atomic<int> retries{0};
    const dynorm::client db(config_for(server), [&](const dynorm::retry_event&) { ++retries; });
    auto op = db.call_async("GetItem", "{}");
    CHECK_NOTHROW(op.get());
    CHECK(server.request_count() == 3);
    CHECK(retries == 2);

    // the error send() would throw reaches get(), after the same attempts
    server.set_fallback(error_response(500, "InternalServerError"));
    auto failing = db.call_async("GetItem", "{}");
    CHECK_THROWS_AS(failing.get(), dynorm::service_error);
    CHECK(server.request_count() == 3 + 4);
    // a client error is not retried
    server.set_fallback(error_response(400, "ValidationException"));
    auto invalid = db.call_async("GetItem", "{}");
    CHECK_THROWS_AS(invalid.get(), dynorm::validation_error);
    CHECK(server.request_count() == 3 + 4 + 1);
    // the result is taken once, and an operation has one continuation
    CHECK_THROWS_WITH(op.get(), Catch::Contains("taken already"));
    server.set_fallback({200, "{}"});
    auto twice = db.call_async("GetItem", "{}");
    twice.then([](dynorm::operation<dynorm::value>) {});
    CHECK_THROWS_WITH(twice.then([](dynorm::operation<dynorm::value>) {}), Catch::Contains("continues once"));
}

TEST_CASE("a request that takes too long times out", "[multi_engine]") {
    fake_http_server server;
    server.set_fallback({200, "{}", {}, std::nullopt, std::chrono::milliseconds(1000)});
    auto config = config_for(server);
    config.request_timeout = std::chrono::milliseconds(150);
    config.max_attempts = 2;
    const dynorm::client db(config);
    auto op = db.call_async("GetItem", "{}");
    CHECK_THROWS_WITH(op.get(), Catch::Contains("failed after 2 attempt(s)") && Catch::Contains("Timeout"));
    CHECK(server.request_count() == 2);
}

TEST_CASE("cancelling a request that waits for a slot: it is never sent", "[multi_engine]") {
    fake_http_server server;
    server.set_fallback({200, "{}", {}, std::nullopt, std::chrono::milliseconds(300)});
    const dynorm::client db(config_for(server, 1));
    auto first = db.call_async("GetItem", "{\"n\":1}");
    auto second = db.call_async("GetItem", "{\"n\":2}");
    second.cancel();
    CHECK_THROWS_AS(second.get(), dynorm::cancelled);
    CHECK_NOTHROW(first.get());
    auto third = db.call_async("GetItem", "{\"n\":3}");
    third.get();
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].body == "{\"n\":3}");
}

TEST_CASE("cancelling a request in flight", "[multi_engine]") {
    fake_http_server server;
    server.set_fallback({200, "{}", {}, std::nullopt, std::chrono::milliseconds(2000)});
    const dynorm::client db(config_for(server));
    auto op = db.call_async("GetItem", "{}");
    REQUIRE(eventually([&] { return server.request_count() == 1; }));
    op.cancel();
    CHECK_THROWS_WITH(op.get(), Catch::Contains("GetItem was cancelled"));
    CHECK(server.request_count() == 1);
    // the engine goes on serving
    server.set_fallback({200, R"({"after":1})"});
    CHECK(db.call_async("GetItem", "{}").get().find("after") != nullptr);
}

TEST_CASE("cancelling during a retry's delay: no further attempt", "[multi_engine]") {
    fake_http_server server;
    // x-amz-retry-after stretches the delay to at least 5 s
    scripted_response busy = error_response(500, "InternalServerError");
    busy.headers = {{"x-amz-retry-after", "30000"}};
    server.script({busy});
    std::atomic<int> retries{0};
    const dynorm::client db(config_for(server), [&](const dynorm::retry_event&) { ++retries; });
    auto op = db.call_async("GetItem", "{}");
    REQUIRE(eventually([&] { return retries == 1; }));
    op.cancel();
    CHECK_THROWS_AS(op.get(), dynorm::cancelled);
    CHECK(server.request_count() == 1);
}

TEST_CASE("a stop token cancels, before the request starts or while it runs", "[multi_engine]") {
    fake_http_server server;
    server.set_fallback({200, "{}", {}, std::nullopt, std::chrono::milliseconds(2000)});
    const dynorm::client db(config_for(server));
    std::stop_source stop;
    auto op = db.call_async("GetItem", "{}").stop_when(stop.get_token());
    REQUIRE(eventually([&] { return server.request_count() == 1; }));
    stop.request_stop();
    CHECK_THROWS_AS(op.get(), dynorm::cancelled);

    std::stop_source stopped;
    stopped.request_stop();
    auto never = db.call_async("GetItem", "{}").stop_when(stopped.get_token());
    CHECK_THROWS_AS(never.get(), dynorm::cancelled);
    // a finished operation ignores a later cancel
    server.set_fallback({200, R"({"x":1})"});
    auto done = db.call_async("GetItem", "{}");
    done.wait();
    done.cancel();
    CHECK(done.get().find("x") != nullptr);
}

TEST_CASE("a client destroyed with requests in flight ends them as cancelled", "[multi_engine][concurrency]") {
    fake_http_server server;
    server.set_fallback({200, "{}", {}, std::nullopt, std::chrono::milliseconds(2000)});
    std::vector<dynorm::operation<dynorm::value>> ops;
    std::atomic<int> callbacks{0};
    {
        const dynorm::client db(config_for(server, 4));
        for (int i = 0; i < 10; ++i) ops.push_back(db.call_async("GetItem", "{}"));
        ops.front().then([&](dynorm::operation<dynorm::value> op) { // no Catch2 macros off the test's thread
            try {
                op.get();
            } catch (const dynorm::cancelled&) {
                ++callbacks;
            }
        });
        REQUIRE(eventually([&] { return server.request_count() == 4; }));
    }
    for (auto& op : ops) CHECK_THROWS_AS(op.get(), dynorm::cancelled);
    CHECK(callbacks == 1);
    CHECK(server.request_count() == 4); // the six that waited for a slot never went out
}

TEST_CASE("a completion may drop the last reference to its client", "[multi_engine][concurrency]") {
    fake_http_server server;
    server.script({{200, "{}"}}); // the first answers at once, the second takes long
    server.set_fallback({200, "{}", {}, std::nullopt, std::chrono::milliseconds(2000)});
    auto db = std::make_shared<dynorm::client>(config_for(server, 1));
    std::atomic<bool> ran{false};
    auto op = db->call_async("GetItem", "{}");
    auto later = db->call_async("GetItem", "{}");
    op.then([&db, &ran](dynorm::operation<dynorm::value> done) mutable {
        done.get();
        db.reset(); // the transport and its engine go from inside their own loop
        ran = true;
    });
    REQUIRE(eventually([&] { return ran.load(); }));
    CHECK_THROWS_AS(later.get(), dynorm::cancelled);
}

TEST_CASE("a blocking call from a completion is refused, not deadlocked", "[multi_engine]") {
    fake_http_server server;
    const dynorm::client db(config_for(server));
    std::optional<std::string> message;
    std::mutex m;
    auto op = db.call_async("GetItem", "{}");
    op.then([&](dynorm::operation<dynorm::value> done) {
        done.get();
        try {
            db.call("GetItem", "{}");
        } catch (const dynorm::error& e) {
            std::lock_guard lock(m);
            message = e.what();
        }
    });
    REQUIRE(eventually([&] {
        std::lock_guard lock(m);
        return message.has_value();
    }));
    CHECK_THAT(*message, Catch::Contains("inside an asynchronous completion"));
    CHECK(server.request_count() == 1);
}

TEST_CASE("the sync calls can run on a multi engine too", "[multi_engine]") {
    fake_http_server server;
    server.set_fallback({200, R"({"TableNames":["t"]})"});
    const auto config = config_for(server);
    const dynorm::client db(config, std::make_shared<dynorm::multi_engine>(dynorm::resolve_config(config)));
    CHECK(db.list_tables() == std::vector<std::string>{"t"});
    CHECK(db.call_async("ListTables", "{}").get().find("TableNames") != nullptr);
    CHECK(server.request_count() == 2);
}

TEST_CASE("max_requests_in_flight must be positive", "[multi_engine]") {
    fake_http_server server;
    auto config = config_for(server);
    config.max_requests_in_flight = 0;
    CHECK_THROWS_AS(dynorm::client(config), dynorm::config_error);
}

TEST_CASE("over an in-memory engine the asynchronous calls complete at once", "[multi_engine]") {
    auto engine = std::make_shared<dynorm::memory_engine>(
        [](const dynorm::memory_engine::request&) { return dynorm::memory_engine::ok(R"({"m":1})"); });
    dynorm::client_config config;
    config.region = "us-east-1";
    config.endpoint = "http://127.0.0.1:1";
    config.credentials = dynorm::credentials{"AKID", "secret", ""};
    const dynorm::client db(config, engine);
    auto op = db.call_async("GetItem", "{}");
    CHECK(op.ready());
    CHECK(op.get().find("m") != nullptr);
    CHECK(db.wire().async_engine() == nullptr);
}

TEST_CASE("the batch writer sends the next request when any ends, not only the oldest", "[multi_engine][batch][concurrency]") {
    fake_http_server server;
    // the first BatchWriteItem is slow; the others answer at once
    server.script({{200, R"({"UnprocessedItems":{}})", {}, std::nullopt, std::chrono::milliseconds(3000)}});
    server.set_fallback({200, R"({"UnprocessedItems":{}})"});
    const dynorm::client db(config_for(server));
    auto batch = db.table<batch_models::Pair>().batch_writer({.max_in_flight = 2});
    for (int i = 0; i < 100; ++i) batch.put({"p", std::to_string(i), "v"});
    // four requests of 25: the second, third and fourth went (and ended) while the first ran
    REQUIRE(eventually([&] { return batch.written() == 75; }));
    CHECK(server.request_count() == 4);
    CHECK(batch.written() == 75);
    batch.flush();
    CHECK(batch.written() == 100);
    CHECK(batch.failed().empty());
}

TEST_CASE("batch_get sends its requests of 100 concurrently", "[multi_engine][batch][concurrency]") {
    fake_http_server server;
    server.set_fallback({200, R"({"Responses":{"pairs":[]}})", {}, std::nullopt, std::chrono::milliseconds(300)});
    const dynorm::client db(config_for(server));
    std::vector<dynorm::primary_key<batch_models::Pair>> keys;
    for (int i = 0; i < 300; ++i) keys.emplace_back("p", std::to_string(i));
    std::atomic<bool> done{false};
    std::atomic<std::size_t> most_in_flight{0};
    db.call_async("ListTables", "{}").get(); // the engine exists before the sampler looks at it
    std::thread sampler([&] {
        while (!done) {
            most_in_flight = std::max(most_in_flight.load(), db.wire().async_engine()->in_flight());
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    const auto found = db.table<batch_models::Pair>().batch_get(keys);
    done = true;
    sampler.join();
    CHECK(found.empty());
    CHECK(server.request_count() == 1 + 3);
    CHECK(most_in_flight >= 2); // 100 + 100 + 100, sent together
}
