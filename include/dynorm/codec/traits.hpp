#pragma once
// Which DynamoDB attribute type each C++ type is stored as. The encoder, the decoder, the schema
// checks and the expression DSL all ask this one header.
//
//   std::string, string_view, const char*, described enums ..... S
//   integers, float, double, dynorm::number, undescribed enums .. N
//   std::vector<std::byte>, dynorm::binary ...................... B
//   bool ........................................................ BOOL
//   std::optional<U> ............................................ U's type; absent when empty
//   sequence containers, std::array ............................. L
//   std::set / std::unordered_set of S, N or B .................. SS, NS, BS
//   std::map / std::unordered_map<std::string, U>, structs ...... M
//   system_clock::time_point (ISO-8601 text) .................... S
//   dynorm::epoch_seconds (TTL) ................................. N
//   std::variant<...> of alternatives of distinct types ......... by the alternative held
//   anything with dynorm::attribute_traits<T> ................... its stored_type's

#include <dynorm/version.hpp>
#include <dynorm/codec/binary.hpp>
#include <dynorm/fwd.hpp>
#include <dynorm/codec/number.hpp>
#include <dynorm/reflect.hpp>
#include <dynorm/codec/time.hpp>

#include <boost/describe/enum.hpp>
#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class value;

// The DynamoDB NULL value (as a value of its own, e.g. inside a dynorm::value).
struct null_value {
    friend bool operator==(null_value, null_value) { return true; }
};

// The DynamoDB attribute types.
enum class attribute_type { S, N, B, BOOL, NUL, M, L, SS, NS, BS, any };

constexpr std::string_view type_tag(attribute_type t) {
    constexpr std::string_view tags[] = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "?"};
    return tags[static_cast<int>(t)];
}

namespace detail {

template <class T, template <class...> class Template>
inline constexpr bool is_specialization = false;
template <template <class...> class Template, class... Args>
inline constexpr bool is_specialization<Template<Args...>, Template> = true;

template <class T>
inline constexpr bool is_std_array = false;
template <class U, std::size_t N>
inline constexpr bool is_std_array<std::array<U, N>> = true;

template <class T>
inline constexpr bool is_time_point = false;
template <class Duration>
inline constexpr bool is_time_point<std::chrono::time_point<std::chrono::system_clock, Duration>> =
    true;

// T without a std::optional around it (and without cv/ref).
template <class T>
struct unwrap_optional {
    using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
    using type = T;
};
template <class T>
using unwrapped = typename unwrap_optional<std::remove_cvref_t<T>>::type;

} // namespace detail

template <class T>
concept custom_attribute = requires { typename attribute_traits<T>::stored_type; };

template <class T>
concept string_attribute = std::same_as<T, std::string> || std::same_as<T, std::string_view> ||
                           std::same_as<T, const char*> || std::same_as<T, char*>;

template <class T>
concept integer_attribute = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> &&
                            !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> &&
                            !std::same_as<T, char16_t> && !std::same_as<T, char32_t>;

template <class T>
concept float_attribute = std::same_as<T, float> || std::same_as<T, double>;

template <class T>
concept binary_attribute = std::same_as<T, binary> || std::same_as<T, std::vector<std::byte>>;

template <class T>
concept described_enum = std::is_enum_v<T> && boost::describe::has_describe_enumerators<T>::value;

template <class T>
concept optional_attribute = detail::is_specialization<T, std::optional>;

template <class T>
concept variant_attribute = detail::is_specialization<T, std::variant>;

template <class T>
concept set_attribute =
    detail::is_specialization<T, std::set> || detail::is_specialization<T, std::unordered_set>;

template <class T>
concept map_attribute = (detail::is_specialization<T, std::map> ||
                         detail::is_specialization<T, std::unordered_map>) &&
                        std::same_as<typename T::key_type, std::string>;

template <class T>
concept list_attribute =
    !string_attribute<T> && !binary_attribute<T> && !set_attribute<T> && !map_attribute<T> &&
    (detail::is_std_array<T> || (requires(T& c, const T& cc) {
        typename T::value_type;
        c.begin();
        c.end();
        cc.size();
        c.push_back(std::declval<typename T::value_type>());
    }));

template <class T>
concept struct_attribute = reflectable<T> && !list_attribute<T> && !map_attribute<T> &&
                           !set_attribute<T> && !binary_attribute<T> && !custom_attribute<T> &&
                           !std::same_as<T, epoch_seconds> && !std::same_as<T, number> &&
                           !std::same_as<T, value> && !std::same_as<T, null_value> &&
                           !optional_attribute<T> &&
                           !variant_attribute<T>;

namespace detail {

template <class T>
consteval attribute_type compute_attribute_type();

template <class Set>
consteval attribute_type set_type_of() {
    constexpr attribute_type element = compute_attribute_type<typename Set::value_type>();
    if constexpr (element == attribute_type::S) return attribute_type::SS;
    else if constexpr (element == attribute_type::N) return attribute_type::NS;
    else if constexpr (element == attribute_type::B) return attribute_type::BS;
    else {
        static_assert(dependent_false<Set>,
                      "dynorm: a set must hold strings, numbers or binary values (DynamoDB has "
                      "string, number and binary sets only); use a std::vector for a list");
        return attribute_type::any;
    }
}

template <class T>
consteval attribute_type compute_attribute_type() {
    if constexpr (custom_attribute<T>)
        return compute_attribute_type<typename attribute_traits<T>::stored_type>();
    else if constexpr (std::same_as<T, bool>) return attribute_type::BOOL;
    else if constexpr (std::same_as<T, null_value>) return attribute_type::NUL;
    else if constexpr (string_attribute<T> || is_time_point<T> || described_enum<T>)
        return attribute_type::S;
    else if constexpr (integer_attribute<T> || float_attribute<T> || std::same_as<T, number> ||
                       std::same_as<T, epoch_seconds> || std::is_enum_v<T>)
        return attribute_type::N;
    else if constexpr (binary_attribute<T>) return attribute_type::B;
    else if constexpr (optional_attribute<T>) return compute_attribute_type<typename T::value_type>();
    else if constexpr (std::same_as<T, value> || variant_attribute<T>) return attribute_type::any;
    else if constexpr (set_attribute<T>) return set_type_of<T>();
    else if constexpr (map_attribute<T> || struct_attribute<T>) return attribute_type::M;
    else if constexpr (list_attribute<T>) return attribute_type::L;
    else {
        static_assert(dependent_false<T>,
                      "dynorm: this member type can't be stored in DynamoDB. Supported: strings, "
                      "integers, float, double, bool, dynorm::number, dynorm::binary, "
                      "std::optional, containers, sets, std::map<std::string, U>, structs, enums, "
                      "time points; for a type of your own specialize dynorm::attribute_traits.");
        return attribute_type::any;
    }
}

} // namespace detail

// The attribute type T is stored as (attribute_type::any for dynorm::value and variants).
template <class T>
inline constexpr attribute_type attribute_type_of = detail::compute_attribute_type<std::remove_cvref_t<T>>();

// T can be the type of a table's or an index's key attribute: S, N or B, never optional.
template <class T>
concept key_attribute = !optional_attribute<T> && !std::same_as<T, bool> &&
                        (attribute_type_of<T> == attribute_type::S ||
                         attribute_type_of<T> == attribute_type::N ||
                         attribute_type_of<T> == attribute_type::B);

} // namespace dynorm
