// Configuration resolution: explicit values, environment, shared files, and the errors.
#include <dynorm/wire/config.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

// Sets environment variables for one test and restores them afterwards.
class scoped_env {
public:
    scoped_env() {
        for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
                                 "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL",
                                 "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_CA_BUNDLE",
                                 "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "HOME"}) {
            const char* v = std::getenv(name);
            saved_.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
            ::unsetenv(name);
        }
        dir_ = std::filesystem::temp_directory_path() / ("dynorm_config_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        set("HOME", dir_.string());
    }
    ~scoped_env() {
        for (const auto& [name, v] : saved_) {
            if (v) ::setenv(name.c_str(), v->c_str(), 1);
            else ::unsetenv(name.c_str());
        }
        std::filesystem::remove_all(dir_);
    }
    void set(const char* name, const std::string& v) { ::setenv(name, v.c_str(), 1); }
    std::string write(const std::string& name, const std::string& text) {
        const auto p = dir_ / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
    std::filesystem::path dir_;
};

} // namespace

TEST_CASE("explicit values win over the environment", "[config]") {
    scoped_env env;
    env.set("AWS_ACCESS_KEY_ID", "env-id");
    env.set("AWS_SECRET_ACCESS_KEY", "env-secret");
    env.set("AWS_REGION", "eu-west-1");
    dynorm::client_config c;
    c.region = "ap-south-1";
    c.credentials = dynorm::credentials{"explicit-id", "explicit-secret", ""};
    c.max_attempts = 7;
    const auto r = dynorm::resolve_config(c);
    CHECK(r.region == "ap-south-1");
    CHECK(r.credentials.access_key_id == "explicit-id");
    CHECK(r.endpoint == "https://dynamodb.ap-south-1.amazonaws.com");
    CHECK(r.max_attempts == 7);
}

TEST_CASE("the environment is read like the AWS SDKs read it", "[config]") {
    scoped_env env;
    env.set("AWS_ACCESS_KEY_ID", "AKID");
    env.set("AWS_SECRET_ACCESS_KEY", "SECRET");
    env.set("AWS_SESSION_TOKEN", "TOKEN");
    env.set("AWS_DEFAULT_REGION", "us-west-2");
    env.set("AWS_ENDPOINT_URL", "http://generic:1/");
    env.set("AWS_MAX_ATTEMPTS", "9");
    env.set("AWS_RETRY_MODE", "adaptive");
    env.set("AWS_CA_BUNDLE", "/etc/ssl/custom.pem");
    auto r = dynorm::resolve_config();
    CHECK(r.credentials.access_key_id == "AKID");
    CHECK(r.credentials.session_token == "TOKEN");
    CHECK(r.region == "us-west-2");
    CHECK(r.endpoint == "http://generic:1");
    CHECK(r.max_attempts == 9);
    CHECK(r.retry_mode == "adaptive");
    CHECK(r.ca_bundle == "/etc/ssl/custom.pem");
    env.set("AWS_REGION", "eu-central-1");
    env.set("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamo:2");
    r = dynorm::resolve_config();
    CHECK(r.region == "eu-central-1");
    CHECK(r.endpoint == "http://dynamo:2");
}

TEST_CASE("shared files: credentials and [profile name] sections", "[config]") {
    scoped_env env;
    env.write(".aws/credentials", "[default]\naws_access_key_id = default-id\naws_secret_access_key = default-secret\n"
                                  "[dev]\naws_access_key_id=dev-id\naws_secret_access_key=dev-secret\naws_session_token=dev-token\n");
    env.write(".aws/config", "[default]\nregion = us-east-2\n\n[profile dev]\nregion = eu-north-1\n"
                             "endpoint_url = http://localhost:8000\nmax_attempts = 2\ns3 =\n  addressing_style = path\n");
    auto r = dynorm::resolve_config();
    CHECK(r.profile == "default");
    CHECK(r.credentials.access_key_id == "default-id");
    CHECK(r.region == "us-east-2");
    CHECK(r.endpoint == "https://dynamodb.us-east-2.amazonaws.com");

    env.set("AWS_PROFILE", "dev");
    r = dynorm::resolve_config();
    CHECK(r.credentials.access_key_id == "dev-id");
    CHECK(r.credentials.session_token == "dev-token");
    CHECK(r.region == "eu-north-1");
    CHECK(r.endpoint == "http://localhost:8000");
    CHECK(r.max_attempts == 2);

    dynorm::client_config c;
    c.profile = "default";
    CHECK(dynorm::resolve_config(c).region == "us-east-2");

    const std::string other = env.write("elsewhere/creds", "[dev]\naws_access_key_id=file-id\naws_secret_access_key=s\n");
    env.set("AWS_SHARED_CREDENTIALS_FILE", other);
    CHECK(dynorm::resolve_config().credentials.access_key_id == "file-id");
}

TEST_CASE("missing credentials or region list where dynorm looked, without secrets", "[config]") {
    scoped_env env;
    try {
        dynorm::resolve_config();
        FAIL("no error");
    } catch (const dynorm::config_error& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Catch::Contains("no AWS credentials found"));
        CHECK_THAT(m, Catch::Contains("AWS_ACCESS_KEY_ID"));
        CHECK_THAT(m, Catch::Contains(".aws/credentials [default] (no such file)"));
        CHECK_THAT(m, Catch::Contains(".aws/config [default] (no such file)"));
    }
    env.set("AWS_ACCESS_KEY_ID", "id");
    env.set("AWS_SECRET_ACCESS_KEY", "very-secret-value");
    try {
        dynorm::resolve_config();
        FAIL("no error");
    } catch (const dynorm::config_error& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Catch::Contains("no AWS region found"));
        CHECK_THAT(m, Catch::Contains("AWS_REGION"));
        CHECK_THAT(m, !Catch::Contains("very-secret-value"));
    }
}

TEST_CASE("bad settings are rejected clearly", "[config]") {
    scoped_env env;
    env.set("AWS_ACCESS_KEY_ID", "id");
    env.set("AWS_SECRET_ACCESS_KEY", "s");
    env.set("AWS_REGION", "us-east-1");
    env.set("AWS_MAX_ATTEMPTS", "many");
    CHECK_THROWS_WITH(dynorm::resolve_config(), "dynorm: max attempts must be a whole number from 1 to 100, got 'many'");
    ::unsetenv("AWS_MAX_ATTEMPTS");
    env.set("AWS_RETRY_MODE", "eager");
    CHECK_THROWS_WITH(dynorm::resolve_config(), "dynorm: retry mode must be standard, adaptive or legacy, got 'eager'");
    ::unsetenv("AWS_RETRY_MODE");
    env.set("AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000");
    CHECK_THROWS_WITH(dynorm::resolve_config(), "dynorm: endpoint 'localhost:8000' must start with http:// or https://");
}
