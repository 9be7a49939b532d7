// Every endpoint case of DynamoDB (548), DynamoDB Streams (26) and STS (69) from botocore's
// endpoint-tests-1.json (tests/data/endpoints, Apache-2.0): the URL, the signing region where the
// rules name one, or an error.
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/endpoint_rules.hpp>

#include "support/json_file.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>

namespace {

dynorm::endpoint_params params_of(simdjson::dom::element test) {
    dynorm::endpoint_params p;
    const auto params = dynorm_test::member(test, "params");
    if (!params) return p;
    const auto text = [&](const char* key) -> std::optional<std::string> {
        if (const auto v = dynorm_test::member(*params, key)) return dynorm_test::str(*v);
        return std::nullopt;
    };
    const auto flag = [&](const char* key) -> std::optional<bool> {
        if (const auto v = dynorm_test::member(*params, key)) return bool(*v);
        return std::nullopt;
    };
    p.region = text("Region");
    p.use_fips = flag("UseFIPS").value_or(false);
    p.use_dualstack = flag("UseDualStack").value_or(false);
    p.endpoint = text("Endpoint");
    p.account_id = text("AccountId");
    p.account_id_endpoint_mode = text("AccountIdEndpointMode");
    p.resource_arn = text("ResourceArn");
    if (const auto list = dynorm_test::member(*params, "ResourceArnList")) {
        p.resource_arn_list.emplace();
        for (const auto arn : dynorm_test::array_of(*list)) p.resource_arn_list->push_back(dynorm_test::str(arn));
    }
    p.is_search_operation = flag("IsSearchOperation");
    p.use_global_endpoint = flag("UseGlobalEndpoint").value_or(false);
    return p;
}

int run_cases(const char* file, const std::function<dynorm::resolved_endpoint(const dynorm::endpoint_params&)>& resolve) {
    const auto doc = dynorm_test::load_json(std::string(DYNORM_TEST_DATA_DIR) + "/endpoints/" + file);
    int cases = 0;
    for (const auto test : dynorm_test::array_of(doc.root["testCases"])) {
        ++cases;
        INFO(file << " case " << int64_t(test["id"]));
        const auto p = params_of(test);
        const simdjson::dom::element expect = test["expect"];
        const auto endpoint = dynorm_test::member(expect, "endpoint");
        if (!endpoint) {
            CHECK_THROWS_AS(resolve(p), dynorm::config_error);
            continue;
        }
        const dynorm::resolved_endpoint r = resolve(p);
        CHECK(r.url == dynorm_test::str((*endpoint)["url"]));
        std::optional<std::string> signing_region;
        if (const auto properties = dynorm_test::member(*endpoint, "properties"))
            if (const auto schemes = dynorm_test::member(*properties, "authSchemes"))
                for (const auto scheme : dynorm_test::array_of(*schemes))
                    if (const auto region = dynorm_test::member(scheme, "signingRegion")) signing_region = dynorm_test::str(*region);
        // A signing region equal to the request's own region changes nothing.
        if (signing_region && p.region && *signing_region == *p.region && !r.signing_region) signing_region.reset();
        CHECK(r.signing_region == signing_region);
    }
    return cases;
}

} // namespace

TEST_CASE("DynamoDB endpoints follow DynamoDB's rule set", "[endpoint]") {
    CHECK(run_cases("dynamodb.json", dynorm::resolve_dynamodb_endpoint) == 548);
}

TEST_CASE("DynamoDB Streams endpoints follow its rule set", "[endpoint]") {
    CHECK(run_cases("dynamodbstreams.json", dynorm::resolve_streams_endpoint) == 26);
}

TEST_CASE("STS endpoints follow its rule set", "[endpoint]") {
    CHECK(run_cases("sts.json", dynorm::resolve_sts_endpoint) == 69);
}

TEST_CASE("the rules' errors say what to change", "[endpoint]") {
    dynorm::endpoint_params p;
    p.region = "us-east-1";
    p.use_fips = true;
    p.endpoint = "http://localhost:8000";
    CHECK_THROWS_WITH(dynorm::resolve_dynamodb_endpoint(p),
                      "dynorm: endpoint rules: Invalid Configuration: FIPS and custom endpoint are not supported");
    p = {};
    p.region = "eu-west-1";
    p.account_id_endpoint_mode = "required";
    CHECK_THROWS_WITH(dynorm::resolve_dynamodb_endpoint(p), Catch::Contains("AccountIdEndpointMode is required but no AccountID"));
    p.account_id = "123456789012";
    CHECK(dynorm::resolve_dynamodb_endpoint(p).url == "https://123456789012.ddb.eu-west-1.amazonaws.com");
    p.account_id = "not a label";
    CHECK_THROWS_WITH(dynorm::resolve_dynamodb_endpoint(p), Catch::Contains("account ID parameter is invalid"));
    CHECK(dynorm::partition_of("us-gov-west-9").name == "aws-us-gov");
    CHECK(dynorm::partition_of("eusc-de-east-2").name == "aws-eusc");
    CHECK(dynorm::partition_of("mars-north-1").name == "aws"); // unknown: the commercial partition
}
