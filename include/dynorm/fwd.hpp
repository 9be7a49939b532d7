#pragma once
// The customization points, without curl, OpenSSL or simdjson: a header that only declares
// models includes this (or dynorm/schema.hpp) and stays cheap to compile.

#include <string_view>
#include <tuple>

namespace dynorm {

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

} // namespace dynorm
