// Every validation error of the codec, with its message and attribute path.
#include "codec/models.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace codec_models;

namespace errors_test {
struct Address {
    std::string road;
    int zipcode = 0;
};
struct Person {
    std::string name;
    std::uint8_t age = 0;
    std::optional<Address> address;
    std::vector<std::int32_t> scores;
};
struct Lenient {
    std::string name;
    int count = 7;
};
struct Deep {
    std::vector<Deep> children;
};
struct Big {
    std::string payload;
};
} // namespace errors_test

template <>
struct dynorm::schema<errors_test::Lenient> {
    static constexpr bool missing_is_default = true;
};

using namespace errors_test;

namespace {
template <class T>
std::string encode_error_of(const T& item) {
    try {
        dynorm::encode_item(item);
    } catch (const dynorm::encode_error& e) {
        return e.what();
    }
    return "no error";
}
template <class T>
std::string decode_error_of(std::string_view json) {
    try {
        dynorm::decode_item<T>(json);
    } catch (const dynorm::decode_error& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("a response number that doesn't fit the member is an error, never truncated", "[codec][errors]") {
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"256"},"scores":{"L":[]}})") ==
          "dynorm: number 256 is out of the member's range at age");
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"-1"},"scores":{"L":[]}})") ==
          "dynorm: number -1 is out of the member's range at age");
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"1"},"address":{"M":{"road":{"S":"r"},"zipcode":{"N":"90001.5"}}},"scores":{"L":[]}})") ==
          "dynorm: number 90001.5 has a fraction; the member is an integer at address.zipcode");
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"1"},"scores":{"L":[{"N":"1"},{"N":"3000000000"}]}})") ==
          "dynorm: number 3000000000 is out of the member's range at scores[1]");
    CHECK_THROWS_WITH(dynorm::decode_attribute_value<std::int64_t>(R"({"N":"9223372036854775808"})"),
                      "dynorm: number 9223372036854775808 is out of the member's range");
    CHECK_THROWS_WITH(dynorm::decode_attribute_value<float>(R"({"N":"1e100"})"),
                      "dynorm: number 1e100 is out of the member's range");
}

TEST_CASE("a type mismatch names the expected and the actual type", "[codec][errors]") {
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"1"},"address":{"M":{"road":{"S":"r"},"zipcode":{"S":"90001"}}},"scores":{"L":[]}})") ==
          "dynorm: expected N, got S at address.zipcode");
    CHECK(decode_error_of<Person>(R"({"name":{"N":"1"},"age":{"N":"1"},"scores":{"L":[]}})") ==
          "dynorm: expected S, got N at name");
    CHECK(decode_error_of<Person>(R"({"name":{"NULL":true},"age":{"N":"1"},"scores":{"L":[]}})") ==
          "dynorm: expected S, got NULL at name");
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"1"},"scores":{"NS":["1"]}})") ==
          "dynorm: expected L, got NS at scores");
}

TEST_CASE("a missing attribute for a non-optional member is an error unless opted out", "[codec][errors]") {
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"scores":{"L":[]}})") ==
          "dynorm: missing attribute (make the member std::optional, or set schema<T>::missing_is_default) at age");
    // absent optional is fine
    CHECK(decode_error_of<Person>(R"({"name":{"S":"a"},"age":{"N":"3"},"scores":{"L":[]}})") == "no error");
    // opted in: the default stays
    CHECK(dynorm::decode_item<Lenient>(R"({"name":{"S":"a"}})").count == 7);
    // projections read partial items
    CHECK(dynorm::decode_item<Person>(R"({"name":{"S":"a"}})", {.partial = true}).name == "a");
}

TEST_CASE("NaN and infinity are rejected on write", "[codec][errors]") {
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(std::nan("")),
                      "dynorm: NaN and infinity can't be stored in DynamoDB");
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(-std::numeric_limits<double>::infinity()),
                      "dynorm: NaN and infinity can't be stored in DynamoDB");
    Everything e = sample();
    e.deque = {1.0, std::numeric_limits<double>::quiet_NaN()};
    CHECK(encode_error_of(e) == "dynorm: NaN and infinity can't be stored in DynamoDB at deque[1]");
}

TEST_CASE("numbers outside DynamoDB's range are rejected on write", "[codec][errors]") {
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(2e126),
                      "dynorm: number is out of DynamoDB's range (above 9.99e125): 2e+126");
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(-1e300),
                      "dynorm: number is out of DynamoDB's range (above 9.99e125): -1e+300");
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(std::numeric_limits<double>::denorm_min()),
                      "dynorm: number is out of DynamoDB's range (below 1e-130): 5e-324");
    CHECK_THROWS_WITH(dynorm::number("123456789012345678901234567890123456789"),
                      "dynorm: number has more than 38 significant digits: 123456789012345678901234567890123456789");
    CHECK_THROWS_WITH(dynorm::number("12abc"), "dynorm: '12abc' is not a decimal number");
}

TEST_CASE("invalid UTF-8 is rejected on write", "[codec][errors]") {
    Person p{"bad \xC3\x28 byte", 1, Address{"\xED\xA0\x80", 1}, {}};
    CHECK(encode_error_of(p) == "dynorm: string is not valid UTF-8 at name");
    p.name = "ok";
    CHECK(encode_error_of(p) == "dynorm: string is not valid UTF-8 at address.road");
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(std::map<std::string, int>{{"\xFF", 1}}),
                      "dynorm: map key is not valid UTF-8");
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(std::map<std::string, int>{{"", 1}}),
                      "dynorm: map key must not be empty (attribute names are 1 to 65535 bytes)");
}

TEST_CASE("an empty set inside a list is rejected; a member set is omitted", "[codec][errors]") {
    CHECK_THROWS_WITH(dynorm::encode_attribute_value(std::vector<std::set<std::string>>{{"a"}, {}}),
                      "dynorm: an empty set can't be stored inside a list or as a value (DynamoDB has no empty sets) at [1]");
}

TEST_CASE("nesting deeper than 32 levels is rejected on write", "[codec][errors]") {
    Deep d;
    Deep* level = &d;
    for (int i = 0; i < 40; ++i) {
        level->children.emplace_back();
        level = &level->children.back();
    }
    const std::string message = encode_error_of(d);
    CHECK_THAT(message, Catch::StartsWith("dynorm: nesting deeper than 32 levels at children[0].children[0]"));
    Deep shallow;
    shallow.children.emplace_back();
    CHECK(encode_error_of(shallow) == "no error");
}

TEST_CASE("an item over 400 KB by DynamoDB's size rules is rejected before sending", "[codec][errors]") {
    // 7 bytes of name + payload: exactly the limit passes, one byte more fails
    CHECK(encode_error_of(Big{std::string(400 * 1024 - 7, 'x')}) == "no error");
    CHECK(encode_error_of(Big{std::string(400 * 1024 - 6, 'x')}) ==
          "dynorm: item is 409601 bytes by DynamoDB's size rules, over the 400 KB limit");
}

TEST_CASE("malformed values in a response are errors", "[codec][errors]") {
    CHECK(decode_error_of<Big>(R"({"payload":{"S":1}})") ==
          "dynorm: malformed JSON in the response: The JSON element does not have the requested type. at payload");
    CHECK_THROWS_WITH(dynorm::decode_attribute_value<dynorm::binary>(R"({"B":"not base64!"})"),
                      "dynorm: binary value is not valid base64");
    CHECK_THROWS_WITH(dynorm::decode_attribute_value<std::chrono::system_clock::time_point>(R"({"S":"yesterday"})"),
                      "dynorm: 'yesterday' is not an ISO-8601 UTC time");
    CHECK_THROWS_WITH(dynorm::decode_attribute_value<Color>(R"({"S":"purple"})"),
                      "dynorm: 'purple' is not a value of the enum");
    CHECK_THROWS_WITH((dynorm::decode_attribute_value<std::array<int, 2>>(R"({"L":[{"N":"1"}]})")),
                      "dynorm: list has 1 elements, expected 2");
}
