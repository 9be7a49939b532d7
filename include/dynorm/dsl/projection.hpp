#pragma once
// Projections: project<&User::age, &User::first_name>() or project(attr_<&Movie::info,
// &Info::genres>, attr_<&Movie::info, &Info::actors>[0]) -> "#p0, #p1.#p2, #p3.#p4[0]".

#include <dynorm/dsl/condition.hpp>

namespace dynorm::dsl {

namespace detail {
struct comma_list {
    template <std::size_t N>
    struct layout {
        template <class Sink, class Child>
        static constexpr void write(Sink& sink, Child child) {
            args_layout<N>::write_args(sink, child);
        }
    };
};

template <class... Paths>
struct projection_expr : composite<typename comma_list::template layout<sizeof...(Paths)>, Paths...> {
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

} // namespace dynorm::dsl
