#pragma once
// Optimistic locking: a version member declared in schema<T>
//
//   template <> struct dynorm::schema<Account> {
//       static constexpr std::string_view table = "accounts";
//       static constexpr auto hash_key = &Account::id;
//       static constexpr auto version = &Account::version; // an integer member, 0 = never stored
//   };
//
// makes every put, update and remove (and their transaction forms) conditional on the version the
// caller read, and makes put and update store the next version. Another writer in between turns
// the write into conditional_check_failed. This header finds the version member; the write path
// (dynorm/detail/write_plan.hpp) builds the conditions and updates.

#include <dynorm/version.hpp>
#include <dynorm/schema/table_schema.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace dynorm::inline DYNORM_ABI {

// T's schema declares a version member.
template <class T>
concept versioned = table_model<T> && requires { schema<T>::version; };

namespace detail {

template <class T>
struct version_member {
    static_assert(is_member_of<T, schema<T>::version>(),
                  "dynorm: schema<T>::version must be a pointer to a member of T (&T::member)");
    static constexpr std::size_t index = member_index<T, schema<T>::version>;
    using type = member_type<T, index>;
    static_assert(std::is_integral_v<type> && !std::is_same_v<type, bool>,
                  "dynorm: the version member in schema<T> must be an integer (e.g. std::int64_t)");
    static_assert(index != table_schema<T>::hash::index, "dynorm: the version member can't be a key member");
    static constexpr std::string_view name = attribute_name<T, index>;
};

template <versioned T>
std::int64_t version_of(const T& item) {
    return static_cast<std::int64_t>(get_member<version_member<T>::index>(item));
}

template <versioned T>
void set_version(T& item, std::int64_t v) {
    get_member<version_member<T>::index>(item) = static_cast<typename version_member<T>::type>(v);
}

} // namespace detail
} // namespace dynorm
