#pragma once
// Conditions and filters: ==, !=, <, <=, >, >=, between, begins_with, in, exists, not_exists,
// type_is, contains, size(); &&, || and !. An operand must fit the attribute it is compared
// with, and a function must fit the attribute it is applied to; a misuse is a compile error
// whose message says what is wrong.
//
//   attr_<&User::age> < 27 && begins_with(attr_<&User::first_name>, "J")
//   size(attr_<&Movie::info, &Info::actors>) > 3 || not_exists(attr_<&Movie::info, &Info::plot>)

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/dsl/path.hpp>

#include <array>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI::dsl {

namespace detail {

template <class V>
using operand_type = std::conditional_t<std::is_array_v<std::remove_cvref_t<V>>, const char*,
                                        std::remove_cvref_t<V>>;

// Whether a value of type V may stand where an attribute of type Leaf is.
template <class Leaf, class V>
consteval bool fits() {
    using L = unwrapped<Leaf>;
    using O = unwrapped<operand_type<V>>;
    if constexpr (std::same_as<L, dynorm::value> || std::same_as<O, dynorm::value>) return true;
    else if constexpr (std::same_as<L, O>) return true;
    else if constexpr (custom_attribute<L> || custom_attribute<O> || std::is_enum_v<L> || std::is_enum_v<O>)
        return false; // only the type itself: its stored form is its own business
    else return attribute_type_of<L> == attribute_type_of<O>;
}

template <class Leaf>
constexpr bool is_ordered_type = [] {
    using L = unwrapped<Leaf>;
    if constexpr (std::same_as<L, dynorm::value>) return true;
    else {
        constexpr attribute_type t = attribute_type_of<L>;
        return t == attribute_type::S || t == attribute_type::N || t == attribute_type::B;
    }
}();

template <class Leaf, attribute_type... Types>
constexpr bool is_one_of = [] {
    using L = unwrapped<Leaf>;
    if constexpr (std::same_as<L, dynorm::value>) return true;
    else return ((attribute_type_of<L> == Types) || ...);
}();

// A value in an expression: one :<kind>N placeholder.
template <class V>
struct value_operand {
    static constexpr bool static_shape = true;
    static constexpr std::size_t name_slots = 0;
    static constexpr std::size_t value_slots = 1;
    V value;

    template <class Sink>
    static constexpr void text(Sink& sink, const value_operand*, slots at) {
        put_value_placeholder(sink, at.kind, at.value);
    }
    template <class Sink>
    static constexpr void names(Sink&, const value_operand*, slots) {}
    void values(std::string& out, slots at) const {
        out += ",\"";
        string_sink sink{out};
        put_value_placeholder(sink, at.kind, at.value);
        out += "\":";
        try {
            append_attribute_value(out, value);
        } catch (encode_error& e) {
            std::string placeholder;
            string_sink where{placeholder};
            put_value_placeholder(where, at.kind, at.value);
            e.prepend(placeholder);
            throw;
        }
    }
};

// Anything that writes itself into an expression (a path, a function, arithmetic ...).
template <class T>
concept expression_node = requires {
    std::remove_cvref_t<T>::static_shape;
    std::remove_cvref_t<T>::name_slots;
};

// Operand as stored in a node: an expression node stays itself, anything else becomes a value.
template <class V>
using node_of = std::conditional_t<expression_node<V>, std::remove_cvref_t<V>, value_operand<operand_type<V>>>;

template <class V>
constexpr auto make_node(V&& v) {
    if constexpr (expression_node<V>) return std::remove_cvref_t<V>(std::forward<V>(v));
    else return value_operand<operand_type<V>>{std::forward<V>(v)};
}

// The C++ type an operand stands for: a path's or expression's leaf, or the value's own type.
template <class V, bool = requires { typename std::remove_cvref_t<V>::leaf; }>
struct value_leaf_of {
    using type = operand_type<V>;
};
template <class V>
struct value_leaf_of<V, true> {
    using type = typename std::remove_cvref_t<V>::leaf;
};
template <class V>
using value_leaf = typename value_leaf_of<V>::type;

// Nodes made of children written in order with fixed text around them. Layout is a callable
// that, given a "write child i" function and a "write literal" function, writes the text.
template <class Layout, class... Children>
struct composite {
    static constexpr bool static_shape = (Children::static_shape && ...);
    static constexpr std::size_t name_slots = (std::size_t{0} + ... + Children::name_slots);
    static constexpr std::size_t value_slots = (std::size_t{0} + ... + Children::value_slots);
    std::tuple<Children...> children;

    template <class Sink>
    static constexpr void text(Sink& sink, const composite* self, slots at) {
        std::array<slots, sizeof...(Children)> starts = child_slots(at);
        Layout::write(sink, [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            using C = std::tuple_element_t<I, std::tuple<Children...>>;
            C::text(sink, self ? &std::get<I>(self->children) : static_cast<const C*>(nullptr), starts[I]);
        });
    }
    template <class Sink>
    static constexpr void names(Sink& sink, const composite* self, slots at) {
        std::array<slots, sizeof...(Children)> starts = child_slots(at);
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (std::tuple_element_t<I, std::tuple<Children...>>::names(
                 sink, self ? &std::get<I>(self->children) : nullptr, starts[I]),
             ...);
        }(std::index_sequence_for<Children...>{});
    }
    void values(std::string& out, slots at) const {
        std::array<slots, sizeof...(Children)> starts = child_slots(at);
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (std::get<I>(children).values(out, starts[I]), ...);
        }(std::index_sequence_for<Children...>{});
    }

private:
    static constexpr std::array<slots, sizeof...(Children)> child_slots(slots at) {
        std::array<slots, sizeof...(Children)> out{};
        std::size_t i = 0;
        ((out[i++] = at, at = slots{at.kind, at.name + Children::name_slots, at.value + Children::value_slots}), ...);
        return out;
    }
};

template <std::size_t I>
inline constexpr std::integral_constant<std::size_t, I> nth{};

// Layouts -------------------------------------------------------------------------------------

template <char... Op>
struct infix { // a <op> b
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        child(nth<0>);
        sink.put(' ');
        (sink.put(Op), ...);
        sink.put(' ');
        child(nth<1>);
    }
};

struct between_layout { // a BETWEEN b AND c
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        child(nth<0>);
        sink.put(" BETWEEN ");
        child(nth<1>);
        sink.put(" AND ");
        child(nth<2>);
    }
};

template <class Name>
struct function_layout { // name(a, b, ...)
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        sink.put(Name::value);
        sink.put('(');
        Name::template args<Sink>(sink, child);
        sink.put(')');
    }
};

template <std::size_t N>
struct args_layout {
    template <class Sink, class Child>
    static constexpr void write_args(Sink& sink, Child child) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((I ? sink.put(", ") : void(), child(nth<I>)), ...);
        }(std::make_index_sequence<N>{});
    }
};

#define DYNORM_DSL_FUNCTION(type_name, text_name, arity)                                           \
    struct type_name {                                                                             \
        static constexpr std::string_view value = text_name;                                       \
        template <class Sink, class Child>                                                         \
        static constexpr void args(Sink& sink, Child child) {                                      \
            args_layout<arity>::write_args(sink, child);                                           \
        }                                                                                          \
    };
DYNORM_DSL_FUNCTION(begins_with_name, "begins_with", 2)
DYNORM_DSL_FUNCTION(contains_name, "contains", 2)
DYNORM_DSL_FUNCTION(exists_name, "attribute_exists", 1)
DYNORM_DSL_FUNCTION(not_exists_name, "attribute_not_exists", 1)
DYNORM_DSL_FUNCTION(type_name_, "attribute_type", 2)
DYNORM_DSL_FUNCTION(size_name, "size", 1)
#undef DYNORM_DSL_FUNCTION

template <std::size_t N>
struct in_layout { // a IN (b, c, ...)
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        child(nth<0>);
        sink.put(" IN (");
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((I ? sink.put(", ") : void(), child(nth<I + 1>)), ...);
        }(std::make_index_sequence<N>{});
        sink.put(')');
    }
};

struct not_layout {
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        sink.put("NOT (");
        child(nth<0>);
        sink.put(')');
    }
};

template <bool ParenLeft, bool ParenRight, char... Op>
struct logical_layout { // (a) AND (b), parentheses only where precedence needs them
    template <class Sink, class Child>
    static constexpr void write(Sink& sink, Child child) {
        if (ParenLeft) sink.put('(');
        child(nth<0>);
        if (ParenLeft) sink.put(')');
        sink.put(' ');
        (sink.put(Op), ...);
        sink.put(' ');
        if (ParenRight) sink.put('(');
        child(nth<1>);
        if (ParenRight) sink.put(')');
    }
};

// A size(path) operand: compared with numbers only.
template <class Path>
struct size_operand : composite<function_layout<size_name>, Path> {
    static constexpr bool is_size = true;
    using root = typename Path::root;
};

template <class T>
concept size_like = requires { std::remove_cvref_t<T>::is_size; };

template <class T>
concept condition_node = requires { std::remove_cvref_t<T>::is_condition; } && !size_like<T>;

template <class T>
struct root_of {
    using type = void;
};
template <class T>
    requires requires { typename T::root; }
struct root_of<T> {
    using type = typename T::root;
};

// The item type all the paths of an expression belong to (void when it has no typed path).
template <class... Nodes>
struct common_root;
template <>
struct common_root<> {
    using type = void;
};
template <class First, class... Rest>
struct common_root<First, Rest...> {
    using a = typename root_of<First>::type;
    using b = typename common_root<Rest...>::type;
    static constexpr bool compatible = std::is_void_v<a> || std::is_void_v<b> || std::is_base_of_v<a, b> ||
                                       std::is_base_of_v<b, a>;
    static_assert(compatible, "dynorm: an expression mixes attributes of different item types");
    using type = std::conditional_t<std::is_void_v<a>, b,
                                    std::conditional_t<std::is_void_v<b>, a,
                                                       std::conditional_t<std::is_base_of_v<a, b>, b, a>>>;
};

template <class Layout, class... Children>
struct condition_expr : composite<Layout, Children...> {
    using root = typename common_root<Children...>::type;
    static constexpr bool is_condition = true;
};

enum class comparison { eq, ne, lt, le, gt, ge };

template <comparison Op>
using comparison_layout = std::conditional_t<
    Op == comparison::eq, infix<'='>,
    std::conditional_t<Op == comparison::ne, infix<'<', '>'>,
                       std::conditional_t<Op == comparison::lt, infix<'<'>,
                                          std::conditional_t<Op == comparison::le, infix<'<', '='>,
                                                             std::conditional_t<Op == comparison::gt, infix<'>'>,
                                                                                infix<'>', '='>>>>>>;

template <comparison Op, class L, class R>
struct comparison_expr : condition_expr<comparison_layout<Op>, L, R> {
    static constexpr comparison op = Op;
};

template <comparison Op, class L, class V>
constexpr auto compare(L&& lhs, V&& rhs) {
    if constexpr (size_like<L>) {
        static_assert(std::is_arithmetic_v<operand_type<V>> || std::same_as<operand_type<V>, dynorm::number>,
                      "dynorm: size(...) is a number: compare it with a number");
    } else {
        static_assert(fits<value_leaf<L>, value_leaf<V>>(),
                      "dynorm: the operand's type doesn't fit the attribute's type (compare numbers with "
                      "numbers, strings with strings, an enum or a type of your own with the same type)");
        if constexpr (Op != comparison::eq && Op != comparison::ne)
            static_assert(is_ordered_type<value_leaf<L>>,
                          "dynorm: <, <=, > and >= need a string, number or binary attribute");
    }
    using result = comparison_expr<Op, std::remove_cvref_t<L>, node_of<V>>;
    return result{{{std::tuple{std::remove_cvref_t<L>(std::forward<L>(lhs)), make_node(std::forward<V>(rhs))}}}};
}

template <class T>
concept operand_source = path_like<T> || size_like<T>;

template <comparison Op>
constexpr comparison flipped = Op == comparison::lt   ? comparison::gt
                               : Op == comparison::le ? comparison::ge
                               : Op == comparison::gt ? comparison::lt
                               : Op == comparison::ge ? comparison::le
                                                      : Op;

} // namespace detail

// ---- comparisons (both argument orders, and != spelled out: C++20 rewriting would otherwise
// turn them into ==, which doesn't return bool here) ----------------------------------------

#define DYNORM_DSL_COMPARISON(op_token, op_name)                                                   \
    template <detail::operand_source L, class V>                                                   \
    constexpr auto operator op_token(L&& lhs, V&& rhs) {                                           \
        return detail::compare<detail::comparison::op_name>(std::forward<L>(lhs), std::forward<V>(rhs)); \
    }                                                                                              \
    template <class V, detail::operand_source R>                                                   \
        requires(!detail::operand_source<V>)                                                       \
    constexpr auto operator op_token(V&& lhs, R&& rhs) {                                           \
        return detail::compare<detail::flipped<detail::comparison::op_name>>(std::forward<R>(rhs), \
                                                                             std::forward<V>(lhs)); \
    }
DYNORM_DSL_COMPARISON(==, eq)
DYNORM_DSL_COMPARISON(!=, ne)
DYNORM_DSL_COMPARISON(<, lt)
DYNORM_DSL_COMPARISON(<=, le)
DYNORM_DSL_COMPARISON(>, gt)
DYNORM_DSL_COMPARISON(>=, ge)
#undef DYNORM_DSL_COMPARISON

// ---- functions --------------------------------------------------------------------------------

template <path_like P, class Low, class High>
constexpr auto between(P&& p, Low&& low, High&& high) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::is_ordered_type<leaf>, "dynorm: between needs a string, number or binary attribute");
    static_assert(detail::fits<leaf, detail::operand_type<Low>>() && detail::fits<leaf, detail::operand_type<High>>(),
                  "dynorm: the bounds of between must have the attribute's type");
    using result = detail::condition_expr<detail::between_layout, std::remove_cvref_t<P>, detail::node_of<Low>,
                                          detail::node_of<High>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)), detail::make_node(std::forward<Low>(low)),
                               detail::make_node(std::forward<High>(high))}}}};
}

template <path_like P, class Prefix>
constexpr auto begins_with(P&& p, Prefix&& prefix) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::is_one_of<leaf, attribute_type::S, attribute_type::B>,
                  "dynorm: begins_with needs a string or binary attribute");
    static_assert(detail::fits<leaf, detail::operand_type<Prefix>>(),
                  "dynorm: the prefix of begins_with must have the attribute's type");
    using result = detail::condition_expr<detail::function_layout<detail::begins_with_name>, std::remove_cvref_t<P>,
                                          detail::node_of<Prefix>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)), detail::make_node(std::forward<Prefix>(prefix))}}}};
}

namespace detail {
template <class Leaf, class V>
consteval bool contains_fits() {
    using L = unwrapped<Leaf>;
    using O = operand_type<V>;
    if constexpr (std::same_as<L, dynorm::value>) return true;
    else if constexpr (attribute_type_of<L> == attribute_type::S) return fits<L, O>();
    else if constexpr (set_attribute<L> || list_attribute<L>) return fits<typename L::value_type, O>();
    else return false;
}
} // namespace detail

template <path_like P, class V>
constexpr auto contains(P&& p, V&& operand) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::is_one_of<leaf, attribute_type::S, attribute_type::SS, attribute_type::NS,
                                    attribute_type::BS, attribute_type::L>,
                  "dynorm: contains needs a string, set or list attribute");
    static_assert(detail::contains_fits<leaf, V>(),
                  "dynorm: contains takes a substring for a string, an element for a set or a list");
    using result = detail::condition_expr<detail::function_layout<detail::contains_name>, std::remove_cvref_t<P>,
                                          detail::node_of<V>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)), detail::make_node(std::forward<V>(operand))}}}};
}

template <path_like P>
constexpr auto exists(P&& p) {
    using result = detail::condition_expr<detail::function_layout<detail::exists_name>, std::remove_cvref_t<P>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p))}}}};
}

template <path_like P>
constexpr auto not_exists(P&& p) {
    using result = detail::condition_expr<detail::function_layout<detail::not_exists_name>, std::remove_cvref_t<P>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p))}}}};
}

template <path_like P>
constexpr auto type_is(P&& p, attribute_type type) {
    using result = detail::condition_expr<detail::function_layout<detail::type_name_>, std::remove_cvref_t<P>,
                                          detail::value_operand<std::string_view>>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)),
                               detail::value_operand<std::string_view>{type_tag(type)}}}}};
}

template <path_like P>
constexpr auto size(P&& p) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(detail::is_one_of<leaf, attribute_type::S, attribute_type::B, attribute_type::SS,
                                    attribute_type::NS, attribute_type::BS, attribute_type::L, attribute_type::M>,
                  "dynorm: size needs a string, binary, set, list or map attribute");
    return detail::size_operand<std::remove_cvref_t<P>>{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p))}}}};
}

// path IN (v1, v2, ...): up to 100 values, each of the attribute's type.
template <path_like P, class... V>
constexpr auto in(P&& p, V&&... candidates) {
    using leaf = typename std::remove_cvref_t<P>::leaf;
    static_assert(sizeof...(V) >= 1 && sizeof...(V) <= 100, "dynorm: IN takes 1 to 100 values");
    static_assert((detail::fits<leaf, detail::operand_type<V>>() && ...),
                  "dynorm: every value of IN must have the attribute's type");
    using result = detail::condition_expr<detail::in_layout<sizeof...(V)>, std::remove_cvref_t<P>, detail::node_of<V>...>;
    return result{{{std::tuple{std::remove_cvref_t<P>(std::forward<P>(p)), detail::make_node(std::forward<V>(candidates))...}}}};
}

// ---- logic ------------------------------------------------------------------------------------

namespace detail {
template <class T>
concept or_node = requires { std::remove_cvref_t<T>::is_or; };

template <class L, class R>
struct and_expr : condition_expr<logical_layout<or_node<L>, or_node<R>, 'A', 'N', 'D'>, L, R> {};
template <class L, class R>
struct or_expr : condition_expr<logical_layout<false, false, 'O', 'R'>, L, R> {
    static constexpr bool is_or = true; // AND puts parentheses around an OR
};
template <class E>
struct not_expr : condition_expr<not_layout, E> {};
} // namespace detail

template <detail::condition_node L, detail::condition_node R>
constexpr auto operator&&(L&& l, R&& r) {
    return detail::and_expr<std::remove_cvref_t<L>, std::remove_cvref_t<R>>{
        {{{std::tuple{std::forward<L>(l), std::forward<R>(r)}}}}};
}

template <detail::condition_node L, detail::condition_node R>
constexpr auto operator||(L&& l, R&& r) {
    return detail::or_expr<std::remove_cvref_t<L>, std::remove_cvref_t<R>>{
        {{{std::tuple{std::forward<L>(l), std::forward<R>(r)}}}}};
}

template <detail::condition_node E>
constexpr auto operator!(E&& e) {
    return detail::not_expr<std::remove_cvref_t<E>>{{{{std::tuple{std::forward<E>(e)}}}}};
}

} // namespace dynorm::dsl
