#pragma once
// Update actions: set(path, value), set(path, path + v) / path - v, if_not_exists(path, v),
// list_append(a, b), remove(path) (also list elements), add(path, n) on numbers and sets,
// del(path, set) on sets. Several actions make one UpdateExpression:
//
//   users.update(key, set(attr_<&User::age>, 26), remove(attr_<&User::address>));
//   -> "SET #u0 = :u0 REMOVE #u1"

#include <dynorm/version.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/dsl/condition.hpp>

namespace dynorm::inline DYNORM_ABI::dsl {

namespace detail {

template <class T>
concept update_operand = requires { std::remove_cvref_t<T>::is_update_operand; } || path_like<T>;



template <class Layout, class Leaf, class... Children>
struct update_operand_expr : composite<Layout, Children...> {
    using leaf = Leaf;
    using root = typename common_root<Children...>::type;
    static constexpr bool is_update_operand = true;
};

template <class V>
constexpr bool is_number = [] {
    using L = unwrapped<V>;
    if constexpr (std::same_as<L, dynorm::value>) return true;
    else return attribute_type_of<L> == attribute_type::N;
}();

template <char Op, class L, class R>
constexpr auto arithmetic(L&& l, R&& r) {
    static_assert(is_number<value_leaf<L>> && is_number<value_leaf<R>>,
                  "dynorm: + and - in an update work on numbers only");
    using leaf = std::conditional_t<update_operand<L>, value_leaf<L>, value_leaf<R>>;
    using result = update_operand_expr<infix<Op>, leaf, node_of<L>, node_of<R>>;
    return result{{{std::tuple{make_node(std::forward<L>(l)), make_node(std::forward<R>(r))}}}};
}

struct if_not_exists_name {
    static constexpr std::string_view value = "if_not_exists";
    template <class Sink, class Child>
    static constexpr void args(Sink& sink, Child child) {
        args_layout<2>::write_args(sink, child);
    }
};
struct list_append_name {
    static constexpr std::string_view value = "list_append";
    template <class Sink, class Child>
    static constexpr void args(Sink& sink, Child child) {
        args_layout<2>::write_args(sink, child);
    }
};

// Update actions ----------------------------------------------------------------------------

enum class clause { set, remove, add, del };

template <clause Clause, class Layout, class Path, class... Rest>
struct action : composite<Layout, Path, Rest...> {
    static constexpr bool is_update_action = true;
    static constexpr clause kind = Clause;
    using path = Path;
    using root = typename common_root<Path, Rest...>::type;
};

struct single_layout {
    template <class Sink, class Child>
    static constexpr void write(Sink&, Child child) {
        child(nth<0>);
    }
};
struct space_layout {
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        child(nth<0>);
        sink.put(' ');
        child(nth<1>);
    }
};

template <class T>
concept update_action = requires { std::remove_cvref_t<T>::is_update_action; };

// The set of element type a set attribute holds, or void.
template <class Leaf>
constexpr bool is_set = [] {
    using L = unwrapped<Leaf>;
    if constexpr (std::same_as<L, dynorm::value>) return true;
    else return set_attribute<L>;
}();

} // namespace detail

// path + v, v + path, path - v, if_not_exists(...) + v: arithmetic on numbers, for set().
template <class L, class R>
    requires(detail::update_operand<L> || detail::update_operand<R>) && (!detail::size_like<L>) &&
            (!detail::size_like<R>)
constexpr auto operator+(L&& l, R&& r) {
    return detail::arithmetic<'+'>(std::forward<L>(l), std::forward<R>(r));
}
template <class L, class R>
    requires(detail::update_operand<L> || detail::update_operand<R>) && (!detail::size_like<L>) &&
            (!detail::size_like<R>)
constexpr auto operator-(L&& l, R&& r) {
    return detail::arithmetic<'-'>(std::forward<L>(l), std::forward<R>(r));
}

// if_not_exists(path, v): the attribute's value, or v when it has none.
template <path_like P, class V>
constexpr auto if_not_exists(P&& p, V&& fallback) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::fits<leaf, detail::value_leaf<V>>(),
                  "dynorm: the value of if_not_exists must have the attribute's type");
    using result = detail::update_operand_expr<detail::function_layout<detail::if_not_exists_name>, leaf,
                                               std::remove_cvref_t<P>, detail::node_of<V>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)), detail::make_node(std::forward<V>(fallback))}}}};
}

// list_append(a, b): list a followed by list b; either may be an attribute or a value.
template <class A, class B>
constexpr auto list_append(A&& a, B&& b) {
    using la = detail::unwrapped<detail::value_leaf<A>>;
    using lb = detail::unwrapped<detail::value_leaf<B>>;
    static_assert((list_attribute<la> || std::same_as<la, dynorm::value>) &&
                      (list_attribute<lb> || std::same_as<lb, dynorm::value>),
                  "dynorm: list_append joins two lists");
    if constexpr (list_attribute<la> && list_attribute<lb>)
        static_assert(detail::fits<typename la::value_type, typename lb::value_type>(),
                      "dynorm: list_append joins lists of the same element type");
    using leaf = std::conditional_t<detail::update_operand<A>, detail::value_leaf<A>, detail::value_leaf<B>>;
    using result = detail::update_operand_expr<detail::function_layout<detail::list_append_name>, leaf,
                                               detail::node_of<A>, detail::node_of<B>>;
    return result{{{std::tuple{detail::make_node(std::forward<A>(a)), detail::make_node(std::forward<B>(b))}}}};
}

// SET path = operand
template <path_like P, class V>
constexpr auto set(P&& p, V&& operand) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::fits<leaf, detail::value_leaf<V>>(),
                  "dynorm: the value set must have the attribute's type");
    using result = detail::action<detail::clause::set, detail::infix<'='>, std::remove_cvref_t<P>, detail::node_of<V>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)), detail::make_node(std::forward<V>(operand))}}}};
}

// REMOVE path (an attribute, a map entry or a list element)
template <path_like P>
constexpr auto remove(P&& p) {
    using result = detail::action<detail::clause::remove, detail::single_layout, std::remove_cvref_t<P>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p))}}}};
}

// ADD path n (numbers: atomic counter) or ADD path set (add elements to a set)
template <path_like P, class V>
constexpr auto add(P&& p, V&& operand) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::is_number<leaf> || detail::is_set<leaf>, "dynorm: add works on numbers and sets only");
    static_assert(detail::fits<leaf, detail::operand_type<V>>(),
                  "dynorm: add takes a number for a number attribute, a set of the same type for a set");
    using result = detail::action<detail::clause::add, detail::space_layout, std::remove_cvref_t<P>,
                                  detail::value_operand<detail::operand_type<V>>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)),
                               detail::value_operand<detail::operand_type<V>>{std::forward<V>(operand)}}}}};
}

// DELETE path set (remove elements from a set)
template <path_like P, class V>
constexpr auto del(P&& p, V&& elements) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::is_set<leaf>, "dynorm: del removes elements from a set attribute only");
    static_assert(detail::fits<leaf, detail::operand_type<V>>(), "dynorm: del takes a set of the attribute's type");
    using result = detail::action<detail::clause::del, detail::space_layout, std::remove_cvref_t<P>,
                                  detail::value_operand<detail::operand_type<V>>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)),
                               detail::value_operand<detail::operand_type<V>>{std::forward<V>(elements)}}}}};
}

namespace detail {

// Several actions as one UpdateExpression: "SET a, b REMOVE c ADD d DELETE e". Placeholders are
// numbered in the order the actions are given; the text groups them by clause.
template <class... Actions>
struct update_layout {
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        bool any_clause = false;
        for (const clause c : {clause::set, clause::remove, clause::add, clause::del}) {
            bool first = true;
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (
                    [&] {
                        if (std::tuple_element_t<I, std::tuple<Actions...>>::kind != c) return;
                        if (first) {
                            if (any_clause) sink.put(' ');
                            sink.put(c == clause::set      ? "SET "
                                     : c == clause::remove ? "REMOVE "
                                     : c == clause::add    ? "ADD "
                                                           : "DELETE ");
                            any_clause = true;
                        } else {
                            sink.put(", ");
                        }
                        first = false;
                        child(nth<I>);
                    }(),
                    ...);
            }(std::index_sequence_for<Actions...>{});
        }
    }
};

template <class... Actions>
struct update_expr : composite<update_layout<Actions...>, Actions...> {
    using root = typename common_root<Actions...>::type;
};

} // namespace detail

// Several actions as one expression, e.g. to keep them in a variable.
template <detail::update_action... Actions>
constexpr auto actions(Actions&&... a) {
    static_assert(sizeof...(Actions) >= 1, "dynorm: an update needs at least one action");
    return detail::update_expr<std::remove_cvref_t<Actions>...>{{std::tuple{std::forward<Actions>(a)...}}};
}

// Where an update's SET clause is, for a rule that must join it (an UpdateExpression names each
// clause once): typed actions know it (their text starts with SET when there is one); a raw
// string has to be searched.
enum class set_clause { first, absent, unknown };

struct compiled_update {
    compiled_expression expression;
    set_clause set = set_clause::unknown;
};

template <class... Actions>
compiled_update compile_update(const detail::update_expr<Actions...>& actions) {
    constexpr bool has_set = ((Actions::kind == detail::clause::set) || ...);
    return {compile<placeholder_kind::update>(actions), has_set ? set_clause::first : set_clause::absent};
}
inline compiled_update compile_raw_update(std::string_view text) { return {compile_raw(text), set_clause::unknown}; }

} // namespace dynorm::dsl
