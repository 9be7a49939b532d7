// Configuration resolution: explicit values, environment, shared files, and the errors.
#include <dynorm/wire/config.hpp>

#include "support/scoped_environment.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

TEST_CASE("explicit values win over the environment", "[config]") {
    dynorm_test::scoped_environment env("config");
    env.set("AWS_ACCESS_KEY_ID", "env-id");
    env.set("AWS_SECRET_ACCESS_KEY", "env-secret");
    env.set("AWS_REGION", "eu-west-1");
    dynorm::client_config c;
    c.region = "ap-south-1";
    c.credentials = dynorm::credentials{"explicit-id", "explicit-secret", ""};
    c.max_attempts = 7;
    const auto r = dynorm::resolve_config(c);
    CHECK(r.region == "ap-south-1");
    CHECK(r.credentials->current()->credentials.access_key_id == "explicit-id");
    CHECK(r.endpoint == "https://dynamodb.ap-south-1.amazonaws.com");
    CHECK(r.max_attempts == 7);
}

TEST_CASE("the environment is read like the AWS SDKs read it", "[config]") {
    dynorm_test::scoped_environment env("config");
    env.set("AWS_ACCESS_KEY_ID", "AKID");
    env.set("AWS_SECRET_ACCESS_KEY", "SECRET");
    env.set("AWS_SESSION_TOKEN", "TOKEN");
    env.set("AWS_DEFAULT_REGION", "us-west-2");
    env.set("AWS_ENDPOINT_URL", "http://generic:1/");
    env.set("AWS_MAX_ATTEMPTS", "9");
    env.set("AWS_RETRY_MODE", "adaptive");
    env.set("AWS_CA_BUNDLE", "/etc/ssl/custom.pem");
    auto r = dynorm::resolve_config();
    CHECK(r.credentials->current()->credentials.access_key_id == "AKID");
    CHECK(r.credentials->current()->credentials.session_token == "TOKEN");
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
    dynorm_test::scoped_environment env("config");
    env.write(".aws/credentials", "[default]\naws_access_key_id = default-id\naws_secret_access_key = default-secret\n"
                                  "[dev]\naws_access_key_id=dev-id\naws_secret_access_key=dev-secret\naws_session_token=dev-token\n");
    env.write(".aws/config", "[default]\nregion = us-east-2\n\n[profile dev]\nregion = eu-north-1\n"
                             "endpoint_url = http://localhost:8000\nmax_attempts = 2\ns3 =\n  addressing_style = path\n");
    auto r = dynorm::resolve_config();
    CHECK(r.profile == "default");
    CHECK(r.credentials->current()->credentials.access_key_id == "default-id");
    CHECK(r.region == "us-east-2");
    CHECK(r.endpoint == "https://dynamodb.us-east-2.amazonaws.com");

    env.set("AWS_PROFILE", "dev");
    r = dynorm::resolve_config();
    CHECK(r.credentials->current()->credentials.access_key_id == "dev-id");
    CHECK(r.credentials->current()->credentials.session_token == "dev-token");
    CHECK(r.region == "eu-north-1");
    CHECK(r.endpoint == "http://localhost:8000");
    CHECK(r.max_attempts == 2);

    dynorm::client_config c;
    c.profile = "default";
    CHECK(dynorm::resolve_config(c).region == "us-east-2");

    const std::string other = env.write("elsewhere/creds", "[dev]\naws_access_key_id=file-id\naws_secret_access_key=s\n");
    env.set("AWS_SHARED_CREDENTIALS_FILE", other);
    CHECK(dynorm::resolve_config().credentials->current()->credentials.access_key_id == "file-id");
}

TEST_CASE("missing credentials or region list where dynorm looked, without secrets", "[config]") {
    dynorm_test::scoped_environment env("config");
    env.set("AWS_REGION", "us-east-1");
    env.set("AWS_EC2_METADATA_DISABLED", "true");
    // Credentials are resolved at the first request, not when the client is built.
    const auto config = dynorm::resolve_config();
    try {
        (void)config.credentials->current();
        FAIL("no error");
    } catch (const dynorm::config_error& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Catch::StartsWith("dynorm: no AWS credentials found. Tried, in order:"));
        CHECK_THAT(m, Catch::Contains("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"));
        CHECK_THAT(m, Catch::Contains("web identity (environment): AWS_WEB_IDENTITY_TOKEN_FILE is not set"));
        CHECK_THAT(m, Catch::Contains("profile default: no profiles are defined"));
        CHECK_THAT(m, Catch::Contains("container credentials: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
        CHECK_THAT(m, Catch::Contains("instance metadata (IMDS): AWS_EC2_METADATA_DISABLED is true"));
    }
    ::unsetenv("AWS_REGION");
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
    dynorm_test::scoped_environment env("config");
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

TEST_CASE("the endpoint: FIPS, dual-stack, the services section, account-ID endpoints", "[config][endpoint]") {
    dynorm_test::scoped_environment env("config");
    env.set("AWS_REGION", "eu-west-1");
    env.set("AWS_ACCESS_KEY_ID", "AKID");
    env.set("AWS_SECRET_ACCESS_KEY", "secret");
    CHECK(dynorm::resolve_config().endpoint == "https://dynamodb.eu-west-1.amazonaws.com");
    CHECK(dynorm::resolve_config().account_endpoint_rules); // preferred: follows the account ID
    env.set("AWS_USE_FIPS_ENDPOINT", "true");
    CHECK(dynorm::resolve_config().endpoint == "https://dynamodb-fips.eu-west-1.amazonaws.com");
    env.set("AWS_USE_DUALSTACK_ENDPOINT", "true");
    CHECK(dynorm::resolve_config().endpoint == "https://dynamodb-fips.eu-west-1.api.aws");
    env.set("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000");
    CHECK_THROWS_WITH(dynorm::resolve_config(),
                      "dynorm: endpoint rules: Invalid Configuration: FIPS and custom endpoint are not supported");
    ::unsetenv("AWS_USE_FIPS_ENDPOINT");
    ::unsetenv("AWS_USE_DUALSTACK_ENDPOINT");
    ::unsetenv("AWS_ENDPOINT_URL_DYNAMODB");
    env.write(".aws/config", "[default]\nservices = local\n[services local]\ndynamodb =\n  endpoint_url = http://127.0.0.1:8000\n");
    auto r = dynorm::resolve_config();
    CHECK(r.endpoint == "http://127.0.0.1:8000");
    CHECK_FALSE(r.account_endpoint_rules); // a configured endpoint is used as it is
    env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    CHECK(dynorm::resolve_config().endpoint == "https://dynamodb.eu-west-1.amazonaws.com");
    env.set("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled");
    CHECK_FALSE(dynorm::resolve_config().account_endpoint_rules);
    env.set("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes");
    CHECK_THROWS_WITH(dynorm::resolve_config(),
                      "dynorm: the account ID endpoint mode must be preferred, required or disabled, got 'sometimes'");
    // region "local": DynamoDB Local's address, signed for us-east-1
    ::unsetenv("AWS_ACCOUNT_ID_ENDPOINT_MODE");
    env.set("AWS_REGION", "local");
    r = dynorm::resolve_config();
    CHECK(r.endpoint == "http://localhost:8000");
    CHECK(r.signing_region == "us-east-1");
}
