#pragma once
// Models shared by the codec tests (unit and integration): one member of every supported type.

#include <dynorm/dynorm.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace codec_models {

enum class Color { red, green, blue };
BOOST_DESCRIBE_ENUM(Color, red, green, blue)
enum class Level : std::int16_t { low = -1, high = 7 };

struct Money { // stored as a number of cents
    std::int64_t cents = 0;
    friend bool operator==(const Money&, const Money&) = default;
    friend auto operator<=>(const Money&, const Money&) = default;
};
struct Uuid { // stored as its text
    std::array<std::uint8_t, 16> bytes{};
    friend bool operator==(const Uuid&, const Uuid&) = default;
};
std::string to_string(const Uuid& u);
Uuid uuid_from_string(const std::string& s);

struct Inner {
    std::string name;
    std::vector<int> values;
    friend bool operator==(const Inner&, const Inner&) = default;
};

struct Everything {
    std::string id;
    std::string text;
    std::int8_t i8 = 0;
    std::uint8_t u8 = 0;
    std::int16_t i16 = 0;
    std::uint16_t u16 = 0;
    std::int32_t i32 = 0;
    std::uint32_t u32 = 0;
    std::int64_t i64 = 0;
    std::uint64_t u64 = 0;
    float f = 0;
    double d = 0;
    bool flag = false;
    std::optional<std::string> maybe;
    std::optional<int> absent;
    std::vector<std::string> list;
    std::deque<double> deque;
    std::list<bool> linked;
    std::array<int, 3> fixed{};
    std::set<std::string> string_set;
    std::unordered_set<std::string> unordered_string_set;
    std::set<std::int64_t> number_set;
    std::set<dynorm::number> exact_number_set;
    std::set<dynorm::binary> binary_set;
    std::map<std::string, int> map;
    std::unordered_map<std::string, std::string> unordered_map;
    Inner inner;
    std::vector<Inner> inner_list;
    std::vector<std::byte> bytes;
    dynorm::binary blob;
    Color color = Color::red;
    Level level = Level::low;
    std::chrono::system_clock::time_point when;
    dynorm::epoch_seconds expires;
    dynorm::number exact;
    std::variant<std::string, std::int64_t, Inner> choice;
    Money price;
    Uuid uuid;
    dynorm::value document;

    friend bool operator==(const Everything&, const Everything&) = default;
};

Everything sample();

} // namespace codec_models

template <>
struct dynorm::attribute_traits<codec_models::Money> {
    using stored_type = std::int64_t;
    static std::int64_t store(const codec_models::Money& m) { return m.cents; }
    static codec_models::Money load(std::int64_t cents) { return {cents}; }
};

template <>
struct dynorm::attribute_traits<codec_models::Uuid> {
    using stored_type = std::string;
    static std::string store(const codec_models::Uuid& u) { return codec_models::to_string(u); }
    static codec_models::Uuid load(const std::string& s) { return codec_models::uuid_from_string(s); }
};

template <>
struct dynorm::schema<codec_models::Everything> {
    static constexpr std::string_view table = "everything";
    static constexpr auto hash_key = &codec_models::Everything::id;
};

namespace codec_models {

inline std::string to_string(const Uuid& u) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[u.bytes[i] >> 4];
        out += hex[u.bytes[i] & 15];
    }
    return out;
}

inline Uuid uuid_from_string(const std::string& s) {
    Uuid u;
    std::size_t k = 0;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < s.size() && k < 16;) {
        if (s[i] == '-') {
            ++i;
            continue;
        }
        u.bytes[k++] = static_cast<std::uint8_t>(nibble(s[i]) * 16 + nibble(s[i + 1]));
        i += 2;
    }
    if (k != 16) throw dynorm::decode_error("'" + s + "' is not a UUID");
    return u;
}

inline Everything sample() {
    using namespace std::chrono;
    Everything e;
    e.id = "everything-1";
    e.text = std::string("quote\" backslash\\ newline\n tab\t nul") + '\0' + " \x01 \x7f é 漢字 😀";
    e.i8 = INT8_MIN;
    e.u8 = UINT8_MAX;
    e.i16 = INT16_MIN;
    e.u16 = UINT16_MAX;
    e.i32 = INT32_MIN;
    e.u32 = UINT32_MAX;
    e.i64 = INT64_MIN;
    e.u64 = UINT64_MAX;
    e.f = 3.14159274f;
    e.d = 0.1 + 0.2;
    e.flag = true;
    e.maybe = "";
    e.list = {"a", "", "c"};
    e.deque = {1e125, -1e-130, 2.2250738585072014e-308 * 0 + 1.5e-100};
    e.linked = {true, false};
    e.fixed = {1, -2, 3};
    e.string_set = {"x", "y", ""};
    e.unordered_string_set = {"p", "q"};
    e.number_set = {INT64_MIN, 0, INT64_MAX};
    e.exact_number_set = {dynorm::number("12345678901234567890123456789012345678"), dynorm::number("-0.5")};
    e.binary_set = {dynorm::binary(std::string("\x00\x01", 2)), dynorm::binary("\xff")};
    e.map = {{"one", 1}, {"0", 0}, {"with.dot and #hash: [x] ü", -1}};
    e.unordered_map = {{"k", "v"}};
    e.inner = {"inner", {1, 2, 3}};
    e.inner_list = {{"a", {}}, {"b", {7}}};
    e.bytes = {std::byte{0}, std::byte{255}, std::byte{10}};
    e.blob = dynorm::binary(std::string("\0binary\xfe", 8));
    e.color = Color::blue;
    e.level = Level::high;
    e.when = system_clock::time_point(nanoseconds(1700000000123456789LL));
    e.expires = dynorm::epoch_seconds(sys_seconds(seconds(1900000000)));
    e.exact = dynorm::number("-9.9999999999999999999999999999999999999E+125");
    e.choice = Inner{"variant", {4}};
    e.price = {-1999};
    e.uuid = uuid_from_string("123e4567-e89b-12d3-a456-426614174000");
    e.document = dynorm::value::from_json(R"({"nested":[1,"two",null,true,{"x":1.5}]})");
    return e;
}

} // namespace codec_models
