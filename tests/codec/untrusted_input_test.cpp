// Bytes from the network, from users (tokens) and from data files are untrusted: each malformed
// input found by fuzzing is a decode_error (or the library's own error), never a crash, a
// std:: exception or a silently wrong value.
#include <dynorm/item_range.hpp>
#include <dynorm/codec/value.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

namespace untrusted_test {
struct Times {
    std::chrono::sys_seconds seconds;
    std::chrono::sys_days days;
    std::chrono::system_clock::time_point nanos;
};
struct Bytes {
    std::vector<std::byte> data;
};
} // namespace untrusted_test

using namespace untrusted_test;

namespace {

std::string base64(std::string_view text) {
    std::string out;
    dynorm::detail::append_base64(out, text);
    return out;
}

std::string nested(std::string_view open, std::string_view leaf, std::string_view close, int depth) {
    std::string out;
    for (int i = 0; i < depth; ++i) out += open;
    out += leaf;
    for (int i = 0; i < depth; ++i) out += close;
    return out;
}

} // namespace

TEST_CASE("a token that lacks a field, or is no token, is a named error", "[untrusted][token]") {
    const dynorm::detail::token_scope scope{"t", "", 42};
    const char* bad[] = {"eyJNIjp7fX0=", // {"M":{}}
                         "", "!!!!", "e30=", /* {} */ "WzFd" /* [1] */};
    for (const char* token : bad) {
        CAPTURE(token);
        CHECK_THROWS_WITH(dynorm::detail::parse_token(token, scope), "dynorm: the starting token is not a token dynorm made");
    }
    // the fields, but of the wrong types
    const std::string wrong = base64(R"({"M":{"table":{"N":"1"},"index":{"S":""},"request":{"N":"42"},"skip":{"N":"0"}}})");
    CHECK_THROWS_WITH(dynorm::detail::parse_token(wrong, scope), "dynorm: the starting token is not a token dynorm made");
    const std::string no_skip = base64(R"({"M":{"table":{"S":"t"},"index":{"S":""},"request":{"N":"42"}}})");
    CHECK_THROWS_WITH(dynorm::detail::parse_token(no_skip, scope), "dynorm: the starting token is not a token dynorm made");
}

TEST_CASE("input nested deeper than DynamoDB allows is refused, not a stack overflow", "[untrusted][depth]") {
    CHECK_THROWS_AS(dynorm::value::from_json(nested("[", "", "]", 100000)), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json(std::string(100000, '[')), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_attribute_json(nested(R"({"L":[)", R"({"S":"x"})", "]}", 100000)),
                    dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_attribute_json(nested(R"({"M":{"a":)", R"({"S":"x"})", "}}", 100000)),
                    dynorm::decode_error);
    // 32 levels, DynamoDB's own limit, still read
    CHECK_NOTHROW(dynorm::value::from_attribute_json(nested(R"({"L":[)", R"({"S":"x"})", "]}", 31)));
    CHECK_NOTHROW(dynorm::value::from_json(nested("[", "1", "]", 32)));
}

TEST_CASE("plain JSON must be one whole value", "[untrusted][json]") {
    CHECK_THROWS_AS(dynorm::value::from_json("]1"), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json("{} x"), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json("[1] [2]"), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json("1 2"), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json("\"a\" \"b\""), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json(""), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_json("nan"), dynorm::decode_error);
    CHECK(dynorm::value::from_json(" 12.50 ").as_number().text() == "12.50");
    CHECK(dynorm::value::from_json("\"a\"").as_string() == "a");
    CHECK(dynorm::value::from_json("true").as_bool());
    CHECK(dynorm::value::from_json("null").is_null());
    CHECK(dynorm::value::from_json("[1,{\"a\":2}]").as_list().size() == 2);
    CHECK_THROWS_AS(dynorm::value::from_attribute_json(R"({"S":"a"} {"S":"b"})"), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::value::from_attribute_json(R"({"S":"a","N":"1"})"), dynorm::decode_error);
    CHECK_THROWS_AS(dynorm::decode_item<Bytes>(R"({"data":{"B":""}} [])"), dynorm::decode_error);
}

TEST_CASE("checked map access names the missing field", "[untrusted][value]") {
    const dynorm::value v = dynorm::value::from_json(R"({"a":1})");
    CHECK(v.at("a").as_number().as<int>() == 1);
    CHECK_THROWS_WITH(v.at("b"), "dynorm: missing field 'b'");
    CHECK_THROWS_AS(dynorm::value::from_json("[1]").at("a"), dynorm::decode_error);
}

TEST_CASE("times outside what a member holds are errors, coarse clocks cover years 0000-9999", "[untrusted][time]") {
    using namespace std::chrono;
    // decoding
    const auto old = dynorm::decode_item<Times>(
        R"({"seconds":{"S":"1000-01-01T00:00:00Z"},"days":{"S":"0001-03-01T00:00:00Z"},"nanos":{"S":"2000-01-01T00:00:00Z"}})");
    CHECK(old.seconds == sys_days(year(1000) / 1 / 1));
    CHECK(old.days == sys_days(year(1) / 3 / 1));
    CHECK_THROWS_WITH(dynorm::decode_item<Times>(R"({"seconds":{"S":"2000-01-01T00:00:00Z"},"days":{"S":"2000-01-01T00:00:00Z"},"nanos":{"S":"1000-01-01T00:00:00Z"}})"),
                      Catch::Contains("outside the member's range") && Catch::Contains("at nanos"));
    CHECK_THROWS_WITH(dynorm::decode_item<Times>(R"({"seconds":{"S":"2000-01-01T00:00:00Z"},"days":{"S":"2000-01-01T00:00:01Z"},"nanos":{"S":"2000-01-01T00:00:00Z"}})"),
                      Catch::Contains("finer than the member's precision") && Catch::Contains("at days"));
    // dates that don't exist
    for (const char* text : {"2026-02-31T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                             "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z"}) {
        CAPTURE(text);
        CHECK_THROWS_AS(dynorm::decode_attribute_value<sys_seconds>(std::string(R"({"S":")") + text + "\"}"),
                        dynorm::decode_error);
    }
    CHECK(dynorm::decode_attribute_value<sys_days>(R"({"S":"2024-02-29T00:00:00Z"})") == sys_days(year(2024) / 2 / 29));
    // encoding: the whole text range, then an error
    const sys_seconds y3000 = sys_days(year(3000) / 1 / 1);
    CHECK(dynorm::encode_attribute_value(y3000) == R"({"S":"3000-01-01T00:00:00.000000000Z"})");
    CHECK(dynorm::decode_attribute_value<sys_seconds>(dynorm::encode_attribute_value(y3000)) == y3000);
    const sys_days first = sys_days(year(0) / 1 / 1), last = sys_days(year(9999) / 12 / 31);
    CHECK(dynorm::encode_attribute_value(first) == R"({"S":"0000-01-01T00:00:00.000000000Z"})");
    CHECK(dynorm::decode_attribute_value<sys_days>(dynorm::encode_attribute_value(last)) == last);
    CHECK_THROWS_AS(dynorm::encode_attribute_value(sys_days(year(10000) / 1 / 1)), dynorm::encode_error);
    CHECK_THROWS_AS(dynorm::encode_attribute_value(first - days(1)), dynorm::encode_error);
    CHECK_THROWS_AS(dynorm::encode_attribute_value(sys_seconds(seconds(std::numeric_limits<std::int64_t>::max()))),
                    dynorm::encode_error);
    // nanosecond clocks keep their precision
    const auto now = time_point_cast<system_clock::duration>(sys_days(year(2026) / 12 / 1)) + nanoseconds(123456789);
    CHECK(dynorm::decode_attribute_value<system_clock::time_point>(dynorm::encode_attribute_value(now)) == now);
}

TEST_CASE("numbers from a response that are no DynamoDB numbers are decode errors", "[untrusted][number]") {
    for (const char* text : {"nan", "NaN", "inf", "-inf", "infinity", "", "-", "abc", "0x10"}) {
        CAPTURE(text);
        const std::string json = std::string(R"({"N":")") + text + "\"}";
        CHECK_THROWS_AS(dynorm::decode_attribute_value<double>(json), dynorm::decode_error);
        CHECK_THROWS_AS(dynorm::decode_attribute_value<dynorm::number>(json), dynorm::decode_error);
        CHECK_THROWS_AS(dynorm::value::from_attribute_json(json), dynorm::decode_error);
    }
    CHECK(dynorm::decode_attribute_value<double>(R"({"N":"-.5"})") == -0.5);
    CHECK(dynorm::decode_attribute_value<double>(R"({"N":"1e3"})") == 1000.0);
}

TEST_CASE("an empty binary decodes into an empty byte vector", "[untrusted][binary]") {
    CHECK(dynorm::decode_item<Bytes>(R"({"data":{"B":""}})").data.empty());
    CHECK(dynorm::decode_item<Bytes>(R"({"data":{"B":"AQI="}})").data.size() == 2);
}
