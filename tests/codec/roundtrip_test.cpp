// Encode -> decode round trips of every supported type, with extremes, and the exact wire form.
#include "codec/models.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace codec_models;

namespace {
template <class T>
T round_trip_value(const T& v) {
    return dynorm::decode_attribute_value<T>(dynorm::encode_attribute_value(v));
}
} // namespace

TEST_CASE("every supported type round-trips through the item codec", "[codec]") {
    const Everything e = sample();
    const std::string json = dynorm::encode_item(e);
    const Everything back = dynorm::decode_item<Everything>(json);
    CHECK(back == e);
    // the same item again (unordered containers may list their elements in another order)
    CHECK(dynorm::value::from_item_json(dynorm::encode_item(back)) == dynorm::value::from_item_json(json));
    // absent optional -> no attribute at all
    CHECK(json.find("\"absent\"") == std::string::npos);
    CHECK(json.find(R"("maybe":{"S":""})") != std::string::npos);
}

TEST_CASE("integers round-trip at their limits", "[codec]") {
    CHECK(dynorm::encode_attribute_value(INT64_MIN) == R"({"N":"-9223372036854775808"})");
    CHECK(dynorm::encode_attribute_value(UINT64_MAX) == R"({"N":"18446744073709551615"})");
    CHECK(round_trip_value(INT64_MIN) == INT64_MIN);
    CHECK(round_trip_value(INT64_MAX) == INT64_MAX);
    CHECK(round_trip_value(UINT64_MAX) == UINT64_MAX);
    CHECK(round_trip_value(std::int8_t{-128}) == -128);
    // DynamoDB may return an integer in any decimal form
    CHECK(dynorm::decode_attribute_value<int>(R"({"N":"1.500e3"})") == 1500);
    CHECK(dynorm::decode_attribute_value<int>(R"({"N":"-0"})") == 0);
    CHECK(dynorm::decode_attribute_value<std::uint64_t>(R"({"N":"18446744073709551615.000"})") == UINT64_MAX);
}

TEST_CASE("doubles use the shortest text that round-trips", "[codec]") {
    CHECK(dynorm::encode_attribute_value(0.1 + 0.2) == R"({"N":"0.30000000000000004"})");
    CHECK(dynorm::encode_attribute_value(1.5) == R"({"N":"1.5"})");
    CHECK(dynorm::encode_attribute_value(1e100) == R"({"N":"1e+100"})");
    for (double d : {0.1 + 0.2, 1e125, -1e125, 1e-130, -1e-130, 123456789.123456789, 5e-100,
                     std::nextafter(1.0, 2.0), 9.999999999999999e125}) {
        CAPTURE(d);
        CHECK(round_trip_value(d) == d);
    }
    CHECK(round_trip_value(3.14159274f) == 3.14159274f);
    CHECK(round_trip_value(std::numeric_limits<float>::max()) == std::numeric_limits<float>::max());
    // -0.0 is stored as 0 (DynamoDB numbers have no negative zero) and reads back as +0.0
    CHECK(dynorm::encode_attribute_value(-0.0) == R"({"N":"0"})");
    // DynamoDB returns numbers fully expanded: 1e100 comes back as 101 digits
    CHECK(dynorm::decode_attribute_value<double>(R"({"N":"1)" + std::string(100, '0') + R"("})") == 1e100);
}

TEST_CASE("strings keep every byte, escape and code point", "[codec]") {
    std::string all_controls;
    for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
    for (const std::string& s : {std::string(), std::string(100000, 'x'), all_controls,
                                 std::string("\"\\/\b\f\n\r\t"), std::string("é 漢字 😀 \xF4\x8F\xBF\xBF"),
                                 std::string("a\0b", 3)}) {
        CHECK(round_trip_value(s) == s);
    }
    CHECK(dynorm::encode_attribute_value(std::string("a\"b\n\x01", 5)) == R"({"S":"a\"b\n\u0001"})");
    CHECK(dynorm::encode_attribute_value(std::string_view("view")) == R"({"S":"view"})");
    CHECK(dynorm::encode_attribute_value("literal") == R"({"S":"literal"})");
}

TEST_CASE("random strings round-trip at every alignment", "[codec]") {
    // Characters that need escaping or validation, placed anywhere in 8-byte chunks.
    const std::vector<std::string> pieces{"a", "Z", " ", "\"", "\\", "\n", std::string(1, '\0'), "\x1f",
                                          "\x7f", "é", "漢", "😀", "/", "~"};
    std::mt19937 rng(12345);
    for (int round = 0; round < 2000; ++round) {
        std::string s;
        const auto n = rng() % 40;
        for (unsigned i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
        REQUIRE(round_trip_value(s) == s);
    }
}

TEST_CASE("binary values are base64", "[codec]") {
    CHECK(dynorm::encode_attribute_value(dynorm::binary("hello")) == R"({"B":"aGVsbG8="})");
    std::string all_bytes;
    for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
    for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 256u}) {
        const dynorm::binary b(all_bytes.substr(0, n));
        CHECK(round_trip_value(b) == b);
    }
    const std::vector<std::byte> bytes{std::byte{1}, std::byte{0}, std::byte{255}};
    CHECK(round_trip_value(bytes) == bytes);
}

TEST_CASE("sets, lists and maps have their DynamoDB types", "[codec]") {
    CHECK(dynorm::encode_attribute_value(std::set<std::string>{"a", "b"}) == R"({"SS":["a","b"]})");
    CHECK(dynorm::encode_attribute_value(std::set<int>{2, 1}) == R"({"NS":["1","2"]})");
    CHECK(dynorm::encode_attribute_value(std::set<dynorm::binary>{dynorm::binary("a")}) == R"({"BS":["YQ=="]})");
    CHECK(dynorm::encode_attribute_value(std::vector<int>{1, 2}) == R"({"L":[{"N":"1"},{"N":"2"}]})");
    CHECK(dynorm::encode_attribute_value(std::vector<int>{}) == R"({"L":[]})");
    CHECK(dynorm::encode_attribute_value(std::map<std::string, bool>{{"k", true}}) == R"({"M":{"k":{"BOOL":true}}})");
    CHECK(dynorm::encode_attribute_value(std::map<std::string, bool>{}) == R"({"M":{}})");
    CHECK(dynorm::encode_attribute_value(std::optional<int>{}) == R"({"NULL":true})");
    const std::vector<std::vector<std::string>> nested{{"a"}, {}, {"b", "c"}};
    CHECK(round_trip_value(nested) == nested);
}

TEST_CASE("an empty set is an absent attribute and reads back empty", "[codec]") {
    Everything e = sample();
    e.string_set.clear();
    const std::string json = dynorm::encode_item(e);
    CHECK(json.find("\"string_set\"") == std::string::npos);
    CHECK(dynorm::decode_item<Everything>(json).string_set.empty());
}

TEST_CASE("NULL reads back as an empty optional", "[codec]") {
    CHECK_FALSE(dynorm::decode_attribute_value<std::optional<std::string>>(R"({"NULL":true})").has_value());
    CHECK(dynorm::decode_attribute_value<std::optional<std::string>>(R"({"S":"x"})") == "x");
}

TEST_CASE("enums are stored by name when described, else by number", "[codec]") {
    CHECK(dynorm::encode_attribute_value(Color::green) == R"({"S":"green"})");
    CHECK(dynorm::encode_attribute_value(Level::low) == R"({"N":"-1"})");
    CHECK(round_trip_value(Color::blue) == Color::blue);
    CHECK(round_trip_value(Level::high) == Level::high);
}

TEST_CASE("time points are ISO-8601 UTC text; epoch_seconds are numbers", "[codec]") {
    using namespace std::chrono;
    const system_clock::time_point t{nanoseconds(1612519200000000001LL)};
    CHECK(dynorm::encode_attribute_value(t) == R"({"S":"2021-02-05T10:00:00.000000001Z"})");
    CHECK(round_trip_value(t) == t);
    const system_clock::time_point before_1970{nanoseconds(-1)};
    CHECK(dynorm::encode_attribute_value(before_1970) == R"({"S":"1969-12-31T23:59:59.999999999Z"})");
    CHECK(round_trip_value(before_1970) == before_1970);
    CHECK(dynorm::decode_attribute_value<system_clock::time_point>(R"({"S":"2021-02-05T10:00:00Z"})") ==
          system_clock::time_point(seconds(1612519200)));
    CHECK(dynorm::decode_attribute_value<sys_seconds>(R"({"S":"2021-02-05T10:00:00.000+00:00"})") ==
          sys_seconds(seconds(1612519200)));
    const dynorm::epoch_seconds ttl(sys_seconds(seconds(1612519200)));
    CHECK(dynorm::encode_attribute_value(ttl) == R"({"N":"1612519200"})");
    CHECK(round_trip_value(ttl) == ttl);
}

TEST_CASE("dynorm::number keeps all 38 digits", "[codec]") {
    const dynorm::number n("-1234567890.1234567890123456789012345678");
    CHECK(dynorm::encode_attribute_value(n) == R"({"N":"-1234567890.1234567890123456789012345678"})");
    CHECK(round_trip_value(n).text() == n.text());
    CHECK(dynorm::number("1") == dynorm::number("1.0"));
    CHECK(dynorm::number("1e2") == dynorm::number("100"));
    CHECK(dynorm::number("-2") < dynorm::number("-1.5"));
    CHECK(dynorm::number("0.001") < dynorm::number("0.01"));
    CHECK(dynorm::number("12345678901234567890").as<std::uint64_t>() == 12345678901234567890ull);
}

TEST_CASE("variants are read back by the stored type", "[codec]") {
    using V = std::variant<std::string, std::int64_t, bool>;
    CHECK(round_trip_value(V{std::string("s")}) == V{std::string("s")});
    CHECK(round_trip_value(V{std::int64_t{5}}) == V{std::int64_t{5}});
    CHECK(round_trip_value(V{true}) == V{true});
}

TEST_CASE("user types are stored through attribute_traits", "[codec]") {
    CHECK(dynorm::encode_attribute_value(Money{1999}) == R"({"N":"1999"})");
    const Uuid u = uuid_from_string("123e4567-e89b-12d3-a456-426614174000");
    CHECK(dynorm::encode_attribute_value(u) == R"({"S":"123e4567-e89b-12d3-a456-426614174000"})");
    CHECK(round_trip_value(u) == u);
    CHECK(round_trip_value(std::set<Money>{{1}, {2}}) == std::set<Money>{{1}, {2}});
}

TEST_CASE("unknown attributes are ignored", "[codec]") {
    const auto inner = dynorm::decode_item<Inner>(
        R"({"extra":{"M":{"deep":{"L":[{"S":"x"}]}}},"name":{"S":"n"},"values":{"L":[]},"more":{"NULL":true}})");
    CHECK(inner == Inner{"n", {}});
}

TEST_CASE("item size is computed by DynamoDB's rules", "[codec]") {
    std::string out;
    // name "name" (4) + "n" (1); name "values" (6) + list 3 + (1 + 2) + (1 + 2): numbers 1 and 22
    CHECK(dynorm::append_item(out, Inner{"n", {1, 22}}) == 4 + 1 + 6 + 3 + 3 + 3);
}
