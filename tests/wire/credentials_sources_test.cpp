// Each credentials source on its own, past what the recorded cases cover: STS's signature
// (checked with botocore), its errors and retries, the XML reader's strictness, IMDS's v1 fallback
// and extended path, container tokens, credential_process helpers run for real, SSO's token
// refresh, configured endpoints, and what the chain's errors say.
#include <dynorm/client.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/memory_engine.hpp>
#include <dynorm/wire/credentials/chain.hpp>
#include <dynorm/wire/credentials/detail/xml.hpp>
#include <dynorm/wire/credentials/process.hpp>
#include <dynorm/wire/credentials/sso.hpp>
#include <dynorm/wire/credentials/sts.hpp>
#include <dynorm/wire/service_endpoint.hpp>

#include "support/memory_environment.hpp"
#include "support/python.hpp"
#include "support/scoped_environment.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Answers calls from a script and keeps them: only for what a test must see byte by byte.
class scripted_http : public dynorm::http_client {
public:
    dynorm::http_reply send(const dynorm::http_call& call) override {
        std::lock_guard lock(mutex_);
        calls.push_back(call);
        if (replies.empty()) return {0, "", "nothing scripted"};
        dynorm::http_reply r = replies.front();
        if (replies.size() > 1) replies.pop_front();
        return r;
    }
    std::string header(std::size_t call, const std::string& name) const {
        for (const auto& [n, v] : calls.at(call).headers)
            if (n == name) return v;
        return "<none>";
    }
    std::deque<dynorm::http_reply> replies;
    std::vector<dynorm::http_call> calls;

private:
    std::mutex mutex_;
};

const auto fixed_time = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 8h;

// A memory environment at the fixed time, and credential contexts over it.
struct test_env : dynorm_test::memory_environment {
    test_env() { now = fixed_time; }
    std::shared_ptr<const dynorm::credentials_context> context(std::shared_ptr<dynorm::http_client> http) {
        return std::make_shared<const dynorm::credentials_context>(dynorm::credentials_context::load(get(), std::move(http)));
    }
};

const char* assume_role_ok = R"(<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA:s</AssumedRoleId>
      <Arn>arn:aws:sts::111122223333:assumed-role/Admin/s</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAROLE</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-token</SessionToken>
      <Expiration>2026-12-02T09:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
</AssumeRoleResponse>)";

std::string sts_error(const std::string& code) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code +
           "</Code><Message>refused &amp; logged</Message></Error><RequestId>r</RequestId></ErrorResponse>";
}

std::shared_ptr<dynorm::credentials_provider> static_source(const std::string& token = "") {
    dynorm::resolved_credentials c;
    c.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token};
    c.source = "test keys";
    return std::make_shared<dynorm::static_provider>(c);
}

} // namespace

TEST_CASE("AssumeRole is signed for sts as botocore signs it", "[credentials][sts][boto3]") {
    test_env env;
    env.variables["AWS_REGION"] = "eu-west-1";
    auto http = std::make_shared<scripted_http>();
    http->replies.push_back({200, assume_role_ok, ""});
    dynorm::assume_role_settings role{"arn:aws:iam::111122223333:role/Admin", "session-1", "ext id", 1800};
    dynorm::assume_role_provider p(static_source("session/token="), role, env.context(http));
    const auto c = p.fetch();
    CHECK(c.credentials.access_key_id == "ASIAROLE");
    CHECK(c.account_id == "111122223333");
    CHECK(c.expiry == std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 9h);
    REQUIRE(http->calls.size() == 1);
    const auto& call = http->calls[0];
    CHECK(call.url == "https://sts.eu-west-1.amazonaws.com");
    CHECK(call.body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FAdmin"
                       "&RoleSessionName=session-1&DurationSeconds=1800&ExternalId=ext%20id");
    CHECK(http->header(0, "X-Amz-Security-Token") == "session/token=");
    const std::string reference = dynorm_test::run_python(R"PY(
import datetime, sys
from unittest import mock
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
body = sys.argv[1]
req = AWSRequest(method="POST", url="https://sts.eu-west-1.amazonaws.com/", data=body.encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
fixed = datetime.datetime(2026, 12, 2, 8, 0, 0)
with mock.patch("botocore.auth.datetime") as dt:
    dt.datetime.utcnow.return_value = fixed
    dt.datetime.now.return_value = fixed.replace(tzinfo=datetime.timezone.utc)
    SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session/token="), "sts", "eu-west-1").add_auth(req)
print(req.headers["Authorization"], end="")
)PY",
                                                          {call.body});
    CHECK(http->header(0, "Authorization") == reference);
    CHECK(http->header(0, "X-Amz-Date") == "20261202T080000Z");
}

TEST_CASE("STS errors are named, IDPCommunicationError is retried", "[credentials][sts]") {
    test_env env;
    env.variables["AWS_REGION"] = "us-west-2";
    env.files["/token"] = "header.payload.signature\n";
    dynorm::assume_role_settings role{"arn:aws:iam::1:role/R", "s", "", {}};
    for (const char* code : {"InvalidIdentityToken", "ExpiredToken", "AccessDenied"}) {
        auto http = std::make_shared<scripted_http>();
        http->replies.push_back({400, sts_error(code), ""});
        dynorm::web_identity_provider p("/token", role, env.context(http), "test");
        CHECK_THROWS_WITH(p.fetch(), "dynorm: credentials from web identity (test): STS AssumeRoleWithWebIdentity failed with "
                                     "HTTP 400 (" + std::string(code) + "): refused & logged");
        CHECK(http->calls.size() == 1);
        // unsigned, with the token from the file (its newline dropped)
        CHECK(http->header(0, "Authorization") == "<none>");
        CHECK_THAT(http->calls[0].body, Catch::EndsWith("&WebIdentityToken=header.payload.signature"));
    }
    auto http = std::make_shared<scripted_http>();
    http->replies.push_back({400, sts_error("IDPCommunicationError"), ""});
    dynorm::web_identity_provider p("/token", role, env.context(http), "test");
    CHECK_THROWS_WITH(p.fetch(), Catch::Contains("(IDPCommunicationError)"));
    CHECK(http->calls.size() == 3);
    http->calls.clear();
    http->replies = {{400, sts_error("IDPCommunicationError"), ""}, {200, std::string(assume_role_ok), ""}};
    // An AssumeRole answer to an AssumeRoleWithWebIdentity call has no credentials where they belong.
    CHECK_THROWS_WITH(p.fetch(), Catch::Contains("answered without credentials"));
    CHECK(http->calls.size() == 2);
    // Malformed XML is an error, not a guess.
    http->replies = {{200, "<AssumeRoleWithWebIdentityResponse><oops></AssumeRoleWithWebIdentityResponse>", ""}};
    CHECK_THROWS_WITH(p.fetch(), Catch::Contains("malformed XML"));
}

TEST_CASE("the XML reader takes STS's shapes and nothing looser", "[credentials][sts]") {
    using dynorm::detail::read_xml_leaves;
    const auto ok = read_xml_leaves("<?xml version=\"1.0\"?>\n<!-- c --><a x=\"1\"><b>1 &lt; 2 &#65;&#x42;</b><c/><d>\xc3\xa9</d></a>");
    REQUIRE(ok);
    CHECK(ok->at("a/b") == "1 < 2 AB");
    CHECK(ok->at("a/c").empty());
    CHECK(ok->at("a/d") == "\xc3\xa9");
    for (const char* bad : {"", "<a>", "<a></b>", "<a></a><b></b>", "text<a></a>", "<!DOCTYPE a><a></a>",
                            "<a>&unknown;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a><![CDATA[x]]></a>", "<a>x<</a>",
                            "<a></a>trailing", "<a><?xml?></a>"})
        CHECK_FALSE(read_xml_leaves(bad));
    std::string deep;
    for (int i = 0; i < 17; ++i) deep += "<x>";
    for (int i = 0; i < 17; ++i) deep += "</x>";
    CHECK_FALSE(read_xml_leaves(deep));
}

TEST_CASE("IMDS falls back to v1 only when the token is refused, and not when v1 is disabled", "[credentials][imds]") {
    const std::string document =
        R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T14:00:00Z","AccountId":"444455556666"})";
    test_env env;
    auto http = std::make_shared<scripted_http>();
    http->replies = {{403, "", ""}, {200, "web-role\n", ""}, {200, document, ""}};
    dynorm::imds_provider p(env.context(http));
    const auto c = p.fetch();
    CHECK(c.credentials.access_key_id == "ASIAIMDS");
    CHECK(c.account_id == "444455556666"); // the extended path's AccountId
    REQUIRE(http->calls.size() == 3);
    CHECK(http->calls[0].method == "PUT");
    CHECK(http->calls[0].url == "http://169.254.169.254/latest/api/token");
    CHECK(http->header(0, "x-aws-ec2-metadata-token-ttl-seconds") == "21600");
    CHECK(http->calls[0].timeout == 1s);
    CHECK(http->calls[1].url == "http://169.254.169.254/latest/meta-data/iam/security-credentials-extended/");
    CHECK(http->header(1, "x-aws-ec2-metadata-token") == "<none>"); // v1: no token
    CHECK(http->calls[2].url == "http://169.254.169.254/latest/meta-data/iam/security-credentials-extended/web-role");

    env.variables["AWS_EC2_METADATA_V1_DISABLED"] = "true";
    auto strict_http = std::make_shared<scripted_http>();
    strict_http->replies = {{403, "", ""}};
    dynorm::imds_provider strict(env.context(strict_http));
    CHECK_THROWS_WITH(strict.fetch(), Catch::Contains("IMDSv1 is disabled"));
    CHECK(strict_http->calls.size() == 1);

    // No metadata service (off EC2): the source declines after one attempt.
    env.variables.clear();
    auto none = std::make_shared<scripted_http>();
    dynorm::imds_provider off_ec2(env.context(none));
    CHECK_THROWS_AS(off_ec2.fetch(), dynorm::credentials_unavailable);
    CHECK(none->calls.size() == 1);
    env.variables["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "3";
    env.variables["AWS_METADATA_SERVICE_TIMEOUT"] = "2";
    auto three = std::make_shared<scripted_http>();
    dynorm::imds_provider patient(env.context(three));
    CHECK_THROWS_AS(patient.fetch(), dynorm::credentials_unavailable);
    CHECK(three->calls.size() == 3);
    CHECK(three->calls[0].timeout == 2s);
}

TEST_CASE("container credentials read their authorization token on every refresh", "[credentials][container]") {
    const std::string document = R"({"AccessKeyId":"ASIAPOD","SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T14:00:00Z","RoleArn":"arn:aws:iam::777788889999:role/pod"})";
    test_env env;
    env.variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
    env.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/token";
    env.files["/var/run/token"] = "first-token\n";
    auto http = std::make_shared<scripted_http>();
    http->replies = {{200, document, ""}};
    dynorm::container_provider p(env.context(http));
    CHECK(p.fetch().account_id == "777788889999"); // from the role ARN when AccountId is absent
    env.files["/var/run/token"] = "second-token";
    (void)p.fetch();
    REQUIRE(http->calls.size() == 2);
    CHECK(http->header(0, "Authorization") == "first-token");
    CHECK(http->header(1, "Authorization") == "second-token");
    CHECK(http->header(0, "Accept") == "application/json");
    env.files["/var/run/token"] = "evil\r\nX-Injected: 1";
    CHECK_THROWS_WITH(p.fetch(), Catch::Contains("the authorization token contains a line break"));
    env.variables.erase("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    env.variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "env-token";
    (void)p.fetch();
    CHECK(http->header(2, "Authorization") == "env-token");
    http->replies = {{500, "", ""}};
    CHECK_THROWS_WITH(p.fetch(), Catch::Contains("HTTP 500"));
    CHECK(http->calls.size() == 3 + 3); // a server error is tried 3 times
}

namespace {

struct script_dir {
    fs::path dir = fs::temp_directory_path() / ("dynorm_process_" + std::to_string(::getpid()));
    script_dir() { fs::create_directories(dir); }
    ~script_dir() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& body) {
        const fs::path p = dir / name;
        std::ofstream(p) << "#!/bin/sh\n" << body;
        fs::permissions(p, fs::perms::owner_all);
        return p.string();
    }
};

} // namespace

TEST_CASE("credential_process runs real helpers, without a shell", "[credentials][process]") {
    script_dir scripts;
    SECTION("valid output; Expiration and SessionToken are optional; the profile's account ID fills in") {
        const auto helper = scripts.write("ok.sh", R"(echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s"}')");
        dynorm::process_provider p(helper, "profile p", "123456789012");
        const auto c = p.fetch();
        CHECK(c.credentials.access_key_id == "AKIDPROC");
        CHECK(c.credentials.session_token.empty());
        CHECK_FALSE(c.expiry);
        CHECK(c.account_id == "123456789012");
    }
    SECTION("arguments reach the helper as words, quotes and all, with no shell expansion") {
        const auto helper = scripts.write("args.sh", R"(printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s|%s"}' "$1" "$2" "$3")");
        dynorm::process_provider p(helper + " 'AKID ONE' \"two's\" $HOME", "profile p");
        const auto c = p.fetch();
        CHECK(c.credentials.access_key_id == "AKID ONE");
        CHECK(c.credentials.secret_access_key == "two's|$HOME");
    }
    SECTION("a failing helper: its status and standard error are in the message") {
        const auto helper = scripts.write("fail.sh", "echo 'token expired, run login' >&2\nexit 3\n");
        dynorm::process_provider p(helper, "profile p");
        CHECK_THROWS_WITH(p.fetch(), "dynorm: credentials from credential_process (profile p): the helper exited with "
                                     "status 3; it said: token expired, run login");
    }
    SECTION("wrong output") {
        const auto v2 = scripts.write("v2.sh", R"(echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}')");
        CHECK_THROWS_WITH(dynorm::process_provider(v2, "p").fetch(), Catch::Contains("\"Version\" must be 1"));
        const auto no_secret = scripts.write("ns.sh", R"(echo '{"Version": 1, "AccessKeyId": "A"}')");
        CHECK_THROWS_WITH(dynorm::process_provider(no_secret, "p").fetch(), Catch::Contains("\"SecretAccessKey\" is missing"));
        const auto bad_time = scripts.write("bt.sh", R"(echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"}')");
        CHECK_THROWS_WITH(dynorm::process_provider(bad_time, "p").fetch(), Catch::Contains("\"Expiration\" is not an RFC 3339 time"));
        CHECK_THROWS_WITH(dynorm::process_provider("/nonexistent/helper", "p").fetch(),
                          Catch::Contains("can't start /nonexistent/helper"));
        CHECK_THROWS_WITH(dynorm::process_provider("'unclosed", "p").fetch(), Catch::Contains("unclosed quote"));
    }
}

TEST_CASE("an SSO session token near expiry is refreshed, used and written back", "[credentials][sso]") {
    test_env env;
    env.variables["HOME"] = "/home/u";
    env.files["/home/u/.aws/config"] =
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n"
        "[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n";
    const std::string cache_path = "/home/u/.aws/sso/cache/" + dynorm::detail::sha1_hex("corp") + ".json";
    env.files[cache_path] = R"({"accessToken":"old-token","expiresAt":"2026-12-02T08:10:00Z","refreshToken":"refresh-1",
        "clientId":"client","clientSecret":"client-secret","registrationExpiresAt":"2027-01-01T00:00:00Z","region":"eu-west-1",
        "startUrl":"https://corp.awsapps.com/start"})";
    env.variables["AWS_PROFILE"] = "dev";
    auto http = std::make_shared<scripted_http>();
    http->replies = {{200, R"({"accessToken":"new-token","expiresIn":3600,"refreshToken":"refresh-2","tokenType":"Bearer"})", ""},
                     {200, R"({"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"s","sessionToken":"t","expiration":1796198400000}})", ""}};
    auto context = env.context(http);
    dynorm::profile_provider p(context, true);
    const auto c = p.fetch();
    CHECK(c.credentials.access_key_id == "ASIASSO");
    CHECK(c.account_id == "111122223333");
    REQUIRE(http->calls.size() == 2);
    CHECK(http->calls[0].url == "https://oidc.eu-west-1.amazonaws.com/token");
    CHECK(http->calls[0].body ==
          R"({"clientId":"client","clientSecret":"client-secret","grantType":"refresh_token","refreshToken":"refresh-1"})");
    CHECK(http->calls[1].url == "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=111122223333&role_name=Dev");
    CHECK(http->header(1, "x-amz-sso_bearer_token") == "new-token");
    const std::string written = env.files.at(cache_path);
    CHECK_THAT(written, Catch::Contains(R"("accessToken":"new-token")"));
    CHECK_THAT(written, Catch::Contains(R"("expiresAt":"2026-12-02T09:00:00Z")"));
    CHECK_THAT(written, Catch::Contains(R"("refreshToken":"refresh-2")"));
    CHECK_THAT(written, Catch::Contains(R"("startUrl":"https://corp.awsapps.com/start")"));

    // A legacy (start URL) token can't be refreshed: once expired, the message says what to do.
    env.files["/home/u/.aws/config"] = "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
                                       "sso_account_id = 111122223333\nsso_role_name = Dev\n";
    env.files["/home/u/.aws/sso/cache/" + dynorm::detail::sha1_hex("https://corp.awsapps.com/start") + ".json"] =
        R"({"accessToken":"t","expiresAt":"2026-12-02T07:00:00Z"})";
    dynorm::profile_provider legacy(env.context(http), true);
    CHECK_THROWS_WITH(legacy.fetch(), Catch::Contains("the cached SSO token has expired: run `aws sso login`"));
}

TEST_CASE("configured endpoints: service variable, global variable, services section, profile", "[credentials][endpoint]") {
    test_env env;
    env.variables["HOME"] = "/h";
    env.files["/h/.aws/config"] = "[default]\nendpoint_url = http://profile-global\nservices = local\n"
                                  "[services local]\nsts =\n  endpoint_url = http://section-sts\n";
    const auto at = [&](const char* service) {
        const auto c = env.context(std::make_shared<scripted_http>());
        return dynorm::configured_endpoint(service, c->env, c->files, c->profile).value_or("<none>");
    };
    CHECK(at("sts") == "http://section-sts");
    CHECK(at("sso") == "http://profile-global");
    env.variables["AWS_ENDPOINT_URL"] = "http://env-global";
    CHECK(at("sts") == "http://env-global");
    env.variables["AWS_ENDPOINT_URL_STS"] = "http://env-sts";
    env.variables["AWS_ENDPOINT_URL_SSO_OIDC"] = "http://env-oidc";
    env.variables["AWS_ENDPOINT_URL_DYNAMODB_STREAMS"] = "http://env-streams";
    CHECK(at("sts") == "http://env-sts");
    CHECK(at("sso_oidc") == "http://env-oidc");
    CHECK(at("dynamodb_streams") == "http://env-streams");
    CHECK(at("dynamodb") == "http://env-global");
    env.variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "TRUE";
    CHECK(at("sts") == "<none>");
}

TEST_CASE("the chain's errors: a failing source names itself, and no secret is in a message", "[credentials][chain]") {
    test_env env;
    env.variables["HOME"] = "/h";
    env.variables["AWS_EC2_METADATA_DISABLED"] = "true";
    env.files["/h/.aws/config"] = "[default]\ncredential_process = /nonexistent/helper --secret=hunter2\n";
    const auto chain = dynorm::default_credentials_chain(env.context(std::make_shared<scripted_http>()));
    try {
        (void)chain->fetch();
        FAIL("no error");
    } catch (const dynorm::credentials_error& e) {
        CHECK(e.source() == "credential_process (profile default)");
        CHECK_THAT(std::string(e.what()), Catch::StartsWith("dynorm: credentials from credential_process (profile default): "));
    }
    // Partial environment keys are an error, not a silent fall-through to the next source.
    env.variables["AWS_ACCESS_KEY_ID"] = "AKID";
    CHECK_THROWS_WITH(chain->fetch(), "dynorm: credentials from environment: AWS_ACCESS_KEY_ID is set but "
                                      "AWS_SECRET_ACCESS_KEY is not");
    // STS's message is kept, the source credentials' secret never.
    env.variables["AWS_SECRET_ACCESS_KEY"] = "very-secret";
    env.variables["AWS_REGION"] = "us-east-1";
    auto http = std::make_shared<scripted_http>();
    http->replies = {{403, sts_error("AccessDenied"), ""}};
    dynorm::assume_role_provider role(std::make_shared<dynorm::environment_provider>(env.get()),
                                      {"arn:aws:iam::1:role/R", "s", "", {}}, env.context(http));
    try {
        (void)role.fetch();
        FAIL("no error");
    } catch (const dynorm::credentials_error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("(AccessDenied)") && !Catch::Contains("very-secret"));
        CHECK(e.source() == "assume role arn:aws:iam::1:role/R (from environment)");
    }
}

namespace {

// A client configuration whose credentials come from a function: "AKIDVAULT<n>" on the n-th call.
dynorm::client_config vault_config(int& calls,
                                   std::function<std::optional<std::chrono::system_clock::time_point>(int)> expiry) {
    dynorm::client_config config;
    config.region = "us-east-1";
    config.endpoint = "http://test.invalid";
    config.credentials_provider = std::make_shared<dynorm::callback_provider>("vault", [&calls, expiry] {
        ++calls;
        dynorm::resolved_credentials c;
        c.credentials = {"AKIDVAULT" + std::to_string(calls), "vault-secret", "vault-token"};
        c.expiry = expiry(calls);
        return c;
    });
    return config;
}

} // namespace

TEST_CASE("a program's own source is asked at the first request and again near expiry", "[credentials][callback]") {
    int calls = 0;
    const auto now = std::chrono::system_clock::now();
    // the first ones are nearly expired
    const auto config = vault_config(calls, [now](int n) { return now + std::chrono::minutes(n == 1 ? 3 : 60); });
    const auto resolved = dynorm::resolve_config(config);
    CHECK(calls == 0); // nothing fetched when the configuration is made
    CHECK(resolved.credentials->current()->credentials.access_key_id == "AKIDVAULT1");
    CHECK(resolved.credentials->current()->source == "vault");
    // within 5 minutes of expiry: the next request waits for fresh ones
    CHECK(resolved.credentials->current()->credentials.access_key_id == "AKIDVAULT2");
    CHECK(resolved.credentials->current()->credentials.access_key_id == "AKIDVAULT2");
    CHECK(calls == 2);
}

TEST_CASE("credentials DynamoDB calls expired are fetched again and the request tried once more", "[credentials][callback]") {
    int calls = 0;
    const auto config = vault_config(calls, [](int) { return std::nullopt; });
    std::vector<std::string> keys;
    auto engine = std::make_shared<dynorm::memory_engine>([&](const dynorm::memory_engine::request& r) {
        for (const auto& h : r.headers)
            if (h.rfind("Authorization: ", 0) == 0) keys.push_back(h.substr(h.find("Credential=") + 11, 10));
        if (keys.size() % 2 == 1)
            return dynorm::memory_engine::reply(400, R"({"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"})");
        return dynorm::memory_engine::ok("{}");
    });
    const dynorm::client db(config, engine);
    (void)db.call("ListTables", "{}");
    CHECK(keys == std::vector<std::string>{"AKIDVAULT1", "AKIDVAULT2"});
    // Expired twice in a row: the error reaches the caller after one fresh try.
    auto always = std::make_shared<dynorm::memory_engine>([](const dynorm::memory_engine::request&) {
        return dynorm::memory_engine::reply(400, R"({"__type":"#ExpiredTokenException","message":"expired"})");
    });
    const dynorm::client stuck(config, always);
    CHECK_THROWS_AS(stuck.call("ListTables", "{}"), dynorm::access_denied);
    CHECK(always->requests().size() == 2);
}

TEST_CASE("expiry times a time point can't hold are errors, not overflow", "[credentials][untrusted]") {
    // found by fuzz_credentials: year 1013 overflowed the nanosecond count
    CHECK_FALSE(dynorm::detail::parse_rfc3339("1013-12-02T09:00:00+00:00"));
    CHECK_FALSE(dynorm::detail::parse_rfc3339("9999-12-31T23:59:59Z"));
    CHECK(dynorm::detail::parse_rfc3339("2261-12-31T23:59:59Z"));
    CHECK(dynorm::detail::parse_rfc3339("1970-01-01T00:00:00Z"));
    test_env env;
    env.variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";
    auto http = std::make_shared<scripted_http>();
    http->replies = {{200, R"({"AccessKeyId":"A","SecretAccessKey":"S","Token":"T","Expiration":"1013-12-02T09:00:00+00:00"})", ""}};
    CHECK_THROWS_WITH(dynorm::container_provider(env.context(http)).fetch(), Catch::Contains("Expiration is not a time"));
}

TEST_CASE("requests go to the endpoint of the account the credentials name", "[credentials][endpoint]") {
    dynorm_test::scoped_environment env("account");
    const auto with_account = [](std::string account) {
        dynorm::client_config config;
        config.region = "eu-west-1";
        config.credentials_provider = std::make_shared<dynorm::callback_provider>("vault", [account] {
            dynorm::resolved_credentials c;
            c.credentials = {"AKIDVAULT", "s", ""};
            c.account_id = account;
            return c;
        });
        return config;
    };
    auto engine = std::make_shared<dynorm::memory_engine>(
        [](const dynorm::memory_engine::request&) { return dynorm::memory_engine::ok("{}"); });
    const dynorm::client db(with_account("111122223333"), engine);
    (void)db.call("ListTables", "{}");
    (void)db.call("ListTables", "{}");
    REQUIRE(engine->requests().size() == 2);
    CHECK(engine->requests()[0].url == "https://111122223333.ddb.eu-west-1.amazonaws.com/");
    CHECK(engine->requests()[1].url == engine->requests()[0].url);
    // No account ID: the regional endpoint (the engine's own); "disabled": never the account's.
    const dynorm::client anonymous(with_account(""), engine);
    (void)anonymous.call("ListTables", "{}");
    CHECK(engine->requests()[2].url == "https://dynamodb.eu-west-1.amazonaws.com/");
    auto disabled = with_account("111122223333");
    disabled.account_id_endpoint_mode = "disabled";
    const dynorm::client plain(disabled, engine);
    (void)plain.call("ListTables", "{}");
    CHECK(engine->requests()[3].url.empty());
    // "required" without an account ID: the rule set's error, before anything is sent.
    auto required = with_account("");
    required.account_id_endpoint_mode = "required";
    const dynorm::client strict(required, engine);
    CHECK_THROWS_WITH(strict.call("ListTables", "{}"), Catch::Contains("AccountIdEndpointMode is required"));
    CHECK(engine->requests().size() == 4);
}
