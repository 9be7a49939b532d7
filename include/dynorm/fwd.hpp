#pragma once
// The customization points, without curl, OpenSSL or simdjson: a header that only declares
// models includes this (or dynorm/schema.hpp) and stays cheap to compile.

#include <dynorm/version.hpp>
#include <cstddef>
#include <string_view>
#include <tuple>

namespace dynorm::inline DYNORM_ABI {

// Specialize for a struct that is stored in a table:
//
//   template <> struct dynorm::schema<User> {
//       static constexpr std::string_view table = "users";
//       static constexpr auto hash_key  = &User::username;
//       static constexpr auto range_key = &User::last_name;            // optional
//       static constexpr auto fields = dynorm::fields(                 // optional
//           dynorm::rename<&User::first_name>("fname"), dynorm::skip<&User::cache>);
//   };
//
// A nested struct (stored as a map) may specialize it with `fields` only.
template <class T>
struct schema {};

// Specialize to store a type of your own as a type dynorm knows (a number, a string, ...):
//
//   template <> struct dynorm::attribute_traits<Money> {
//       using stored_type = std::int64_t;
//       static std::int64_t store(const Money& m) { return m.cents; }
//       static Money load(std::int64_t cents) { return Money{cents}; }
//   };
template <class T>
struct attribute_traits;

// Field options for schema<T>::fields: store a member under another attribute name, or leave it
// out of the item.
template <auto Member>
struct field_option {
    static constexpr auto member = Member;
    std::string_view name{};
    bool skipped = false;
};

template <auto Member>
constexpr field_option<Member> rename(std::string_view attribute_name) {
    return {attribute_name, false};
}

template <auto Member>
inline constexpr field_option<Member> skip{{}, true};

template <auto... Members>
constexpr std::tuple<field_option<Members>...> fields(field_option<Members>... options) {
    return {options...};
}

// A string usable as a template argument: index names (users.index<"by_account">()).
template <std::size_t N>
struct fixed_string {
    char chars[N]{};
    constexpr fixed_string(const char (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
    }
    constexpr std::string_view view() const { return {chars, N - 1}; }
};

// Secondary indexes, declared in schema<T>::indexes:
//
//   static constexpr auto indexes = std::tuple{
//       dynorm::global_index<"by_account", &User::account_type, &User::age, dynorm::keys_only>{{1, 1}},
//       dynorm::local_index<"by_first_name", &User::first_name, dynorm::include<&User::age>>{}};
//
// Projections: dynorm::all_attributes (the default), dynorm::keys_only, or dynorm::include<members...>.
// Index key members may be std::optional: items without them are not in the index (sparse).
struct all_attributes {};
struct keys_only {};
template <auto... Members>
struct include {};

// No range key (a hash-only global index).
inline constexpr std::nullptr_t no_range_key = nullptr;

struct index_throughput {
    long long read_capacity_units = 0; // 0: the table's billing mode decides (on-demand tables)
    long long write_capacity_units = 0;
};

template <fixed_string Name, auto HashKey, auto RangeKey = no_range_key, class Projection = all_attributes>
struct global_index {
    static constexpr std::string_view name = Name.view();
    static constexpr bool is_global = true;
    static constexpr auto hash_key = HashKey;
    static constexpr auto range_key = RangeKey;
    using projection = Projection;
    index_throughput throughput{};
};

// A local index shares the table's hash key and has its own range key.
template <fixed_string Name, auto RangeKey, class Projection = all_attributes>
struct local_index {
    static constexpr std::string_view name = Name.view();
    static constexpr bool is_global = false;
    static constexpr auto range_key = RangeKey;
    using projection = Projection;
};

} // namespace dynorm
