#pragma once
// DynamoDB attribute JSON -> C++ value, read straight from simdjson's ondemand parser into the
// struct, with no intermediate map of attribute values.
//
// A value that doesn't fit its member is a decode_error naming the attribute path: a type
// mismatch ("expected N, got S at address.zipcode"), a number out of the member's range or a
// fraction read into an integer (never truncated), a missing attribute for a member that isn't
// std::optional. Attributes the struct doesn't know are ignored (DynamoDB items are schemaless).
// To let missing attributes keep the member's default value instead, put
//     static constexpr bool missing_is_default = true;
// in schema<T>.

#include <dynorm/version.hpp>
#include <dynorm/codec/decode_options.hpp>
#include <dynorm/codec/detail/decimal.hpp>
#include <dynorm/codec/detail/text.hpp>
#include <dynorm/codec/traits.hpp>
#include <dynorm/error.hpp>

#include <simdjson.h>

#include <bitset>
#include <charconv>
#include <concepts>
#include <cstring>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

namespace detail {

namespace json = simdjson::ondemand;

[[noreturn]] inline void malformed(simdjson::error_code ec) {
    throw decode_error(std::string("malformed JSON in the response: ") + simdjson::error_message(ec));
}

inline void check(simdjson::error_code ec) {
    if (ec) malformed(ec);
}

[[noreturn]] inline void type_mismatch(std::string_view expected, std::string_view got) {
    throw decode_error("expected " + std::string(expected) + ", got " + std::string(got));
}

// Calls f(key, value) for each field of a JSON object, in order.
template <class F>
void for_each_field(json::object obj, F&& f) {
    for (auto field_result : obj) {
        json::field field;
        check(std::move(field_result).get(field));
        std::string_view key;
        check(field.unescaped_key().get(key));
        f(key, field.value());
    }
}

// Input nested deeper than DynamoDB stores (32 levels of attributes, plus the item map and one
// list around it, as in a data file) is refused before recursion can exhaust the stack. Only
// untyped values recurse without a bound set by the C++ type.
inline constexpr int max_decode_depth = 34;

class nesting_guard {
public:
    nesting_guard() {
        if (++depth() > max_decode_depth) {
            --depth();
            throw decode_error("value is nested more than " + std::to_string(max_decode_depth) +
                               " levels deep (DynamoDB's limit is 32)");
        }
    }
    ~nesting_guard() { --depth(); }
    nesting_guard(const nesting_guard&) = delete;
    nesting_guard& operator=(const nesting_guard&) = delete;

private:
    static int& depth() noexcept {
        thread_local int d = 0;
        return d;
    }
};

// Nothing may follow the document's value ("{} x" is not JSON).
inline void check_document_end(json::document& doc) {
    const char* at = nullptr;
    if (doc.current_location().get(at) != simdjson::OUT_OF_BOUNDS)
        throw decode_error("malformed JSON in the response: content after the value");
}

// A number as the text it travels as; a response's text that isn't a DynamoDB number is a
// decode_error (number's own constructor reports an encode_error, for values a program makes).
inline number number_from_text(std::string_view text) {
    try {
        return number(text);
    } catch (const encode_error&) {
        throw decode_error("'" + std::string(text) + "' is not a DynamoDB number");
    }
}

// simdjson's raw token of a number runs up to the next structural character.
inline std::string_view number_token(std::string_view raw) {
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                            raw.back() == '\t' || raw.back() == ',' || raw.back() == ']' || raw.back() == '}'))
        raw.remove_suffix(1);
    return raw;
}

inline void expect_tag(std::string_view tag, std::string_view expected) {
    if (tag != expected) type_mismatch(expected, tag);
}

template <class T>
inline constexpr bool missing_is_default = [] {
    if constexpr (requires { schema<T>::missing_is_default; }) return schema<T>::missing_is_default;
    else return false;
}();

template <class T>
void decode_tagged(std::string_view tag, json::value inner, T& out, const decode_options& opt);

template <class T, std::size_t... I>
void decode_variant(std::string_view tag, json::value inner, T& out, const decode_options& opt,
                    std::index_sequence<I...>);

// Reads one attribute value, {"<tag>": <inner>}, into out.
template <class T>
void decode_attribute(json::value v, T& out, const decode_options& opt) {
    json::object obj;
    if (auto ec = v.get_object().get(obj)) {
        if (ec == simdjson::INCORRECT_TYPE) throw decode_error("attribute value is not an object");
        malformed(ec);
    }
    bool typed = false;
    for (auto field_result : obj) {
        if (typed) throw decode_error("attribute value has more than one type");
        json::field field;
        check(std::move(field_result).get(field));
        std::string_view tag;
        check(field.unescaped_key().get(tag));
        decode_tagged(tag, field.value(), out, opt);
        typed = true;
    }
    if (!typed) throw decode_error("attribute value has no type");
}

inline std::string_view get_text(json::value v) {
    std::string_view text;
    check(v.get_string().get(text));
    return text;
}

template <class Int>
Int integer_from_text(std::string_view text) {
    decimal_parts parts;
    if (!parse_decimal(text, parts)) throw decode_error("'" + std::string(text) + "' is not a number");
    Int out{};
    switch (decimal_to_integer(parts, out)) {
    case integer_result::ok: return out;
    case integer_result::fraction:
        throw decode_error("number " + std::string(text) + " has a fraction; the member is an integer");
    default:
        throw decode_error("number " + std::string(text) + " is out of the member's range");
    }
}

template <class Float>
Float float_from_text(std::string_view text) {
    // from_chars also reads "nan", "inf" and "infinity", which are no DynamoDB numbers
    const char lead = text.empty() ? '\0' : text[text[0] == '-' && text.size() > 1];
    if (!(lead >= '0' && lead <= '9') && lead != '.')
        throw decode_error("'" + std::string(text) + "' is not a number");
    Float out{};
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc::result_out_of_range)
        throw decode_error("number " + std::string(text) + " is out of the member's range");
    if (ec != std::errc{} || ptr != text.data() + text.size())
        throw decode_error("'" + std::string(text) + "' is not a number");
    return out;
}

template <class Duration>
void time_from_text(std::string_view text,
                    std::chrono::time_point<std::chrono::system_clock, Duration>& out) {
    utc_time t;
    if (!parse_iso8601(text, t))
        throw decode_error("'" + std::string(text) + "' is not an ISO-8601 UTC time");
    Duration since_epoch{};
    switch (from_utc_time(t, since_epoch)) {
    case time_result::ok: break;
    case time_result::out_of_range: throw decode_error("time " + std::string(text) + " is outside the member's range");
    case time_result::too_fine:
        throw decode_error("time " + std::string(text) + " is finer than the member's precision");
    }
    out = std::chrono::time_point<std::chrono::system_clock, Duration>(since_epoch);
}

// A scalar from the text it travels as: S text, N text, or B base64 (also set elements).
template <class T>
void scalar_from_text(std::string_view text, T& out) {
    if constexpr (custom_attribute<T>) {
        typename attribute_traits<T>::stored_type stored{};
        scalar_from_text(text, stored);
        out = attribute_traits<T>::load(std::move(stored));
    } else if constexpr (std::same_as<T, std::string>) out.assign(text);
    else if constexpr (std::same_as<T, number>) out = number_from_text(text);
    else if constexpr (integer_attribute<T>) out = integer_from_text<T>(text);
    else if constexpr (float_attribute<T>) out = float_from_text<T>(text);
    else if constexpr (std::same_as<T, epoch_seconds>)
        out = epoch_seconds(std::chrono::sys_seconds(std::chrono::seconds(integer_from_text<std::int64_t>(text))));
    else if constexpr (is_time_point<T>) time_from_text(text, out);
    else if constexpr (described_enum<T>) {
        if (!boost::describe::enum_from_string(std::string(text).c_str(), out))
            throw decode_error("'" + std::string(text) + "' is not a value of the enum");
    } else if constexpr (std::is_enum_v<T>)
        out = static_cast<T>(integer_from_text<std::underlying_type_t<T>>(text));
    else if constexpr (binary_attribute<T>) {
        std::string bytes;
        if (!decode_base64(text, bytes)) throw decode_error("binary value is not valid base64");
        if constexpr (std::same_as<T, binary>) out.bytes = std::move(bytes);
        else {
            out.resize(bytes.size());
            if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size()); // data() may be null
        }
    } else
        static_assert(dependent_false<T>, "dynorm: not a scalar type");
}

template <class T>
void decode_members(json::object obj, T& out, const decode_options& opt);

template <class T, class Element>
void add_to_container(T& container, Element&& element) {
    if constexpr (requires { container.insert(std::forward<Element>(element)); })
        container.insert(std::forward<Element>(element));
    else
        container.push_back(std::forward<Element>(element));
}

template <class T>
void decode_tagged(std::string_view tag, json::value inner, T& out, const decode_options& opt) {
    if constexpr (custom_attribute<T>) {
        typename attribute_traits<T>::stored_type stored{};
        decode_tagged(tag, inner, stored, opt);
        out = attribute_traits<T>::load(std::move(stored));
    } else if constexpr (optional_attribute<T>) {
        if (tag == "NULL") {
            out.reset();
        } else {
            if (!out) out.emplace();
            decode_tagged(tag, inner, *out, opt);
        }
    } else if constexpr (variant_attribute<T>) {
        decode_variant(tag, inner, out, opt, std::make_index_sequence<std::variant_size_v<T>>{});
    } else if constexpr (std::same_as<T, dynorm::value>) {
        decode_document(tag, inner, out);
    } else if constexpr (std::same_as<T, bool>) {
        expect_tag(tag, "BOOL");
        check(inner.get_bool().get(out));
    } else if constexpr (constexpr attribute_type type = attribute_type_of<T>;
                         type == attribute_type::S || type == attribute_type::N ||
                         type == attribute_type::B) {
        expect_tag(tag, type_tag(type));
        scalar_from_text(get_text(inner), out);
    } else if constexpr (set_attribute<T>) {
        expect_tag(tag, type_tag(attribute_type_of<T>));
        json::array array;
        check(inner.get_array().get(array));
        out.clear();
        for (auto element : array) {
            json::value v;
            check(std::move(element).get(v));
            typename T::value_type item{};
            scalar_from_text(get_text(v), item);
            out.insert(std::move(item));
        }
    } else if constexpr (map_attribute<T>) {
        expect_tag(tag, "M");
        json::object obj;
        check(inner.get_object().get(obj));
        out.clear();
        for_each_field(obj, [&](std::string_view key, json::value v) {
            typename T::mapped_type element{};
            try {
                decode_attribute(v, element, opt);
            } catch (decode_error& e) {
                e.prepend(key);
                throw;
            }
            out.insert_or_assign(std::string(key), std::move(element));
        });
    } else if constexpr (struct_attribute<T>) {
        expect_tag(tag, "M");
        json::object obj;
        check(inner.get_object().get(obj));
        decode_members(obj, out, opt);
    } else if constexpr (list_attribute<T>) {
        expect_tag(tag, "L");
        json::array array;
        check(inner.get_array().get(array));
        std::size_t index = 0;
        if constexpr (!detail::is_std_array<T>) out.clear();
        for (auto element : array) {
            json::value v;
            check(std::move(element).get(v));
            try {
                if constexpr (detail::is_std_array<T>) {
                    if (index >= out.size())
                        throw decode_error("list has more than " + std::to_string(out.size()) + " elements");
                    decode_attribute(v, out[index], opt);
                } else {
                    typename T::value_type item{};
                    decode_attribute(v, item, opt);
                    add_to_container(out, std::move(item));
                }
            } catch (decode_error& e) {
                e.prepend("[" + std::to_string(index) + "]");
                throw;
            }
            ++index;
        }
        if constexpr (detail::is_std_array<T>) {
            if (index != out.size())
                throw decode_error("list has " + std::to_string(index) + " elements, expected " +
                                   std::to_string(out.size()));
        }
    } else {
        // attribute_type_of explains, with the list of supported types
        [[maybe_unused]] constexpr attribute_type unsupported = attribute_type_of<T>;
    }
}

template <class T, std::size_t... I>
void decode_variant(std::string_view tag, json::value inner, T& out, const decode_options& opt,
                    std::index_sequence<I...>) {
    static_assert(
        [] {
            constexpr attribute_type types[] = {attribute_type_of<std::variant_alternative_t<I, T>>...};
            for (std::size_t a = 0; a < sizeof...(I); ++a)
                for (std::size_t b = a + 1; b < sizeof...(I); ++b)
                    if (types[a] == types[b]) return false;
            return true;
        }(),
        "dynorm: the alternatives of a std::variant must be stored as distinct DynamoDB types "
        "(one string, one number, one map ...), so that the type read back picks the alternative");
    const bool matched = ([&] {
        using alternative = std::variant_alternative_t<I, T>;
        if (tag != type_tag(attribute_type_of<alternative>)) return false;
        decode_tagged(tag, inner, out.template emplace<I>(), opt);
        return true;
    }() || ...);
    if (!matched) throw decode_error("no alternative of the variant is stored as " + std::string(tag));
}

template <class T, std::size_t... I>
bool decode_member_named(std::string_view key, json::value v, T& out, std::bitset<sizeof...(I) + 1>& seen,
                         const decode_options& opt, std::index_sequence<I...>) {
    return ([&] {
        if constexpr (is_skipped<T, I>) {
            return false;
        } else {
            if (key != attribute_name<T, I>) return false;
            try {
                decode_attribute(v, get_member<I>(out), opt);
            } catch (decode_error& e) {
                e.prepend(attribute_name<T, I>);
                throw;
            }
            seen.set(I);
            return true;
        }
    }() || ...);
}

template <class T, std::size_t... I>
void finish_members(T& out, const std::bitset<sizeof...(I) + 1>& seen, const decode_options& opt,
                    std::index_sequence<I...>) {
    (
        [&] {
            if constexpr (!is_skipped<T, I>) {
                if (seen.test(I)) return;
                auto& m = get_member<I>(out);
                using M = std::remove_cvref_t<decltype(m)>;
                if constexpr (optional_attribute<M>) m.reset();
                else if constexpr (set_attribute<M>) m.clear();
                else if (!opt.partial && !missing_is_default<T>)
                    throw decode_error("missing attribute (make the member std::optional, or set "
                                       "schema<T>::missing_is_default)",
                                       std::string(attribute_name<T, I>));
            }
        }(),
        ...);
}

template <class T>
void decode_members(json::object obj, T& out, const decode_options& opt) {
    constexpr std::size_t n = member_count<T>;
    std::bitset<n + 1> seen;
    for_each_field(obj, [&](std::string_view key, json::value v) {
        decode_member_named(key, v, out, seen, opt, std::make_index_sequence<n>{});
    });
    finish_members(out, seen, opt, std::make_index_sequence<n>{});
}

} // namespace detail

// Reads an item ({"name":{"S":"..."},...}, as found under "Item" or in "Items") into out.
template <class T>
void decode_item(simdjson::ondemand::value item, T& out, const decode_options& opt = {}) {
    static_assert(detail::check_reflectable<T>());
    simdjson::ondemand::object obj;
    detail::check(item.get_object().get(obj));
    detail::decode_members(obj, out, opt);
}

// Parses a whole item's JSON text (convenience for tests and files; responses are read in place).
template <class T>
T decode_item(std::string_view item_json, const decode_options& opt = {}) {
    static_assert(detail::check_reflectable<T>());
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(item_json);
    simdjson::ondemand::document doc;
    detail::check(parser.iterate(padded).get(doc));
    simdjson::ondemand::object obj;
    detail::check(doc.get_object().get(obj));
    T out{};
    detail::decode_members(obj, out, opt);
    detail::check_document_end(doc);
    return out;
}

// Parses one attribute value's JSON text ({"N":"42"}) into a T.
template <class T>
T decode_attribute_value(std::string_view json_text, const decode_options& opt = {}) {
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(json_text);
    simdjson::ondemand::document doc;
    detail::check(parser.iterate(padded).get(doc));
    simdjson::ondemand::value v;
    detail::check(doc.get_value().get(v));
    T out{};
    detail::decode_attribute(v, out, opt);
    detail::check_document_end(doc);
    return out;
}

} // namespace dynorm
