// Faults a network or a server can produce, against the scripted server: a reused connection
// that dies after the request reached the server is an attempt the retry policy counts (libcurl
// may not resend it behind dynorm's back); service messages lose their secrets; values that go
// into headers can't add headers; certificate failures are not retried.
#include "support/fake_http_server.hpp"

#include <dynorm/client.hpp>

#include <catch2/catch.hpp>

#include <mutex>

using dynorm_test::fake_http_server;
using dynorm_test::scripted_response;

namespace {

dynorm::client_config fast_config(const fake_http_server& server, int max_attempts) {
    dynorm::client_config c = server.client_config();
    c.max_attempts = max_attempts;
    c.transient_backoff_base = std::chrono::milliseconds(1);
    return c;
}

scripted_response dropped() {
    scripted_response r;
    r.drop_after_request = true;
    return r;
}

} // namespace

TEST_CASE("a kept-alive connection that dies after the request is one counted attempt", "[transport][faults]") {
    fake_http_server server;
    SECTION("with one attempt, the call fails and the server saw the request once") {
        const dynorm::client db(fast_config(server, 1));
        db.call("ListTables", "{}"); // opens the connection that the next call reuses
        server.script({dropped()});
        CHECK_THROWS_AS(db.call("UpdateItem", "{}"), dynorm::transport_error);
        CHECK(server.request_count() == 2);
    }
    SECTION("with retries, every request on the wire is an attempt the observer saw") {
        std::mutex mutex;
        int retries = 0;
        const dynorm::client db(fast_config(server, 4), [&](const dynorm::retry_event& e) {
            std::lock_guard lock(mutex);
            CHECK(e.code == "ConnectionError");
            ++retries;
        });
        for (int i = 0; i < 20; ++i) {
            server.script({{200, "{}"}, dropped()});
            db.call("ListTables", "{}");
            db.call("UpdateItem", "{}");
        }
        CHECK(retries == 20);
        CHECK(server.request_count() == 20 * 2 + 20); // each drop: one request, one retry
    }
}

TEST_CASE("service messages never carry the session token or the secret key", "[transport][secrets]") {
    fake_http_server server;
    auto config = fast_config(server, 1);
    config.credentials = dynorm::credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", "FwoGZXIvYXdzEJr//token=="};
    const std::string message =
        "The request signature we calculated does not match the signature you provided.\\n\\nThe Canonical String "
        "for this request should have been\\n'POST\\n/\\n\\nhost:localhost\\nx-amz-security-token:FwoGZXIvYXdzEJr//token==\\n"
        "x-amz-target:DynamoDB_20120810.GetItem\\n'\\nsecret wJalrXUtnFEMI/K7MDENG Signature=0123abcd";
    server.script({{400, R"({"__type":"com.amazon.coral.service#InvalidSignatureException","message":")" + message + "\"}"}});
    const dynorm::client db(config);
    try {
        db.call("GetItem", "{}");
        FAIL("no exception");
    } catch (const dynorm::access_denied& e) {
        const std::string what = e.what();
        CHECK_THAT(what, !Catch::Contains("FwoGZXIvYXdzEJr"));
        CHECK_THAT(what, !Catch::Contains("wJalrXUtnFEMI"));
        CHECK_THAT(what, !Catch::Contains("0123abcd"));
        CHECK_THAT(e.message(), Catch::Contains("x-amz-security-token:<redacted>"));
        CHECK_THAT(e.message(), Catch::Contains("x-amz-target:DynamoDB_20120810.GetItem")); // the rest stays
    }
}

TEST_CASE("redact removes every secret and the values after their labels", "[transport][secrets]") {
    using dynorm::detail::redact;
    CHECK(redact("a SECRET b SECRET", {"SECRET", ""}) == "a <redacted> b <redacted>");
    CHECK(redact("X-Amz-Security-Token:abc\nnext", {}) == "X-Amz-Security-Token:<redacted>\nnext");
    CHECK(redact("Credential=AKID/x, Signature=f00d, z", {}) == "Credential=AKID/x, Signature=<redacted>, z");
    CHECK(redact("nothing here", {"other"}) == "nothing here");
}

TEST_CASE("values that become headers or the URL can't smuggle in headers", "[transport][config]") {
    fake_http_server server;
    SECTION("region") {
        auto config = fast_config(server, 1);
        config.region = "us-east-1\r\nX-Evil: 1";
        CHECK_THROWS_AS(dynorm::client(config), dynorm::config_error);
    }
    SECTION("session token") {
        auto config = fast_config(server, 1);
        config.credentials->session_token = "token\r\nX-Evil: 1";
        CHECK_THROWS_AS(dynorm::client(config), dynorm::config_error);
    }
    SECTION("access key id") {
        auto config = fast_config(server, 1);
        config.credentials->access_key_id = "AKID\n";
        CHECK_THROWS_AS(dynorm::client(config), dynorm::config_error);
    }
    SECTION("endpoint") {
        auto config = fast_config(server, 1);
        config.endpoint = server.endpoint() + "/\r\nX-Evil: 1";
        CHECK_THROWS_AS(dynorm::client(config), dynorm::config_error);
    }
    SECTION("action name") {
        const dynorm::client db(fast_config(server, 1));
        CHECK_THROWS_AS(db.call("GetItem\r\nX-Evil: 1", "{}"), dynorm::encode_error);
        CHECK_THROWS_AS(db.call("", "{}"), dynorm::encode_error);
        CHECK(server.request_count() == 0);
    }
}

TEST_CASE("a password in the endpoint is never printed", "[transport][secrets]") {
    auto config = fake_http_server().client_config(); // the server is gone: connection refused
    const std::string endpoint = config.endpoint.value();
    config.endpoint = "http://user:hunter2@" + endpoint.substr(7);
    config.max_attempts = 1;
    const dynorm::client db(config);
    try {
        db.call("ListTables", "{}");
        FAIL("no exception");
    } catch (const dynorm::transport_error& e) {
        CHECK_THAT(e.what(), !Catch::Contains("hunter2"));
        CHECK_THAT(e.what(), Catch::Contains(endpoint.substr(7)));
    }
    CHECK(dynorm::detail::endpoint_for_messages("https://a:b@host:1/p@q") == "https://host:1/p@q");
    CHECK(dynorm::detail::endpoint_for_messages("http://host") == "http://host");
}

TEST_CASE("certificate failures are not retried, connection failures are", "[transport]") {
    CHECK(std::string(dynorm::detail::curl_failure_kind(CURLE_PEER_FAILED_VERIFICATION)) == "TLSVerificationFailed");
    CHECK(std::string(dynorm::detail::curl_failure_kind(CURLE_SSL_CACERT_BADFILE)) == "TLSVerificationFailed");
    CHECK(std::string(dynorm::detail::curl_failure_kind(CURLE_COULDNT_CONNECT)) == "ConnectionError");
    CHECK(std::string(dynorm::detail::curl_failure_kind(CURLE_OPERATION_TIMEDOUT)) == "Timeout");

    // A CA bundle that can't be read fails the TLS handshake's verification: one attempt only.
    fake_http_server server;
    auto config = fast_config(server, 4);
    config.endpoint = "https://127.0.0.1:" + server.endpoint().substr(server.endpoint().rfind(':') + 1);
    config.ca_bundle = "/nonexistent/dynorm-ca.pem";
    int retries = 0;
    const dynorm::client db(config, [&](const dynorm::retry_event&) { ++retries; });
    CHECK_THROWS_AS(db.call("ListTables", "{}"), dynorm::transport_error);
    CHECK(retries == 0);
}
