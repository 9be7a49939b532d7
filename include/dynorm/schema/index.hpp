#pragma once
// Secondary indexes declared in schema<T>::indexes (see dynorm/fwd.hpp): their keys, and the type
// of the items an index returns (their CreateTable definitions: dynorm/protocol/create_table.hpp). An index that projects all
// attributes returns T; one that projects only keys, or includes some members, returns
// dynorm::projected<T, members...>, whose get<&T::member>() compiles only for projected members.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/fwd.hpp>
#include <dynorm/schema/table_schema.hpp>

#include <optional>
#include <utility>
#include <vector>

#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace dynorm::inline DYNORM_ABI {

namespace detail {

template <class T>
consteval auto indexes_of() {
    if constexpr (requires { schema<T>::indexes; }) return schema<T>::indexes;
    else return std::tuple<>{};
}
template <class T>
using indexes_type = std::remove_cvref_t<decltype(indexes_of<T>())>;

template <class T, fixed_string Name, std::size_t... I>
consteval std::size_t index_position(std::index_sequence<I...>) {
    std::size_t found = sizeof...(I);
    (void)((std::tuple_element_t<I, indexes_type<T>>::name == Name.view() ? (found = I, true) : false) || ...);
    return found;
}

template <class T, fixed_string Name>
consteval std::size_t find_index() {
    constexpr std::size_t n = std::tuple_size_v<indexes_type<T>>;
    constexpr std::size_t position = index_position<T, Name>(std::make_index_sequence<n>{});
    static_assert(position < n, "dynorm: schema<T>::indexes declares no index of that name");
    return position;
}

template <auto Member>
constexpr bool is_key_member = !std::is_same_v<std::remove_cv_t<decltype(Member)>, std::nullptr_t>;

// An index key member: a member of T stored as S, N or B; std::optional is allowed (sparse index).
template <class T, auto Member>
struct index_key_member {
    static_assert(is_member_of<T, Member>(), "dynorm: an index key must be a pointer to a member of T (&T::member)");
    static constexpr std::size_t index = member_index<T, Member>;
    using type = unwrapped<member_type<T, index>>;
    static_assert(key_attribute<type>, "dynorm: an index key member must be stored as a string, number or binary "
                                       "scalar (S, N or B), std::optional of one for a sparse index");
    static constexpr std::string_view name = attribute_name<T, index>;
    static constexpr attribute_type stored_as = attribute_type_of<type>;
};

template <class T, class Index>
struct index_keys {
    static constexpr auto hash = [] {
        if constexpr (Index::is_global) return Index::hash_key;
        else return schema<T>::hash_key;
    }();
    static constexpr auto range = Index::range_key;
    static constexpr bool has_range = is_key_member<range>;
    using hash_member = index_key_member<T, hash>;
};

template <class Projection>
struct projection_members;
template <>
struct projection_members<all_attributes> {
    static constexpr bool all = true;
};
template <>
struct projection_members<keys_only> {
    static constexpr bool all = false;
};
template <auto... Members>
struct projection_members<include<Members...>> {
    static constexpr bool all = false;
};

template <class Projection>
constexpr std::string_view projection_type_name = std::is_same_v<Projection, all_attributes> ? "ALL"
                                                  : std::is_same_v<Projection, keys_only>    ? "KEYS_ONLY"
                                                                                             : "INCLUDE";

} // namespace detail

// An item read from an index that doesn't project all attributes: only the projected members can
// be read, with get<&T::member>(); reading another one doesn't compile.
template <class T, auto... Members>
class projected {
public:
    template <auto Member>
    const auto& get() const {
        static_assert(((detail::is_member_of<T, Member>() &&
                        std::is_same_v<std::remove_cv_t<decltype(Member)>, std::remove_cv_t<decltype(Members)>> &&
                        same_pointer<Member, Members>()) ||
                       ...),
                      "dynorm: this member isn't projected into the index (include it with dynorm::include<...>, "
                      "or project all attributes)");
        return item_.*Member;
    }

    // The projected members, in a T whose other members keep their default values.
    const T& partial_item() const noexcept { return item_; }
    T& storage() noexcept { return item_; }

private:
    template <auto A, auto B>
    static constexpr bool same_pointer() {
        if constexpr (std::is_same_v<decltype(A), decltype(B)>) return A == B;
        else return false;
    }
    T item_{};
};

namespace detail {

template <class T, class Index, class Projection = typename Index::projection>
struct index_item;
template <class T, class Index>
struct index_item<T, Index, all_attributes> {
    using type = T;
};
// The projected members of a keys-only or include index: the table's keys, the index's keys and
// the included members.
template <class T, class Index, auto... Included>
consteval auto keys_projection_type() {
    using keys = index_keys<T, Index>;
    if constexpr (table_schema<T>::has_range_key) {
        if constexpr (keys::has_range)
            return std::type_identity<
                projected<T, schema<T>::hash_key, schema<T>::range_key, keys::hash, keys::range, Included...>>{};
        else
            return std::type_identity<projected<T, schema<T>::hash_key, schema<T>::range_key, keys::hash, Included...>>{};
    } else {
        if constexpr (keys::has_range)
            return std::type_identity<projected<T, schema<T>::hash_key, keys::hash, keys::range, Included...>>{};
        else
            return std::type_identity<projected<T, schema<T>::hash_key, keys::hash, Included...>>{};
    }
}
template <class T, class Index, auto... Included>
using keys_projection = typename decltype(keys_projection_type<T, Index, Included...>())::type;

template <class T, class Index>
struct index_item<T, Index, keys_only> {
    using type = keys_projection<T, Index>;
};
template <class T, class Index, auto... Members>
struct index_item<T, Index, include<Members...>> {
    using type = keys_projection<T, Index, Members...>;
};

} // namespace detail

} // namespace dynorm
