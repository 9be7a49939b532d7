#pragma once
// Projections: project<&User::age, &User::first_name>() or project(attr_<&Movie::info,
// &Info::genres>, attr_<&Movie::info, &Info::actors>[0]) -> "#p0, #p1.#p2, #p3.#p4[0]".

#include <dynorm/version.hpp>
#include <dynorm/dsl/condition.hpp>

namespace dynorm::inline DYNORM_ABI::dsl {

namespace detail {
template <std::size_t N>
struct comma_list_layout { // a, b, c
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        args_layout<N>::write_args(sink, child);
    }
};

template <class... Paths>
struct projection_expr : composite<comma_list_layout<sizeof...(Paths)>, Paths...> {
    using root = typename common_root<Paths...>::type;
    static constexpr bool is_projection = true;
};
} // namespace detail

template <path_like... Paths>
constexpr auto project(Paths&&... paths) {
    static_assert(sizeof...(Paths) >= 1, "dynorm: a projection names at least one attribute");
    return detail::projection_expr<std::remove_cvref_t<Paths>...>{{{std::tuple{std::forward<Paths>(paths)...}}}};
}

template <auto... Members>
constexpr auto project() {
    return project(attr_<Members>...);
}

namespace detail {

// Whether every stored member of Narrow is a member of Wide with the same attribute name and
// the same type, so that Wide's items can be read into a Narrow.
template <class Narrow, std::size_t I, class Wide, std::size_t... J>
consteval bool has_member_like(std::index_sequence<J...>) {
    return ((!is_skipped<Wide, J> && attribute_name<Wide, J> == attribute_name<Narrow, I> &&
             std::is_same_v<member_type<Wide, J>, member_type<Narrow, I>>) ||
            ...);
}
template <class Narrow, class Wide, std::size_t... I>
consteval bool has_members_like(std::index_sequence<I...>) {
    return ((is_skipped<Narrow, I> ||
             has_member_like<Narrow, I, Wide>(std::make_index_sequence<member_count<Wide>>{})) &&
            ...);
}
template <class Narrow, class Wide>
consteval bool is_subset_of() {
    return has_members_like<Narrow, Wide>(std::make_index_sequence<member_count<Narrow>>{});
}

// The projection of all the stored members of a struct: "#p0, #p1, ...".
template <class Narrow>
struct members_projection {
    static constexpr bool static_shape = true;
    static constexpr bool is_projection = true;
    using root = void;
    static constexpr std::size_t name_slots = []<std::size_t... I>(std::index_sequence<I...>) {
        return (std::size_t{0} + ... + (is_skipped<Narrow, I> ? 0 : 1));
    }(std::make_index_sequence<member_count<Narrow>>{});
    static constexpr std::size_t value_slots = 0;

    template <class Sink>
    static constexpr void text(Sink& sink, const members_projection*, slots at) {
        for (std::size_t k = 0; k < name_slots; ++k) {
            if (k) sink.put(", ");
            put_name_placeholder(sink, at.kind, at.name + k);
        }
    }
    template <class Sink>
    static constexpr void names(Sink& sink, const members_projection*, slots at) {
        std::size_t k = at.name;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((is_skipped<Narrow, I> ? void() : put_name_entry(sink, at.kind, k++, attribute_name<Narrow, I>)), ...);
        }(std::make_index_sequence<member_count<Narrow>>{});
    }
    void values(std::string&, slots) const {}
};

} // namespace detail

// The projection that reads a T's items into the narrower struct Narrow (checked to be a subset).
template <class Narrow, class T>
constexpr auto project_as() {
    static_assert(detail::is_subset_of<Narrow, T>(),
                  "dynorm: every member of the narrower struct must be a member of the table's item type, "
                  "with the same name and type");
    return detail::members_projection<Narrow>{};
}

} // namespace dynorm::dsl
