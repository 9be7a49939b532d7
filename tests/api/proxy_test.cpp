// Proxies: an explicit client_config::proxy, and libcurl's own http_proxy / HTTPS_PROXY /
// NO_PROXY, which dynorm leaves on. A forward proxy on loopback sits between the client and
// DynamoDB Local (plain http: absolute-form requests) and sees the CONNECT a client sends for
// the real HTTPS endpoint (refused: tests don't reach the internet).
#include <dynorm/dynorm.hpp>

#include "support/fake_http_server.hpp"
#include "support/forward_proxy.hpp"
#include "support/scoped_environment.hpp"
#include "support/servers.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

dynorm::client_config local_config(const std::string& endpoint) {
    dynorm::client_config config;
    config.endpoint = endpoint;
    config.region = "us-east-1";
    config.credentials = dynorm::credentials{"dynormlocal", "dynormlocal", ""};
    config.max_attempts = 1;
    return config;
}

std::size_t lines_with(const dynorm_test::forward_proxy& proxy, const std::string& text) {
    std::size_t n = 0;
    for (const auto& line : proxy.request_lines()) n += line.find(text) != std::string::npos;
    return n;
}

} // namespace

TEST_CASE("requests go through an explicit proxy", "[proxy][integration]") {
    const auto local = dynorm_test::servers().front();
    dynorm_test::scoped_environment env("proxy");
    dynorm_test::forward_proxy proxy;
    auto config = local_config(local.endpoint);
    config.proxy = proxy.url();
    const dynorm::client db(config);
    (void)db.call("ListTables", "{}");
    (void)db.call("ListTables", "{}");
    CHECK(lines_with(proxy, "POST " + local.endpoint + "/ HTTP/1.1") == 2);
}

TEST_CASE("libcurl's proxy variables stay in force, NO_PROXY included", "[proxy][integration]") {
    const auto local = dynorm_test::servers().front();
    dynorm_test::scoped_environment env("proxy");
    dynorm_test::forward_proxy proxy;
    env.set("http_proxy", proxy.url());
    {
        const dynorm::client db(local_config(local.endpoint));
        (void)db.call("ListTables", "{}");
    }
    CHECK(lines_with(proxy, "POST " + local.endpoint + "/") == 1);
    env.set("NO_PROXY", "127.0.0.1");
    {
        const dynorm::client db(local_config(local.endpoint));
        (void)db.call("ListTables", "{}");
    }
    CHECK(proxy.request_lines().size() == 1); // not through the proxy
}

TEST_CASE("the real HTTPS endpoint is reached through HTTPS_PROXY with CONNECT", "[proxy][integration]") {
    dynorm_test::scoped_environment env("proxy");
    dynorm_test::forward_proxy proxy;
    env.set("HTTPS_PROXY", proxy.url());
    dynorm::client_config config;
    config.region = "eu-west-1";
    config.credentials = dynorm::credentials{"AKIDEXAMPLE", "secret", ""};
    config.max_attempts = 1;
    const dynorm::client db(config);
    CHECK_THROWS_AS(db.call("ListTables", "{}"), dynorm::transport_error); // the proxy refuses: no internet here
    CHECK(lines_with(proxy, "CONNECT dynamodb.eu-west-1.amazonaws.com:443 HTTP/1.1") == 1);
}

TEST_CASE("credential sources use the proxy too", "[proxy][credentials][integration]") {
    dynorm_test::scoped_environment env("proxy");
    dynorm_test::forward_proxy proxy;
    dynorm_test::fake_http_server metadata;
    metadata.set_responder([](const dynorm_test::received_request& r) {
        dynorm_test::scripted_response s;
        if (r.path == "/latest/api/token") s.body = "token";
        else if (r.path == "/latest/meta-data/iam/security-credentials-extended/") s.body = "role";
        else s.body = R"({"Code":"Success","AccessKeyId":"ASIAPROXIED","SecretAccessKey":"s","Token":"t","Expiration":"2099-01-01T00:00:00Z"})";
        return s;
    });
    env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", metadata.endpoint());
    dynorm::client_config config;
    config.region = "us-east-1";
    config.proxy = proxy.url();
    CHECK(dynorm::resolve_credentials(config).credentials.access_key_id == "ASIAPROXIED");
    CHECK(lines_with(proxy, "PUT " + metadata.endpoint() + "/latest/api/token") == 1);
    CHECK(lines_with(proxy, "GET " + metadata.endpoint() + "/latest/meta-data/iam/security-credentials-extended/role") == 1);
}
