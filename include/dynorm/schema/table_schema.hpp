#pragma once
// The table a struct is stored in, checked at compile time: schema<T> (see dynorm/fwd.hpp) names
// the table and the key members; table_schema<T> validates them with readable messages and
// derives the typed primary key and its JSON (CreateTable's definitions: dynorm/protocol/create_table.hpp).

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/codec/traits.hpp>
#include <dynorm/fwd.hpp>
#include <dynorm/reflect.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// T has a schema<T> specialization naming a table and a hash key.
template <class T>
concept table_model = requires {
    { schema<T>::table } -> std::convertible_to<std::string_view>;
    schema<T>::hash_key;
};

// DynamoDB table names: 3 to 255 characters of [a-zA-Z0-9_.-].
constexpr bool valid_table_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 255) return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return false;
    return true;
}

namespace detail {

template <class T, auto Member>
consteval bool is_member_of() {
    using P = std::remove_cv_t<decltype(Member)>;
    if constexpr (!std::is_member_object_pointer_v<P>) return false;
    else return member_index<T, Member> < member_count<T>;
}

template <class T, auto Member>
struct key_member {
    static_assert(is_member_of<T, Member>(),
                  "dynorm: a key in schema<T> must be a pointer to a member of T (&T::member)");
    static constexpr std::size_t index = member_index<T, Member>;
    using type = member_type<T, index>;
    static_assert(key_attribute<type>,
                  "dynorm: a key member must be stored as a string, number or binary scalar "
                  "(S, N or B): not std::optional, not bool, not a container or a struct");
    static_assert(!is_skipped<T, index>, "dynorm: a key member can't be skipped in schema<T>::fields");
    static constexpr std::string_view name = attribute_name<T, index>;
    static constexpr attribute_type stored_as = attribute_type_of<type>;
};

} // namespace detail

template <table_model T>
struct table_schema {
    static_assert(valid_table_name(schema<T>::table),
                  "dynorm: schema<T>::table must be 3 to 255 characters of a-z, A-Z, 0-9, '_', "
                  "'.' and '-'");
    using hash = detail::key_member<T, schema<T>::hash_key>;
    static constexpr bool has_range_key = requires { schema<T>::range_key; };
    static constexpr std::string_view table_name = schema<T>::table;
};

namespace detail {

template <class T, bool HasRange = table_schema<T>::has_range_key>
struct range_of {
    using type = void;
};
template <class T>
struct range_of<T, true> {
    using member = key_member<T, schema<T>::range_key>;
    static_assert(member::index != table_schema<T>::hash::index,
                  "dynorm: schema<T>::hash_key and range_key must be different members");
    using type = typename member::type;
};

// Key values must not be empty, and DynamoDB caps their size: 2048 bytes for a partition key,
// 1024 for a sort key (a string's UTF-8 bytes, a binary's raw bytes; numbers are always small).
inline constexpr std::size_t max_hash_key_bytes = 2048;
inline constexpr std::size_t max_range_key_bytes = 1024;

template <class V>
void check_key_value(const V& v, std::string_view name, std::size_t max_bytes) {
    if constexpr (custom_attribute<V>) {
        check_key_value(attribute_traits<V>::store(v), name, max_bytes);
    } else if constexpr (requires { v.size(); }) {
        if (v.size() == 0) throw encode_error("key attribute must not be empty", std::string(name));
        if (v.size() > max_bytes)
            throw encode_error("key attribute is " + std::to_string(v.size()) + " bytes, over DynamoDB's " +
                                   std::to_string(max_bytes) + "-byte limit for this key",
                               std::string(name));
    } else if constexpr (std::is_same_v<V, const char*>) {
        check_key_value(std::string_view(v), name, max_bytes);
    }
}

} // namespace detail

namespace detail {
// Never true: named so that the compiler's notes show the key types expected and given.
template <class ExpectedHash, class ExpectedRange, class GivenHash, class GivenRange>
inline constexpr bool key_given_in_other_types = false;
template <class ExpectedHash, class ExpectedRange, class GivenHash>
inline constexpr bool key_given_without_range = false;
template <class ExpectedHash, class GivenHash, class GivenRange>
inline constexpr bool key_given_with_range_but_table_has_none = false;
} // namespace detail

// The primary key of a T: (hash) or (hash, range), with exactly the key members' types. A key of
// another shape or type is a dynorm sentence at the call, not overload noise.
template <table_model T, bool HasRange = table_schema<T>::has_range_key>
struct primary_key {
    using hash_type = typename table_schema<T>::hash::type;
    hash_type hash;
    // Implicit: a bare hash value (or anything the hash member is built from, like a string
    // literal for a std::string) is a key.
    template <class H>
        requires std::constructible_from<hash_type, H&&>
    primary_key(H&& h) : hash(std::forward<H>(h)) {} // NOLINT(google-explicit-constructor)
    template <class H>
        requires(!std::constructible_from<hash_type, H&&> && !std::same_as<std::remove_cvref_t<H>, primary_key>)
    primary_key(H&&) { // NOLINT(google-explicit-constructor)
        static_assert(detail::key_given_in_other_types<hash_type, void, H, void>,
                      "dynorm: a key of this table is its hash key's value, with the type of the hash_key member "
                      "of schema<T>; the value given here has another type");
    }
    template <class H, class R>
    primary_key(H&&, R&&) {
        static_assert(detail::key_given_with_range_but_table_has_none<hash_type, H, R>,
                      "dynorm: this table has no range key: its key is the hash key's value alone, as in get(hash)");
    }
    friend bool operator==(const primary_key&, const primary_key&) = default;
};

template <table_model T>
struct primary_key<T, true> {
    using hash_type = typename table_schema<T>::hash::type;
    using range_type = typename detail::range_of<T>::type;
    hash_type hash;
    range_type range;
    primary_key(hash_type h, range_type r) : hash(std::move(h)), range(std::move(r)) {}
    // A hash value alone where the key is {hash, range}.
    template <class H>
        requires(!std::same_as<std::remove_cvref_t<H>, primary_key>)
    primary_key(H&&) { // NOLINT(google-explicit-constructor)
        static_assert(detail::key_given_without_range<hash_type, range_type, H>,
                      "dynorm: a key of this table is {hash, range}: give the range key's value too, as in "
                      "get({hash, range})");
    }
    // {hash, range} of other types.
    template <class H, class R>
        requires(!(std::convertible_to<H&&, hash_type> && std::convertible_to<R&&, range_type>))
    primary_key(H&&, R&&) {
        static_assert(detail::key_given_in_other_types<hash_type, range_type, H, R>,
                      "dynorm: a key of this table is {hash, range} with the types of the key members of "
                      "schema<T> (hash_key, range_key); a value given here has another type");
    }
    friend bool operator==(const primary_key&, const primary_key&) = default;
};

// The key of an item.
template <table_model T>
primary_key<T> key_of(const T& item) {
    constexpr std::size_t h = table_schema<T>::hash::index;
    if constexpr (table_schema<T>::has_range_key)
        return {get_member<h>(item), get_member<detail::range_of<T>::member::index>(item)};
    else
        return {get_member<h>(item)};
}

// {"hash":{"S":"..."},"range":{"N":"..."}}, appended to out; empty key values are rejected.
namespace detail {
// The key values of T: its hash value, and its range value when T has a range key.
template <table_model T, class H, class... R>
    requires(sizeof...(R) == (table_schema<T>::has_range_key ? 1 : 0))
void check_key_values(const H& hash, const R&... range) {
    check_key_value(hash, table_schema<T>::hash::name, max_hash_key_bytes);
    (check_key_value(range, range_of<T>::member::name, max_range_key_bytes), ...);
}
} // namespace detail

template <table_model T>
void append_key(std::string& out, const primary_key<T>& key) {
    using hash = typename table_schema<T>::hash;
    detail::encoder enc(out);
    out += '{';
    bool first = true;
    if constexpr (table_schema<T>::has_range_key) {
        using range = typename detail::range_of<T>::member;
        detail::check_key_values<T>(key.hash, key.range);
        enc.attribute(hash::name, key.hash, first);
        enc.attribute(range::name, key.range, first);
    } else {
        detail::check_key_values<T>(key.hash);
        enc.attribute(hash::name, key.hash, first);
    }
    out += '}';
}

// The key as append_key writes it, in a string of its own.
template <table_model T>
std::string key_json(const primary_key<T>& key) {
    std::string json;
    json.reserve(64);
    append_key<T>(json, key);
    return json;
}

// The item JSON of a table's item, appended to out, after checking its key values as append_key
// does (the service would reject them; every write path checks them before sending).
template <table_model T>
std::size_t append_table_item(std::string& out, const T& item) {
    const auto& hash = get_member<table_schema<T>::hash::index>(item);
    if constexpr (table_schema<T>::has_range_key)
        detail::check_key_values<T>(hash, get_member<detail::range_of<T>::member::index>(item));
    else
        detail::check_key_values<T>(hash);
    return append_item(out, item);
}

} // namespace dynorm
