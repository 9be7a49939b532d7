#pragma once
// How expression nodes write themselves. Every node has static constexpr functions that write
// its text and its ExpressionAttributeNames entries into a sink, given where its placeholders
// start; a node whose shape is fixed by its type ignores the object (`self` may be null), so the
// same code runs in a constant expression: once into a counting sink for the length, once into
// a std::array. Values are only ever written at run time.

#include <dynorm/version.hpp>
#include <dynorm/codec/detail/text.hpp>
#include <dynorm/error.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::dsl {

// Which field of a request an expression goes in. Each kind has its own placeholders (its letter
// after # and :), so the expressions of one request never collide: a condition's #c0 never
// meets an update's #u0.
enum class placeholder_kind : char {
    condition = 'c',
    update = 'u',
    key_condition = 'k',
    filter = 'f',
    projection = 'p',
};

} // namespace dynorm::dsl

namespace dynorm::inline DYNORM_ABI::dsl::detail {

struct slots {
    placeholder_kind kind;
    std::size_t name;  // first #<kind>N this node may use
    std::size_t value; // first :<kind>N this node may use
};

struct length_sink {
    std::size_t size = 0;
    constexpr void put(char) { ++size; }
    constexpr void put(std::string_view s) { size += s.size(); }
};

struct array_sink {
    char* out;
    constexpr void put(char c) { *out++ = c; }
    constexpr void put(std::string_view s) {
        for (const char c : s) *out++ = c;
    }
};

struct string_sink {
    std::string& out;
    void put(char c) { out += c; }
    void put(std::string_view s) { out += s; }
};

template <class Sink>
constexpr void put_number(Sink& sink, std::size_t n) {
    char digits[20]{};
    std::size_t count = 0;
    do {
        digits[count++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n);
    while (count) sink.put(digits[--count]);
}

template <class Sink>
constexpr void put_name_placeholder(Sink& sink, placeholder_kind kind, std::size_t n) {
    sink.put('#');
    sink.put(static_cast<char>(kind));
    put_number(sink, n);
}

template <class Sink>
constexpr void put_value_placeholder(Sink& sink, placeholder_kind kind, std::size_t n) {
    sink.put(':');
    sink.put(static_cast<char>(kind));
    put_number(sink, n);
}

// ,"#c0":"name" — one ExpressionAttributeNames entry, with a leading comma.
template <class Sink>
constexpr void put_name_entry(Sink& sink, placeholder_kind kind, std::size_t n, std::string_view name) {
    sink.put(',');
    sink.put('"');
    put_name_placeholder(sink, kind, n);
    sink.put("\":");
    dynorm::detail::put_json_string(sink, name);
}

// The text and names of a node whose shape is fixed by its type, as constants.
template <class Node, placeholder_kind Kind>
struct static_strings {
    static constexpr slots at{Kind, 0, 0};
    static constexpr std::size_t text_size = [] {
        length_sink s;
        Node::text(s, static_cast<const Node*>(nullptr), at);
        return s.size;
    }();
    static constexpr std::size_t names_size = [] {
        length_sink s;
        Node::names(s, static_cast<const Node*>(nullptr), at);
        return s.size;
    }();
    static constexpr std::array<char, text_size + 1> text_chars = [] {
        std::array<char, text_size + 1> a{};
        array_sink s{a.data()};
        Node::text(s, static_cast<const Node*>(nullptr), at);
        return a;
    }();
    static constexpr std::array<char, names_size + 1> names_chars = [] {
        std::array<char, names_size + 1> a{};
        array_sink s{a.data()};
        Node::names(s, static_cast<const Node*>(nullptr), at);
        return a;
    }();
    static constexpr std::string_view text{text_chars.data(), text_size};
    static constexpr std::string_view names{names_chars.data(), names_size};
};

} // namespace dynorm::dsl::detail
