// One client per credentials source, against DynamoDB Local: the source is a loopback fixture
// (instance metadata, container agent, STS, the SSO portal), the client is configured the way a
// user on that platform would be (environment variables, ~/.aws files), and every request it
// sends passes through a checking forwarder whose recorded requests botocore then verifies:
// each is signed with exactly the credentials the fixture handed out.
#include <dynorm/dynorm.hpp>

#include "support/batch_models.hpp"
#include "support/fake_http_server.hpp"
#include "support/python.hpp"
#include "support/scoped_environment.hpp"
#include "support/servers.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

namespace {

// Temporary credentials the fixture hands out for each source.
struct issued {
    std::string id, secret, token;
};
const std::map<std::string, issued> fixture_credentials = {
    {"imds", {"ASIAIMDSFIXTURE", "imds-secret", "imds-token"}},
    {"container", {"ASIACONTAINERFIXTURE", "container-secret", "container-token"}},
    {"web", {"ASIAWEBIDENTITYFIXTURE", "web-secret", "web-token"}},
    {"role", {"ASIAROLEFIXTURE", "role-secret", "role-token"}},
    {"sso", {"ASIASSOFIXTURE", "sso-secret", "sso-token"}},
};

std::string sts_answer(const std::string& action, const issued& c) {
    return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action +
           "Result><AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/app/s</Arn></AssumedRoleUser>"
           "<Credentials><AccessKeyId>" + c.id + "</AccessKeyId><SecretAccessKey>" + c.secret +
           "</SecretAccessKey><SessionToken>" + c.token + "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
           "</Credentials></" + action + "Result></" + action + "Response>";
}

std::string json_credentials(const issued& c, const char* token_key = "Token") {
    return std::string(R"({"Code":"Success","AccessKeyId":")") + c.id + R"(","SecretAccessKey":")" + c.secret + R"(",")" +
           token_key + R"(":")" + c.token + R"(","Expiration":"2099-01-01T00:00:00Z","AccountId":"210987654321"})";
}

// The platform's side: IMDS, the container agent, STS and the SSO portal on one loopback server.
dynorm_test::scripted_response platform(const dynorm_test::received_request& r) {
    dynorm_test::scripted_response s;
    const auto& path = r.path;
    if (r.method == "PUT" && path == "/latest/api/token") s.body = "imds-session-token";
    else if (path == "/latest/meta-data/iam/security-credentials-extended/") s.body = "app-role";
    else if (path == "/latest/meta-data/iam/security-credentials-extended/app-role")
        s.body = json_credentials(fixture_credentials.at("imds"));
    else if (path == "/container/credentials") s.body = json_credentials(fixture_credentials.at("container"));
    else if (r.body.rfind("Action=AssumeRoleWithWebIdentity&", 0) == 0)
        s.body = sts_answer("AssumeRoleWithWebIdentity", fixture_credentials.at("web"));
    else if (r.body.rfind("Action=AssumeRole&", 0) == 0) s.body = sts_answer("AssumeRole", fixture_credentials.at("role"));
    else if (path.rfind("/federation/credentials?", 0) == 0) {
        const auto& c = fixture_credentials.at("sso");
        s.body = R"({"roleCredentials":{"accessKeyId":")" + c.id + R"(","secretAccessKey":")" + c.secret +
                 R"(","sessionToken":")" + c.token + R"(","expiration":4070908800000}})";
    } else {
        s.status = 404;
        s.body = "no such fixture path";
    }
    return s;
}

// In front of DynamoDB Local: forwards each request unchanged and keeps it for the check.
class checking_forwarder {
public:
    explicit checking_forwarder(std::string upstream) : upstream_(std::move(upstream)) {
        server_.set_responder([this](const dynorm_test::received_request& r) {
            dynorm::http_call call;
            call.method = "POST";
            call.url = upstream_ + "/";
            call.body = r.body;
            call.timeout = std::chrono::seconds(30);
            for (const char* name : {"content-type", "x-amz-target", "x-amz-date", "x-amz-security-token", "authorization"})
                if (const auto h = r.headers.find(name); h != r.headers.end()) call.headers.emplace_back(name, h->second);
            const dynorm::http_reply reply = client_.send(call);
            dynorm_test::scripted_response s;
            s.status = reply.status == 0 ? 502 : static_cast<int>(reply.status);
            s.body = reply.body;
            return s;
        });
    }
    std::string endpoint() const { return server_.endpoint(); }

    // botocore's signature of every forwarded request, with the secret of the key it names,
    // compared with the one the client sent. Returns the number of requests checked.
    std::size_t verify(const std::map<std::string, std::string>& secret_of) const {
        std::string lines;
        const auto requests = server_.requests();
        for (const auto& r : requests) {
            const std::string auth = r.headers.at("authorization");
            const std::size_t id_at = auth.find("Credential=") + 11;
            const std::string id = auth.substr(id_at, auth.find('/', id_at) - id_at);
            REQUIRE(secret_of.count(id));
            const auto token = r.headers.find("x-amz-security-token");
            for (const std::string& field : {r.headers.at("host"), id, secret_of.at(id),
                                             token == r.headers.end() ? std::string() : token->second,
                                             r.headers.at("x-amz-date"), r.headers.at("x-amz-target"), r.body, auth})
                lines += field + '\x1f';
            lines += '\x1e';
        }
        const std::string out = dynorm_test::run_python(R"PY(
import datetime, sys
from unittest import mock
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
for record in open(sys.argv[1], encoding="utf-8").read().split("\x1e")[:-1]:
    host, key, secret, token, date, target, body, sent = record.split("\x1f")[:8]
    req = AWSRequest(method="POST", url="http://" + host + "/", data=body.encode(),
                     headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target})
    at = datetime.datetime.strptime(date, "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.datetime") as dt:
        dt.datetime.utcnow.return_value = at
        dt.datetime.now.return_value = at.replace(tzinfo=datetime.timezone.utc)
        SigV4Auth(Credentials(key, secret, token or None), "dynamodb", "us-east-1").add_auth(req)
    print("ok" if req.headers["Authorization"] == sent else "MISMATCH " + target)
)PY",
                                                        {write_records(lines)});
        CHECK_THAT(out, !Catch::Contains("MISMATCH"));
        return requests.size();
    }

private:
    static std::string write_records(const std::string& text) {
        const auto path = std::filesystem::temp_directory_path() / ("dynorm_sigv4_" + std::to_string(::getpid()) + ".txt");
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    std::string upstream_;
    dynorm::curl_http_client client_;
    dynorm_test::fake_http_server server_;
};

// A client configured as a user on the platform would: only the region and (for the test's
// forwarder) the DynamoDB endpoint are explicit; credentials come from the environment.
void use_client(const checking_forwarder& forwarder, const std::string& expected_key, const std::string& expected_source,
                const std::string& expected_account) {
    dynorm::client_config config;
    config.region = "us-east-1";
    config.endpoint = forwarder.endpoint();
    std::vector<dynorm::credentials_event> events;
    config.on_credentials_event = [&](const dynorm::credentials_event& e) { events.push_back(e); };

    const dynorm::resolved_credentials resolved = dynorm::resolve_credentials(config);
    CHECK(resolved.credentials.access_key_id == expected_key);
    CHECK_THAT(resolved.source, Catch::Contains(expected_source));
    CHECK(resolved.account_id == expected_account);

    const dynorm::client db(config);
    (void)db.call("ListTables", "{}");
    const dynorm_test::scoped_table<batch_models::Tag> tags(db, "creds");
    tags->put({"signed", 7});
    CHECK(tags->get("signed")->uses == 7);
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].what == dynorm::credentials_event::kind::refreshed);
    CHECK_THAT(events[0].source, Catch::Contains(expected_source));
}

std::map<std::string, std::string> all_secrets() {
    std::map<std::string, std::string> out{{"AKIDENVIRONMENT", "env-secret"}, {"AKIDPROFILE", "profile-secret"},
                                           {"AKIDPROCESS", "process-secret"}, {"AKIDSOURCE", "source-secret"}};
    for (const auto& [name, c] : fixture_credentials) out[c.id] = c.secret;
    return out;
}

} // namespace

TEST_CASE("a client signs with each credentials source, as botocore verifies", "[credentials][integration]") {
    const auto local = dynorm_test::servers().front();
    REQUIRE(local.name == "dynamodb-local");
    dynorm_test::fake_http_server fixture;
    fixture.set_responder(platform);
    checking_forwarder forwarder(local.endpoint);

    SECTION("environment keys") {
        dynorm_test::scoped_environment env("creds");
        env.set("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT");
        env.set("AWS_SECRET_ACCESS_KEY", "env-secret");
        env.set("AWS_ACCOUNT_ID", "111111111111");
        use_client(forwarder, "AKIDENVIRONMENT", "environment", "111111111111");
    }
    SECTION("profile static keys") {
        dynorm_test::scoped_environment env("creds");
        env.write(".aws/credentials", "[app]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
        env.write(".aws/config", "[profile app]\naws_account_id = 222222222222\n");
        env.set("AWS_PROFILE", "app");
        use_client(forwarder, "AKIDPROFILE", "profile app (static keys)", "222222222222");
    }
    SECTION("credential_process") {
        dynorm_test::scoped_environment env("creds");
        const std::string helper = env.write(
            "helper.sh", "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"AKIDPROCESS\",\"SecretAccessKey\":\"process-secret\","
                         "\"AccountId\":\"333333333333\"}'\n");
        std::filesystem::permissions(helper, std::filesystem::perms::owner_all);
        env.write(".aws/config", "[default]\ncredential_process = " + helper + "\n");
        use_client(forwarder, "AKIDPROCESS", "credential_process (profile default)", "333333333333");
    }
    SECTION("container credentials (ECS task role, EKS Pod Identity)") {
        dynorm_test::scoped_environment env("creds");
        env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fixture.endpoint() + "/container/credentials");
        env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-token");
        use_client(forwarder, "ASIACONTAINERFIXTURE", "container credentials", "210987654321");
        CHECK(fixture.requests().back().headers.at("authorization") == "pod-token");
    }
    SECTION("instance metadata (EC2)") {
        dynorm_test::scoped_environment env("creds");
        env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", fixture.endpoint());
        use_client(forwarder, "ASIAIMDSFIXTURE", "instance metadata (IMDS), role app-role", "210987654321");
    }
    SECTION("web identity from the environment (EKS IRSA)") {
        dynorm_test::scoped_environment env("creds");
        env.set("AWS_WEB_IDENTITY_TOKEN_FILE", env.write("token.jwt", "eyJ.fixture.token\n"));
        env.set("AWS_ROLE_ARN", "arn:aws:iam::210987654321:role/app");
        env.set("AWS_ENDPOINT_URL_STS", fixture.endpoint());
        use_client(forwarder, "ASIAWEBIDENTITYFIXTURE", "web identity (environment)", "210987654321");
    }
    SECTION("a profile's role_arn with source_profile") {
        dynorm_test::scoped_environment env("creds");
        env.write(".aws/config", "[profile app]\nrole_arn = arn:aws:iam::210987654321:role/app\nsource_profile = base\n"
                                 "[profile base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source-secret\n");
        env.set("AWS_PROFILE", "app");
        env.set("AWS_ENDPOINT_URL_STS", fixture.endpoint());
        use_client(forwarder, "ASIAROLEFIXTURE", "assume role arn:aws:iam::210987654321:role/app", "210987654321");
        // STS was called with the source profile's keys
        CHECK_THAT(fixture.requests().back().headers.at("authorization"), Catch::Contains("Credential=AKIDSOURCE/"));
    }
    SECTION("IAM Identity Center (SSO)") {
        dynorm_test::scoped_environment env("creds");
        env.write(".aws/config", "[profile dev]\nsso_session = corp\nsso_account_id = 210987654321\nsso_role_name = Dev\n"
                                 "[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n");
        env.write(".aws/sso/cache/" + dynorm::detail::sha1_hex("corp") + ".json",
                  R"({"accessToken":"sso-access","expiresAt":"2099-01-01T00:00:00Z"})");
        env.set("AWS_PROFILE", "dev");
        env.set("AWS_ENDPOINT_URL_SSO", fixture.endpoint());
        use_client(forwarder, "ASIASSOFIXTURE", "IAM Identity Center (sso-session corp), role Dev", "210987654321");
        CHECK(fixture.requests().back().headers.at("x-amz-sso_bearer_token") == "sso-access");
    }
    CHECK(forwarder.verify(all_secrets()) >= 5);
}
