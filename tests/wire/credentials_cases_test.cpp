// The AWS SDKs' shared cases for the config files and the credential chain (tests/data/aws-config,
// Apache-2.0, from smithy-rs): how the files parse and merge, where they are, the instance
// metadata and container endpoints, and which chain of sources a profile stands for.
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/credentials/container.hpp>
#include <dynorm/wire/credentials/imds.hpp>
#include <dynorm/wire/credentials/profile_chain.hpp>
#include <dynorm/wire/profile_file.hpp>

#include "support/json_file.hpp"
#include "support/memory_environment.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

namespace {

const std::string data = std::string(DYNORM_TEST_DATA_DIR) + "/aws-config/";

// The cases' data had free-text members named "name" removed, and that removed every property
// called `name` from the expected profiles too: compare without it.
dynorm::profile_properties without_name(dynorm::profile_properties p) {
    p.erase("name");
    return p;
}

} // namespace

TEST_CASE("the config and credentials files parse as in every AWS SDK", "[credentials][profile]") {
    const auto doc = dynorm_test::load_json(data + "profile-parser-cases.json");
    int cases = 0;
    for (const auto test : dynorm_test::array_of(doc.root["tests"])) {
        ++cases;
        const simdjson::dom::element input = test["input"];
        const std::string config = dynorm_test::member(input, "configFile") ? dynorm_test::str(input["configFile"]) : "";
        const std::string creds =
            dynorm_test::member(input, "credentialsFile") ? dynorm_test::str(input["credentialsFile"]) : "";
        INFO("case " << int64_t(test["id"]) << "\nconfig:\n" << config << "\ncredentials:\n" << creds);
        const simdjson::dom::element output = test["output"];
        if (dynorm_test::member(output, "error")) {
            CHECK_THROWS_AS(dynorm::profile_file::parse(config, creds), dynorm::config_error);
            continue;
        }
        const dynorm::profile_file parsed = dynorm::profile_file::parse(config, creds);
        std::map<std::string, dynorm::profile_properties> expected;
        for (const auto p : dynorm_test::object_of(output["config"]["profiles"]))
            expected[std::string(p.key)] = dynorm_test::string_map(p.value);
        std::map<std::string, dynorm::profile_properties> actual;
        for (const auto& [name, props] : parsed.profiles) actual[name] = without_name(props);
        CHECK(actual == expected);
        if (const auto sessions = dynorm_test::member(output["config"], "sso_sessions")) {
            std::map<std::string, dynorm::profile_properties> expected_sessions, actual_sessions;
            for (const auto s : sessions->get_object()) expected_sessions[std::string(s.key)] = dynorm_test::string_map(s.value);
            for (const auto& [name, props] : parsed.sso_sessions) actual_sessions[name] = without_name(props);
            CHECK(actual_sessions == expected_sessions);
        }
    }
    CHECK(cases == 65);
}

TEST_CASE("a parse error names the file and the line", "[credentials][profile]") {
    CHECK_THROWS_WITH(dynorm::profile_file::parse("[default]\nregion = x\n= value\n", "", "/home/u/.aws/config"),
                      "dynorm: /home/u/.aws/config line 3: a property without a name");
    CHECK_THROWS_WITH(dynorm::profile_file::parse("", "[p\n", "c", "/home/u/.aws/credentials"),
                      "dynorm: /home/u/.aws/credentials line 1: a section header misses its ']'");
    // sub-properties are read back by name
    const auto f = dynorm::profile_file::parse("[services s]\nsts =\n  endpoint_url = http://x\n  other = 1\n", "");
    CHECK(dynorm::profile_file::sub_property(f.services.at("s").at("sts"), "endpoint_url") == "http://x");
    CHECK_FALSE(dynorm::profile_file::sub_property(f.services.at("s").at("sts"), "missing"));
}

TEST_CASE("the files are found where every AWS SDK looks", "[credentials][profile]") {
    const auto doc = dynorm_test::load_json(data + "file-location-cases.json");
    int linux_cases = 0, windows_cases = 0;
    for (const auto test : dynorm_test::array_of(doc.root["tests"])) {
        // USERPROFILE, HOMEDRIVE and backslash paths: Windows, where dynorm is not built.
        if (dynorm_test::str(test["platform"]) != "linux") {
            ++windows_cases;
            continue;
        }
        ++linux_cases;
        INFO("case " << int64_t(test["id"]));
        dynorm_test::memory_environment env{dynorm_test::string_map(test["environment"])};
        const auto context = dynorm::credentials_context::load(env.get(), std::make_shared<dynorm::curl_http_client>());
        CHECK(context.config_path == dynorm_test::str(test["configLocation"]));
        CHECK(context.credentials_path == dynorm_test::str(test["credentialsLocation"]));
        if (const auto profile = dynorm_test::member(test, "profile")) CHECK(context.profile == dynorm_test::str(*profile));
    }
    CHECK(linux_cases == 4);
    CHECK(windows_cases == 5);
}

TEST_CASE("the instance metadata endpoint comes from the environment, the profile or the mode", "[credentials][imds]") {
    const auto doc = dynorm_test::load_json(data + "imds-endpoint-cases.json");
    int cases = 0;
    for (const auto test : dynorm_test::array_of(doc.root["tests"])) {
        ++cases;
        INFO("case " << int64_t(test["id"]));
        dynorm_test::memory_environment env{dynorm_test::string_map(test["env"]), dynorm_test::string_map(test["fs"])};
        env.variables.emplace("HOME", "/home");
        const auto context = dynorm::credentials_context::load(env.get(), std::make_shared<dynorm::curl_http_client>());
        dynorm::imds_settings settings;
        if (const auto e = dynorm_test::member(test, "endpoint_override")) settings.endpoint = dynorm_test::str(*e);
        if (const auto m = dynorm_test::member(test, "mode_override")) settings.mode = dynorm_test::str(*m);
        if (const auto ok = dynorm_test::member(test["result"], "Ok"))
            CHECK(dynorm::imds_endpoint(context, settings) + "/latest/api/token" == dynorm_test::str(*ok));
        else
            CHECK_THROWS_AS(dynorm::imds_endpoint(context, settings), dynorm::config_error);
    }
    CHECK(cases == 14);
}

TEST_CASE("the container credentials URL and which hosts plain http may reach", "[credentials][container]") {
    const auto doc = dynorm_test::load_json(data + "container-endpoint-cases.json");
    int cases = 0;
    for (const auto test : dynorm_test::array_of(doc.root["tests"])) {
        ++cases;
        INFO("case " << int64_t(test["id"]));
        dynorm_test::memory_environment env{dynorm_test::string_map(test["env"])};
        if (const auto ok = dynorm_test::member(test["result"], "Ok"))
            CHECK(dynorm::container_credentials_url(env.get()) == dynorm_test::str(*ok));
        else
            CHECK_THROWS_AS(dynorm::container_credentials_url(env.get()), dynorm::config_error);
    }
    CHECK(cases == 11);
    // Beyond the shared cases: other loopback forms, and hosts that must not get plain http.
    const auto url_for = [](const std::string& full_uri) {
        dynorm_test::memory_environment env{{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri}}};
        return dynorm::container_credentials_url(env.get());
    };
    CHECK(url_for("http://127.0.0.5:9/c") == "http://127.0.0.5:9/c");
    CHECK(url_for("http://[::1]:9/c") == "http://[::1]:9/c");
    for (const char* bad : {"http://169.254.170.3/c", "http://127.0.0.1.evil.com/c", "http://localhost.evil.com/c", "ftp://x/c"})
        CHECK_THROWS_AS(url_for(bad), dynorm::credentials_error);
}

namespace {

// The chain of a case as the cases' JSON spells it, for comparison.
std::string describe(const dynorm::profile_chain& c) {
    std::string out;
    const auto& b = c.base;
    const auto field = [&](const char* key, const std::string& v) {
        if (!v.empty()) out += std::string(" ") + key + "=" + v;
    };
    switch (b.what) {
    case dynorm::profile_base::kind::static_keys:
        out += "AccessKey";
        field("access_key_id", b.keys.credentials.access_key_id); // in the keys' alphabetical order
        field("account_id", b.keys.account_id);
        field("secret_access_key", b.keys.credentials.secret_access_key);
        break;
    case dynorm::profile_base::kind::named_source: out += "NamedSource " + b.named_source; break;
    case dynorm::profile_base::kind::web_identity:
        out += "WebIdentityToken";
        field("role_arn", b.role.role_arn);
        field("role_session_name", b.role.session_name);
        field("web_identity_token_file", b.token_file);
        break;
    case dynorm::profile_base::kind::sso:
        out += "Sso";
        field("sso_account_id", b.sso.account_id);
        field("sso_region", b.sso.region);
        field("sso_role_name", b.sso.role_name);
        field("sso_session", b.sso.session_name);
        field("sso_start_url", b.sso.start_url);
        break;
    case dynorm::profile_base::kind::process: out += "CredentialProcess " + b.command; break;
    }
    for (const auto& r : c.roles) {
        out += " | AssumeRole";
        field("external_id", r.role.external_id);
        field("role_arn", r.role.role_arn);
        field("role_session_name", r.role.session_name);
    }
    return out;
}

std::string describe_expected(simdjson::dom::array steps) {
    std::string out;
    for (const auto step : steps) {
        if (!out.empty()) out += " | ";
        for (const auto kind : dynorm_test::object_of(step)) {
            out += std::string(kind.key);
            if (kind.value.is_string()) {
                out += ' ';
                out += dynorm_test::str(kind.value);
                continue;
            }
            for (const auto& [key, value] : dynorm_test::string_map(kind.value)) out += ' ' + key + '=' + value;
        }
    }
    return out;
}

} // namespace

TEST_CASE("a profile stands for the chain of sources every AWS SDK builds", "[credentials][profile]") {
    const auto doc = dynorm_test::load_json(data + "assume-role-chain-cases.json");
    int cases = 0;
    for (const auto test : dynorm_test::array_of(doc.root)) {
        ++cases;
        INFO("case " << int64_t(test["id"]));
        dynorm::profile_file files;
        for (const auto p : dynorm_test::object_of(test["input"]["profiles"])) files.profiles[std::string(p.key)] = dynorm_test::string_map(p.value);
        if (const auto sessions = dynorm_test::member(test["input"], "sso_sessions"))
            for (const auto s : sessions->get_object()) files.sso_sessions[std::string(s.key)] = dynorm_test::string_map(s.value);
        const std::string selected = dynorm_test::str(test["input"]["selected_profile"]);
        if (const auto chain = dynorm_test::member(test["output"], "ProfileChain"))
            CHECK(describe(dynorm::plan_profile_chain(files, selected)) == describe_expected(chain->get_array()));
        else
            CHECK_THROWS_AS(dynorm::plan_profile_chain(files, selected), dynorm::config_error);
    }
    CHECK(cases == 28);
}

TEST_CASE("what a profile's chain errors say", "[credentials][profile]") {
    dynorm::profile_file f;
    f.profiles["a"] = {{"role_arn", "arn:aws:iam::1:role/A"}, {"source_profile", "b"}};
    f.profiles["b"] = {{"role_arn", "arn:aws:iam::1:role/B"}, {"source_profile", "a"}};
    CHECK_THROWS_WITH(dynorm::plan_profile_chain(f, "a"),
                      "dynorm: credentials from profile a: source_profile forms a loop: a -> b -> a");
    f.profiles["c"] = {{"aws_access_key_id", "AKID"}};
    CHECK_THROWS_WITH(dynorm::plan_profile_chain(f, "c"),
                      "dynorm: credentials from profile c: aws_access_key_id is set but aws_secret_access_key is missing");
    // A profile asked for by name must exist; the default one may be absent (the chain goes on).
    CHECK_THROWS_AS(dynorm::plan_profile_chain(f, "missing", true), dynorm::credentials_error);
    CHECK_THROWS_AS(dynorm::plan_profile_chain(f, "default"), dynorm::credentials_unavailable);
    f.profiles["d"] = {{"role_arn", "arn:aws:iam::1:role/D"}, {"source_profile", "c2"}, {"duration_seconds", "60"}};
    f.profiles["c2"] = {{"aws_access_key_id", "AKID"}, {"aws_secret_access_key", "s"}};
    CHECK_THROWS_WITH(dynorm::plan_profile_chain(f, "d"),
                      "dynorm: credentials from profile d: duration_seconds must be a whole number from 900 to 43200");
    f.profiles["d"]["duration_seconds"] = "1800";
    f.profiles["d"]["external_id"] = "ext";
    const auto chain = dynorm::plan_profile_chain(f, "d");
    REQUIRE(chain.roles.size() == 1);
    CHECK(chain.roles[0].role.duration_seconds == 1800);
    CHECK(chain.roles[0].role.external_id == "ext");
}
