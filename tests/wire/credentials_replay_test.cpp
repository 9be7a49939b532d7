// The AWS SDKs' recorded credential-chain cases (tests/data/aws-config/default-credential-provider-chain
// and profile-provider, Apache-2.0, from smithy-rs), replayed: each case's environment and files
// are the resolver's, its clock is pinned, and every HTTP call it makes goes through libcurl to a
// loopback server that answers with the recorded response, after checking that the call is the
// recorded one (method, URL with the real host, the headers that carry tokens, the STS parameters).
#include <dynorm/wire/credentials/chain.hpp>
#include <dynorm/wire/credentials/profile_chain.hpp>

#include "support/fake_http_server.hpp"
#include "support/json_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
const fs::path data = fs::path(DYNORM_TEST_DATA_DIR) / "aws-config";

struct exchange {
    std::string method, uri;
    std::map<std::string, std::string> headers; // lower-case names, first value
    std::string request_body;
    int status = 0;
    std::string response_body;
};

std::vector<exchange> load_traffic(const fs::path& file) {
    const auto doc = dynorm_test::load_json(file.string());
    std::vector<exchange> out;
    for (const auto event : dynorm_test::array_of(doc.root["events"])) {
        const simdjson::dom::element action = event["action"];
        if (const auto request = dynorm_test::member(action, "Request")) {
            exchange e;
            e.method = dynorm_test::str((*request)["request"]["method"]);
            e.uri = dynorm_test::str((*request)["request"]["uri"]);
            for (const auto h : dynorm_test::object_of((*request)["request"]["headers"])) {
                std::string name(h.key);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                e.headers[name] = dynorm_test::str(h.value.at(0));
            }
            out.push_back(std::move(e));
        } else if (const auto response = dynorm_test::member(action, "Response")) {
            out.back().status = static_cast<int>(int64_t((*response)["response"]["Ok"]["status"]));
        } else if (const auto d = dynorm_test::member(action, "Data")) {
            const std::string text = dynorm_test::str((*d)["data"]["Utf8"]);
            (dynorm_test::str((*d)["direction"]) == "Request" ? out.back().request_body : out.back().response_body) += text;
        }
    }
    return out;
}

// "scheme://host/path" with the path defaulting to "/" and the query's parameters sorted.
std::string normalized(const std::string& url) {
    const std::size_t authority = url.find("://") + 3;
    const std::size_t path_at = url.find_first_of("/?", authority);
    std::string head = url.substr(0, path_at), rest = path_at == std::string::npos ? "/" : url.substr(path_at);
    if (rest[0] == '?') rest.insert(0, "/");
    const std::size_t q = rest.find('?');
    if (q == std::string::npos) return head + rest;
    std::multiset<std::string> params;
    std::string query = rest.substr(q + 1);
    for (std::size_t at = 0; at <= query.size();) {
        const std::size_t amp = std::min(query.find('&', at), query.size());
        params.insert(query.substr(at, amp - at));
        at = amp + 1;
    }
    std::string out = head + rest.substr(0, q) + "?";
    for (const auto& p : params) out += p + "&";
    return out;
}

std::map<std::string, std::string> form(const std::string& body) {
    std::map<std::string, std::string> out;
    for (std::size_t at = 0; at < body.size();) {
        const std::size_t amp = std::min(body.find('&', at), body.size());
        const std::string pair = body.substr(at, amp - at);
        const std::size_t eq = pair.find('=');
        out[pair.substr(0, eq)] = dynorm::sigv4::detail::uri_decode(eq == std::string::npos ? "" : pair.substr(eq + 1));
        at = amp + 1;
    }
    return out;
}

// Why a call is not the recorded one; empty when it is.
std::string difference(const exchange& e, const dynorm_test::received_request& r, const std::string& url,
                       const std::string& token_file_text) {
    if (e.method != r.method) return "method " + r.method + ", recorded " + e.method;
    if (normalized(e.uri) != normalized(url)) return "URL " + url + ", recorded " + e.uri;
    for (const char* name : {"x-aws-ec2-metadata-token", "x-aws-ec2-metadata-token-ttl-seconds", "x-amz-sso_bearer_token"}) {
        const auto want = e.headers.find(name);
        if (want == e.headers.end()) continue;
        const auto got = r.headers.find(name);
        if (got == r.headers.end() || got->second != want->second) return std::string("header ") + name;
    }
    if (const auto auth = e.headers.find("authorization"); auth != e.headers.end()) {
        const std::string prefix = auth->second.substr(0, auth->second.find('/') + 1); // "AWS4-HMAC-SHA256 Credential=AKID/"
        const auto got = r.headers.find("authorization");
        if (got == r.headers.end() || got->second.rfind(prefix, 0) != 0) return "authorization, recorded " + prefix;
    }
    if (e.request_body.rfind("Action=", 0) == 0) {
        const auto want = form(e.request_body), got = form(r.body);
        // The web identity cases' recorded RoleArn and WebIdentityToken don't match their own
        // configuration and token file, and session names carry the recording's time: the token
        // must be the case's file, the rest as recorded.
        std::vector<std::string> keys{"Action", "Version", "DurationSeconds", "ExternalId"};
        if (want.at("Action") == "AssumeRole") keys.push_back("RoleArn");
        if (want.at("Action") == "AssumeRoleWithWebIdentity") {
            const auto token = got.find("WebIdentityToken");
            if (token == got.end() || token->second != dynorm::profile_file::trim(token_file_text.substr(0, token_file_text.find('\n'))))
                return "WebIdentityToken is not the token file's";
        }
        for (const auto& k : keys) {
            const auto w = want.find(k), g = got.find(k);
            const std::string wv = w == want.end() ? "" : w->second, gv = g == got.end() ? "" : g->second;
            if (std::string(dynorm::profile_file::trim(wv)) != std::string(dynorm::profile_file::trim(gv)))
                return "STS parameter " + k + " '" + gv + "', recorded '" + wv + "'";
        }
    }
    return {};
}

// Sends each call to the loopback server instead, with the URL it was meant for in a header.
class redirecting_client : public dynorm::http_client {
public:
    explicit redirecting_client(std::string loopback) : loopback_(std::move(loopback)) {}
    dynorm::http_reply send(const dynorm::http_call& call) override {
        dynorm::http_call c = call;
        const std::size_t authority = call.url.find("://") + 3;
        const std::size_t path_at = call.url.find_first_of("/?", authority);
        std::string rest = path_at == std::string::npos ? "/" : call.url.substr(path_at);
        if (rest[0] == '?') rest.insert(0, "/");
        c.url = loopback_ + rest;
        c.headers.emplace_back("X-Replay-Url", call.url);
        return real_.send(c);
    }

private:
    std::string loopback_;
    dynorm::curl_http_client real_;
};

struct replay {
    std::vector<exchange> recorded;
    std::size_t next = 0;
    std::optional<std::size_t> last;
    std::vector<std::string> unrecorded, mismatches;
    std::string token_file_text; // the case's /token.jwt, if any
    std::mutex mutex;

    dynorm_test::scripted_response answer(const dynorm_test::received_request& r) {
        std::lock_guard lock(mutex);
        const auto original = r.headers.find("x-replay-url");
        const std::string url = original == r.headers.end() ? r.path : original->second;
        auto respond = [&](const exchange& e) {
            dynorm_test::scripted_response s;
            s.status = e.status;
            s.body = e.response_body;
            return s;
        };
        if (next < recorded.size()) {
            const std::string why = difference(recorded[next], r, url, token_file_text);
            if (why.empty()) {
                last = next;
                return respond(recorded[next++]);
            }
            if (url.find("security-credentials-extended") == std::string::npos) mismatches.push_back(why);
        }
        if (last && recorded[*last].method == r.method && normalized(recorded[*last].uri) == normalized(url))
            return respond(recorded[*last]); // a retry of the last call
        unrecorded.push_back(r.method + " " + url);
        dynorm_test::scripted_response s;
        s.status = 404;
        s.body = "not recorded";
        return s;
    }
};

// 2021-09-21T17:00:00Z: the recordings' time, before their credentials expire.
const auto pinned = std::chrono::sys_days(std::chrono::year(2021) / 9 / 21) + std::chrono::hours(17);

struct case_setup {
    std::map<std::string, std::string> variables;
    fs::path root;
    std::map<std::string, std::string> replaced_files; // path -> text, instead of the fs/ one
    std::map<std::string, std::string> written;
};

dynorm::environment environment_of(std::shared_ptr<case_setup> setup) {
    dynorm::environment e;
    e.variable = [setup](const std::string& name) -> std::optional<std::string> {
        const auto v = setup->variables.find(name);
        if (v == setup->variables.end() || v->second.empty()) return std::nullopt;
        return v->second;
    };
    e.read_file = [setup](const std::string& path) -> std::optional<std::string> {
        if (const auto r = setup->replaced_files.find(path); r != setup->replaced_files.end()) return r->second;
        if (path.empty() || path[0] != '/') return std::nullopt;
        const fs::path file = setup->root / path.substr(1);
        if (!fs::is_regular_file(file)) return std::nullopt;
        return dynorm_test::read_text(file.string());
    };
    e.write_file = [setup](const std::string& path, const std::string& text) {
        setup->written[path] = text;
        return true;
    };
    e.now = [] { return std::chrono::system_clock::time_point(pinned); };
    return e;
}

struct outcome {
    std::optional<dynorm::resolved_credentials> credentials;
    std::string error;
    std::vector<std::string> unrecorded, mismatches;
    std::size_t replayed = 0, recorded = 0;
};

outcome run_case(const fs::path& dir, bool whole_chain,
                 const std::function<void(case_setup&)>& adjust = {}) {
    auto setup = std::make_shared<case_setup>();
    setup->variables = dynorm_test::string_map(dynorm_test::load_json((dir / "env.json").string()).root);
    setup->root = dir / "fs";
    if (adjust) adjust(*setup);
    replay r;
    r.recorded = load_traffic(dir / "http-traffic.json");
    if (fs::exists(setup->root / "token.jwt")) r.token_file_text = dynorm_test::read_text((setup->root / "token.jwt").string());
    dynorm_test::fake_http_server server;
    server.set_responder([&](const dynorm_test::received_request& req) { return r.answer(req); });
    outcome out;
    try {
        auto context = std::make_shared<const dynorm::credentials_context>(dynorm::credentials_context::load(
            environment_of(setup), std::make_shared<redirecting_client>(server.endpoint())));
        const bool named = setup->variables.count("AWS_PROFILE") > 0;
        std::shared_ptr<dynorm::credentials_provider> p =
            whole_chain ? dynorm::default_credentials_chain(context, named)
                        : std::shared_ptr<dynorm::credentials_provider>(std::make_shared<dynorm::profile_provider>(context, named));
        out.credentials = p->fetch();
    } catch (const dynorm::config_error& e) {
        out.error = e.what();
    }
    std::lock_guard lock(r.mutex);
    out.unrecorded = r.unrecorded;
    out.mismatches = r.mismatches;
    out.replayed = r.next;
    out.recorded = r.recorded.size();
    return out;
}

void check_outcome(const fs::path& dir, const outcome& o) {
    const auto expected = dynorm_test::load_json((dir / "test-case.json").string());
    for (const auto& m : o.mismatches) FAIL_CHECK("a call differs from the recording: " << m);
    for (const auto& u : o.unrecorded)
        CHECK_THAT(u, Catch::Contains("/latest/meta-data/iam/security-credentials-extended/")); // IMDS's newer path, tried first
    if (const auto ok = dynorm_test::member(expected.root["result"], "Ok")) {
        INFO("error: " << o.error);
        REQUIRE(o.credentials);
        const auto want = dynorm_test::string_map(*ok);
        const auto value = [&](const char* key) { return want.count(key) ? want.at(key) : std::string(); };
        CHECK(o.credentials->credentials.access_key_id == value("access_key_id"));
        CHECK(o.credentials->credentials.secret_access_key == value("secret_access_key"));
        CHECK(o.credentials->credentials.session_token == value("session_token"));
        CHECK(o.credentials->account_id == value("account_id"));
        if (const auto expiry = dynorm_test::member(*ok, "expiry")) {
            REQUIRE(o.credentials->expiry);
            CHECK(std::chrono::duration_cast<std::chrono::seconds>(o.credentials->expiry->time_since_epoch()).count() ==
                  int64_t(*expiry));
        } else {
            CHECK_FALSE(o.credentials->expiry);
        }
        CHECK(o.replayed == o.recorded); // every recorded call was made
        CHECK_FALSE(o.credentials->source.empty());
    } else {
        CHECK_FALSE(o.credentials);
        CHECK_THAT(o.error, Catch::StartsWith("dynorm: "));
        // no secret of the case's files in the message
        CHECK_THAT(o.error, !Catch::Contains("secret-access-token") && !Catch::Contains("secretkeycorrect"));
    }
}

std::vector<fs::path> cases_in(const char* folder) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(data / folder))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("every recorded default-chain case resolves as recorded", "[credentials][replay]") {
    const auto cases = cases_in("default-credential-provider-chain");
    CHECK(cases.size() == 21);
    for (const auto& dir : cases) {
        INFO("case " << dir.filename().string());
        check_outcome(dir, run_case(dir, true));
    }
}

TEST_CASE("every recorded profile case resolves as recorded", "[credentials][replay]") {
    const auto cases = cases_in("profile-provider");
    CHECK(cases.size() == 14);
    for (const auto& dir : cases) {
        INFO("case " << dir.filename().string());
        if (dir.filename() == "credential_process") {
            // Its helper is a shell pipeline (echo ... | base64 --decode). dynorm runs
            // credential_process without a shell, as boto3 and the Go SDK do, so the pipe is an
            // argument of echo and the output is not JSON ...
            const outcome plain = run_case(dir, false);
            CHECK_THAT(plain.error, Catch::Contains("the helper's output: the response is not JSON"));
            // ... and with the pipeline given to sh explicitly, the case's answer comes out.
            const outcome with_shell = run_case(dir, false, [&](case_setup& s) {
                std::string config = dynorm_test::read_text((dir / "fs/home/.aws/config").string());
                const std::size_t at = config.find("credential_process = ") + 21;
                const std::size_t end = config.find('\n', at);
                config = config.substr(0, at) + "sh -c '" + config.substr(at, end - at) + "'" + config.substr(end);
                s.replaced_files["/home/.aws/config"] = config;
            });
            check_outcome(dir, with_shell);
            continue;
        }
        check_outcome(dir, run_case(dir, false));
    }
}

TEST_CASE("an SSO token near expiry is refreshed with SSO-OIDC and written back", "[credentials][sso]") {
    // sso_credentials's cache, with its token 10 minutes from expiry at the pinned time.
    const fs::path dir = data / "profile-provider" / "sso_credentials";
    std::map<std::string, std::string> seen;
    const outcome o = run_case(dir, false, [&](case_setup& s) {
        const std::string cache_path = "/home/.aws/sso/cache/34c6fceca75e456f25e7e99531e2425c6c1de443.json";
        std::string cache = dynorm_test::read_text((s.root / cache_path.substr(1)).string());
        const std::size_t at = cache.find("2199-11-14T04:05:45Z");
        REQUIRE(at != std::string::npos);
        cache.replace(at, 20, "2021-09-21T17:10:00Z");
        s.replaced_files[cache_path] = cache;
    });
    // The refresh call isn't in the recording: the loopback answered 404, so the token in the
    // cache (still valid for 10 minutes) was used, as the SDKs do when a refresh fails.
    REQUIRE(o.credentials);
    CHECK(o.credentials->credentials.access_key_id == "ASIARTESTID");
    REQUIRE(o.unrecorded.size() == 1);
    CHECK(o.unrecorded[0] == "POST https://oidc.us-east-1.amazonaws.com/token");
}
