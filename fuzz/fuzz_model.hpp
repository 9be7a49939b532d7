#pragma once
// The rich item the fuzz targets decode into: a member of every kind the codec reads.
#include <dynorm/dynorm.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace fuzz_model {
enum class Color { red, green, blue };
BOOST_DESCRIBE_ENUM(Color, red, green, blue)
enum class Level : std::int16_t { low = -1, high = 7 };
struct Leaf {
    std::string name;
    std::vector<std::int64_t> values;
};
struct Rich {
    std::string id;
    std::int8_t i8 = 0;
    std::uint16_t u16 = 0;
    std::int64_t i64 = 0;
    std::uint64_t u64 = 0;
    float f = 0;
    double d = 0;
    bool flag = false;
    std::optional<std::string> maybe;
    std::vector<std::string> list;
    std::deque<double> deque;
    std::array<int, 3> fixed{};
    std::set<std::string> strings;
    std::set<std::int64_t> numbers;
    std::set<dynorm::number> exact_numbers;
    std::set<dynorm::binary> binaries;
    std::map<std::string, int> map;
    std::unordered_map<std::string, Leaf> leaves;
    std::vector<Leaf> leaf_list;
    std::vector<std::byte> bytes;
    dynorm::binary blob;
    Color color = Color::red;
    Level level = Level::low;
    std::chrono::system_clock::time_point when;
    std::chrono::sys_seconds when_seconds;
    std::chrono::sys_days when_day;
    dynorm::epoch_seconds expires;
    dynorm::number exact;
    std::variant<std::string, std::int64_t, Leaf> choice;
    dynorm::value document;
};
} // namespace fuzz_model

template <>
struct dynorm::schema<fuzz_model::Rich> {
    static constexpr std::string_view table = "rich";
    static constexpr auto hash_key = &fuzz_model::Rich::id;
    static constexpr bool missing_is_default = true;
};
