#pragma once
// Key conditions for Query: key_<&T::hash> == v, optionally && one condition on the sort key
// (==, <, <=, >, >=, between, begins_with). What a key condition may look like is checked at
// compile time against the table's (or the index's) keys, with a message for each mistake.

#include <dynorm/version.hpp>
#include <dynorm/dsl/condition.hpp>

namespace dynorm::inline DYNORM_ABI::dsl::detail {

template <class T>
struct key_member_of {
    static constexpr bool is_key = false;
};
template <auto Member>
struct key_member_of<key_path<Member>> {
    static constexpr bool is_key = true;
    static constexpr auto member = Member;
};

template <auto A, auto B>
consteval bool same_member() {
    if constexpr (std::is_same_v<decltype(A), decltype(B)>) return A == B;
    else return false;
}

enum class key_role { partition, partition_not_eq, sort, sort_not_equal, not_a_key, not_key_path, bad_join };

template <class Path, auto Hash, auto Range, bool HasRange, bool Equality>
consteval key_role role_of_path() {
    if constexpr (!key_member_of<Path>::is_key) return key_role::not_key_path;
    else if constexpr (same_member<key_member_of<Path>::member, Hash>())
        return Equality ? key_role::partition : key_role::partition_not_eq;
    else if constexpr (HasRange && same_member<key_member_of<Path>::member, Range>()) return key_role::sort;
    else return key_role::not_a_key;
}

template <class E, auto Hash, auto Range, bool HasRange>
struct key_roles {
    static constexpr key_role single = key_role::bad_join;
    static constexpr int partitions = 0, sorts = 0;
    static constexpr key_role problem = key_role::bad_join;
};

template <comparison Op, class L, class R, auto Hash, auto Range, bool HasRange>
struct key_roles<comparison_expr<Op, L, R>, Hash, Range, HasRange> {
    static constexpr key_role role = [] {
        constexpr key_role r = role_of_path<L, Hash, Range, HasRange, Op == comparison::eq>();
        return (r == key_role::sort && Op == comparison::ne) ? key_role::sort_not_equal : r;
    }();
    static constexpr int partitions = role == key_role::partition;
    static constexpr int sorts = role == key_role::sort;
    static constexpr key_role problem = (role == key_role::partition || role == key_role::sort) ? key_role::partition : role;
};

template <class Path, class... Rest, auto Hash, auto Range, bool HasRange>
struct key_roles<condition_expr<between_layout, Path, Rest...>, Hash, Range, HasRange> {
    static constexpr key_role role = role_of_path<Path, Hash, Range, HasRange, false>();
    static constexpr int partitions = 0;
    static constexpr int sorts = role == key_role::sort;
    static constexpr key_role problem = role == key_role::sort ? key_role::partition : role;
};

template <class Path, class... Rest, auto Hash, auto Range, bool HasRange>
struct key_roles<condition_expr<function_layout<begins_with_name>, Path, Rest...>, Hash, Range, HasRange>
    : key_roles<condition_expr<between_layout, Path, Rest...>, Hash, Range, HasRange> {};

template <class L, class R, auto Hash, auto Range, bool HasRange>
struct key_roles<and_expr<L, R>, Hash, Range, HasRange> {
    using left = key_roles<L, Hash, Range, HasRange>;
    using right = key_roles<R, Hash, Range, HasRange>;
    static constexpr int partitions = left::partitions + right::partitions;
    static constexpr int sorts = left::sorts + right::sorts;
    static constexpr key_role problem = left::problem != key_role::partition ? left::problem : right::problem;
};

// Why a key condition E is not valid for these keys, as a compile error.
template <class E, auto Hash, auto Range, bool HasRange>
consteval bool check_key_condition() {
    using roles = key_roles<std::remove_cvref_t<E>, Hash, Range, HasRange>;
    static_assert(roles::problem != key_role::bad_join,
                  "dynorm: a key condition is key_<hash> == v, optionally && one condition on the sort key; "
                  "||, !, and functions other than between and begins_with aren't allowed");
    static_assert(roles::problem != key_role::not_key_path,
                  "dynorm: a key condition names key attributes with key_<&T::member>, not attr_<...>");
    static_assert(roles::problem != key_role::not_a_key,
                  "dynorm: a key condition may only test the key attributes of the table (or of the index "
                  "queried)");
    static_assert(roles::problem != key_role::partition_not_eq,
                  "dynorm: the partition key must be tested with == in a key condition");
    static_assert(roles::problem != key_role::sort_not_equal,
                  "dynorm: != isn't allowed on the sort key in a key condition");
    static_assert(roles::partitions == 1 || roles::problem != key_role::partition,
                  "dynorm: a key condition must test the partition key with == (exactly once)");
    static_assert(roles::sorts <= 1, "dynorm: a key condition has at most one condition on the sort key; "
                                     "use between for a range");
    return true;
}

} // namespace dynorm::dsl::detail
