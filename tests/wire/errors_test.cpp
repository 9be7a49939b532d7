// Error bodies -> exception classes, following the awsJson1_0 protocol rules.
#include <dynorm/wire/errors.hpp>

#include <catch2/catch.hpp>

namespace {
template <class E>
E thrown(int status, std::string_view body, std::string_view header = {}) {
    try {
        dynorm::detail::throw_service_error(status, dynorm::detail::parse_error_body(body, header), "req-1");
    } catch (const E& e) {
        return e;
    } catch (const std::exception& e) {
        FAIL("unexpected exception: " << e.what());
    }
    throw std::logic_error("unreachable");
}
} // namespace

TEST_CASE("the error code is taken after '#' and before ':'", "[errors]") {
    using dynorm::detail::error_code_of;
    CHECK(error_code_of("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException") ==
          "ConditionalCheckFailedException");
    CHECK(error_code_of("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") == "FooError");
    CHECK(error_code_of("aws.protocoltests.restjson#FooError:http://internal") == "FooError");
    CHECK(error_code_of("FooError") == "FooError");
}

TEST_CASE("error bodies map to the exception classes", "[errors]") {
    const auto ccf = thrown<dynorm::conditional_check_failed>(
        400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"})");
    CHECK(ccf.code() == "ConditionalCheckFailedException");
    CHECK(ccf.message() == "The conditional request failed");
    CHECK(ccf.http_status() == 400);
    CHECK(ccf.request_id() == "req-1");
    CHECK(std::string(ccf.what()) ==
          "dynorm: ConditionalCheckFailedException: The conditional request failed (HTTP 400, request id req-1)");

    CHECK(thrown<dynorm::resource_not_found>(400, R"({"__type":"x#ResourceNotFoundException","Message":"Requested resource not found"})")
              .message() == "Requested resource not found");
    CHECK(thrown<dynorm::validation_error>(400, R"({"__type":"x#ValidationException","message":"bad"})").code() ==
          "ValidationException");
    CHECK(thrown<dynorm::throttled>(400, R"({"__type":"x#ProvisionedThroughputExceededException"})").code() ==
          "ProvisionedThroughputExceededException");
    CHECK(thrown<dynorm::resource_in_use>(400, R"({"__type":"x#ResourceInUseException"})").code() ==
          "ResourceInUseException");
    CHECK(thrown<dynorm::access_denied>(400, R"({"__type":"x#UnrecognizedClientException"})").code() ==
          "UnrecognizedClientException");
}

TEST_CASE("the X-Amzn-ErrorType header wins; a nested __type is ignored", "[errors]") {
    CHECK(thrown<dynorm::service_error>(400, R"({"__type":"x#Other"})", "FooError:http://internal/").code() == "FooError");
    CHECK(thrown<dynorm::service_error>(400, R"({"__type":"x#FooError","Nested":{"__type":"x#Bar"}})").code() == "FooError");
    CHECK(thrown<dynorm::service_error>(500, "not json").code() == "UnknownError");
    CHECK(thrown<dynorm::service_error>(500, "").http_status() == 500);
}

TEST_CASE("transaction cancellations carry their reasons", "[errors]") {
    const auto e = thrown<dynorm::transaction_canceled>(
        400, R"({"__type":"x#TransactionCanceledException","Message":"Transaction cancelled",)"
             R"("CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]})");
    REQUIRE(e.reasons().size() == 2);
    CHECK(e.reasons()[0].code == "None");
    CHECK(e.reasons()[1].code == "ConditionalCheckFailed");
    CHECK(e.reasons()[1].message == "The conditional request failed");
    CHECK_FALSE(e.reasons()[1].has_item());
}

TEST_CASE("a cancellation reason keeps the item ReturnValuesOnConditionCheckFailure asked for", "[errors]") {
    const auto e = thrown<dynorm::transaction_canceled>(
        400, R"({"__type":"x#TransactionCanceledException","Message":"Transaction cancelled",)"
             R"("CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Item":{"id":{"S":"a\"b"},"n":{"N":"7"}}}]})");
    REQUIRE(e.reasons().size() == 2);
    CHECK_FALSE(e.reasons()[0].has_item());
    CHECK(e.reasons()[1].item_json == R"({"id":{"S":"a\"b"},"n":{"N":"7"}})");
}

TEST_CASE("which errors are retried", "[errors]") {
    using dynorm::detail::classify_error;
    using dynorm::detail::retry_class;
    CHECK(classify_error(400, "ProvisionedThroughputExceededException") == retry_class::throttling);
    CHECK(classify_error(400, "ThrottlingException") == retry_class::throttling);
    CHECK(classify_error(400, "TransactionInProgressException") == retry_class::throttling);
    CHECK(classify_error(500, "InternalServerError") == retry_class::transient);
    CHECK(classify_error(503, "") == retry_class::transient);
    CHECK(classify_error(400, "ConditionalCheckFailedException") == retry_class::none);
    CHECK(classify_error(400, "ValidationException") == retry_class::none);
    CHECK(classify_error(400, "ResourceNotFoundException") == retry_class::none);
    CHECK(classify_error(400, "TransactionCanceledException") == retry_class::none);
}
