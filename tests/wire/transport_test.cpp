// The transport against a scripted local HTTP server: request shape, standard-mode retries
// (attempts, backoff bounds, quota), errors never retried, CRC32 checks, broken connections,
// timeouts, connection reuse and use from several threads.
#include "support/fake_http_server.hpp"

#include <dynorm/client.hpp>

#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

using dynorm_test::fake_http_server;
using dynorm_test::scripted_response;

namespace {

dynorm::client_config config_for(const fake_http_server& server) {
    dynorm::client_config c = server.client_config();
    c.region = "eu-west-1";
    c.transient_backoff_base = std::chrono::milliseconds(4);
    c.throttling_backoff_base = std::chrono::milliseconds(8);
    return c;
}

// Records what the retry observer saw.
struct retry_log {
    std::mutex mutex;
    std::vector<std::pair<std::string, std::chrono::milliseconds>> events;
    std::function<void(const dynorm::retry_event&)> observer() {
        return [this](const dynorm::retry_event& e) {
            std::lock_guard lock(mutex);
            events.emplace_back(std::string(e.code), e.delay);
        };
    }
};

scripted_response error_response(int status, const std::string& code, const std::string& message = "m") {
    return {status, R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + code + R"(","message":")" + message + R"("})"};
}

} // namespace

TEST_CASE("requests are signed JSON-protocol POSTs", "[transport]") {
    fake_http_server server;
    server.set_fallback({200, R"({"TableNames":["a"]})"});
    auto config = config_for(server);
    config.credentials->session_token = "session-token";
    const dynorm::client db(config);
    const auto response = db.call("ListTables", R"({"Limit":5})");
    CHECK(response.find("TableNames")->as_list().at(0).as_string() == "a");
    const auto request = server.requests().at(0);
    CHECK(request.target == "DynamoDB_20120810.ListTables");
    CHECK(request.body == R"({"Limit":5})");
    CHECK(request.headers.at("content-type") == "application/x-amz-json-1.0");
    CHECK(request.headers.at("x-amz-security-token") == "session-token");
    CHECK(request.headers.at("x-amz-date").size() == 16);
    const std::string& authorization = request.headers.at("authorization");
    CHECK_THAT(authorization, Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    CHECK_THAT(authorization, Catch::Contains("/eu-west-1/dynamodb/aws4_request, SignedHeaders="
                                              "content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="));
    CHECK_THAT(authorization, !Catch::Contains("secret-key"));
}

TEST_CASE("transient errors are retried with bounded full-jitter backoff", "[transport]") {
    fake_http_server server;
    server.script({error_response(500, "InternalServerError"), {503, ""}, error_response(500, "InternalServerError")});
    retry_log log;
    const dynorm::client db(config_for(server), log.observer());
    CHECK_NOTHROW(db.call("GetItem", "{}"));
    CHECK(server.request_count() == 4);
    REQUIRE(log.events.size() == 3);
    CHECK(log.events[0].first == "InternalServerError");
    CHECK(log.events[1].first == "HTTP 503"); // no error code in the body
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        CHECK(log.events[i].second <= std::chrono::milliseconds(4 << i)); // base * 2^(attempt-1)
    }
}

TEST_CASE("throttling uses its own base delay", "[transport]") {
    fake_http_server server;
    server.script({error_response(400, "ProvisionedThroughputExceededException"),
                   error_response(400, "ThrottlingException")});
    retry_log log;
    const dynorm::client db(config_for(server), log.observer());
    CHECK_NOTHROW(db.call("GetItem", "{}"));
    REQUIRE(log.events.size() == 2);
    CHECK(log.events[0].second <= std::chrono::milliseconds(8));
    CHECK(log.events[1].second <= std::chrono::milliseconds(16));

    // The default throttling base is 1 s: the first retry waits at most that long.
    fake_http_server server2;
    server2.script({error_response(400, "RequestLimitExceeded")});
    retry_log log2;
    auto defaults = config_for(server2);
    defaults.throttling_backoff_base = dynorm::client_config{}.throttling_backoff_base;
    const dynorm::client db2(defaults, log2.observer());
    CHECK_NOTHROW(db2.call("GetItem", "{}"));
    REQUIRE(log2.events.size() == 1);
    CHECK(log2.events[0].second <= std::chrono::milliseconds(1000));
}

TEST_CASE("four attempts by default, then the error", "[transport]") {
    fake_http_server server;
    server.set_fallback(error_response(500, "InternalServerError", "still broken"));
    const dynorm::client db(config_for(server));
    try {
        db.call("PutItem", "{}");
        FAIL("no exception");
    } catch (const dynorm::service_error& e) {
        CHECK(e.code() == "InternalServerError");
        CHECK(e.message() == "still broken");
        CHECK(e.http_status() == 500);
        CHECK(e.request_id() == "fake-4");
    }
    CHECK(server.request_count() == 4);
}

TEST_CASE("the retry quota runs out and fills up again", "[transport]") {
    fake_http_server server;
    server.set_fallback(error_response(500, "InternalServerError"));
    auto config = config_for(server);
    config.max_attempts = 100;
    config.transient_backoff_base = std::chrono::milliseconds(0);
    const dynorm::client db(config);
    CHECK_THROWS_AS(db.call("GetItem", "{}"), dynorm::service_error);
    // 500 tokens, 14 per transient retry: 35 retries after the first try
    CHECK(server.request_count() == 36);
    CHECK(db.wire().retry_quota() == 500 - 35 * 14);
    // an empty quota fails fast: no retry at all
    CHECK_THROWS_AS(db.call("GetItem", "{}"), dynorm::service_error);
    CHECK(server.request_count() == 37);
    // a first-try success gives one token back
    server.script({{200, "{}"}});
    db.call("GetItem", "{}");
    CHECK(db.wire().retry_quota() == 500 - 35 * 14 + 1);
}

TEST_CASE("a success after retries refunds what the retries took", "[transport]") {
    fake_http_server server;
    server.script({error_response(500, "InternalServerError"), error_response(400, "ThrottlingException")});
    const dynorm::client db(config_for(server));
    db.call("GetItem", "{}");
    CHECK(db.wire().retry_quota() == 500);
}

TEST_CASE("client errors are never retried", "[transport]") {
    fake_http_server server;
    const dynorm::client db(config_for(server));
    server.script({error_response(400, "ConditionalCheckFailedException", "The conditional request failed")});
    CHECK_THROWS_AS(db.call("PutItem", "{}"), dynorm::conditional_check_failed);
    server.script({error_response(400, "ValidationException")});
    CHECK_THROWS_AS(db.call("PutItem", "{}"), dynorm::validation_error);
    server.script({error_response(400, "ResourceNotFoundException")});
    CHECK_THROWS_AS(db.call("PutItem", "{}"), dynorm::resource_not_found);
    server.script({error_response(400, "TransactionCanceledException")});
    CHECK_THROWS_AS(db.call("TransactWriteItems", "{}"), dynorm::transaction_canceled);
    server.script({error_response(400, "AccessDeniedException")});
    CHECK_THROWS_AS(db.call("PutItem", "{}"), dynorm::access_denied);
    CHECK(server.request_count() == 5);
}

TEST_CASE("a CRC32 mismatch is retried", "[transport]") {
    fake_http_server server;
    scripted_response corrupted{200, R"({"Item":{}})"};
    corrupted.crc32 = "12345";
    server.script({corrupted});
    server.set_fallback({200, R"({"Item":{}})"});
    retry_log log;
    const dynorm::client db(config_for(server), log.observer());
    CHECK_NOTHROW(db.call("GetItem", "{}"));
    CHECK(server.request_count() == 2);
    REQUIRE(log.events.size() == 1);
    CHECK(log.events[0].first == "CRC32Mismatch");

    server.set_fallback(corrupted);
    CHECK_THROWS_WITH(db.call("GetItem", "{}"), Catch::Contains("CRC32Mismatch"));
    CHECK(server.request_count() == 2 + 4);
}

TEST_CASE("a connection closed mid-response is retried", "[transport]") {
    fake_http_server server;
    scripted_response broken{200, std::string(2000, ' ') + "{}"};
    broken.close_mid_body = true;
    server.script({broken});
    server.set_fallback({200, R"({"ok":true})"});
    retry_log log;
    const dynorm::client db(config_for(server), log.observer());
    CHECK(db.call("GetItem", "{}").find("ok")->as_bool());
    CHECK(server.request_count() == 2);
    REQUIRE(log.events.size() == 1);
    CHECK(log.events[0].first == "ConnectionError");
}

TEST_CASE("a request that takes too long times out and is retried", "[transport]") {
    fake_http_server server;
    scripted_response slow{200, "{}"};
    slow.delay = std::chrono::milliseconds(1500);
    server.script({slow});
    retry_log log;
    auto config = config_for(server);
    config.request_timeout = std::chrono::milliseconds(300);
    const dynorm::client db(config, log.observer());
    CHECK_NOTHROW(db.call("GetItem", "{}"));
    REQUIRE(log.events.size() == 1);
    CHECK(log.events[0].first == "Timeout");
    CHECK(db.wire().retry_quota() == 500); // refunded after the success
}

TEST_CASE("x-amz-retry-after is honoured within bounds", "[transport]") {
    fake_http_server server;
    scripted_response busy = error_response(503, "ServiceUnavailable");
    busy.headers = {{"x-amz-retry-after", "60"}};
    server.script({busy});
    retry_log log;
    const dynorm::client db(config_for(server), log.observer());
    db.call("GetItem", "{}");
    REQUIRE(log.events.size() == 1);
    CHECK(log.events[0].second == std::chrono::milliseconds(60)); // within [delay, delay + 5 s]
}

TEST_CASE("connections are kept alive and reused", "[transport]") {
    fake_http_server server;
    const dynorm::client db(config_for(server));
    for (int i = 0; i < 20; ++i) db.call("GetItem", "{}");
    CHECK(server.request_count() == 20);
    CHECK(server.connection_count() == 1);
}

TEST_CASE("one client serves several threads", "[transport][concurrency]") {
    fake_http_server server;
    server.set_fallback({200, R"({"Item":{"n":{"N":"1"}}})"});
    const dynorm::client db(config_for(server));
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                if (db.call("GetItem", "{}").find("Item")) ++ok;
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 400);
    CHECK(server.request_count() == 400);
    CHECK(server.connection_count() <= 8);
}

TEST_CASE("an endpoint that refuses connections fails after the retries", "[transport]") {
    int port = 0;
    {
        fake_http_server closed; // take a free port, then close it
        port = std::stoi(closed.endpoint().substr(closed.endpoint().rfind(':') + 1));
    }
    dynorm::client_config config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port);
    config.region = "us-east-1";
    config.credentials = dynorm::credentials{"a", "b", ""};
    config.transient_backoff_base = std::chrono::milliseconds(1);
    const dynorm::client db(config);
    CHECK_THROWS_WITH(db.call("ListTables", "{}"),
                      Catch::Contains("ListTables failed after 4 attempt(s): Couldn't connect to server"));
}

TEST_CASE("list_tables follows LastEvaluatedTableName across pages", "[transport]") {
    fake_http_server server;
    server.script({{200, R"({"TableNames":["a","b"],"LastEvaluatedTableName":"b"})"},
                   {200, R"({"TableNames":["c"],"LastEvaluatedTableName":"c"})"},
                   {200, R"({"TableNames":[]})"}});
    const dynorm::client db(config_for(server));
    CHECK(db.list_tables() == std::vector<std::string>{"a", "b", "c"});
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].body == "{}");
    CHECK(requests[1].body == R"({"ExclusiveStartTableName":"b"})");
    CHECK(requests[2].body == R"({"ExclusiveStartTableName":"c"})");
}
