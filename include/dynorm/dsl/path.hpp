#pragma once
// Attribute paths: attr_<&Movie::info, &Info::rating>, list elements attr_<&Movie::info,
// &Info::actors>[0], map entries attr_<&User::scores>["math"], members of list elements
// attr_<&Order::lines>[2].dot<&Line::sku>(), key paths key_<&User::username>, and paths by name
// for untyped data, dsl::path("info.rating"). Each member is checked against the struct it is
// taken from at compile time; every name becomes a placeholder, so reserved words and names with
// '.', '#', ':', spaces or non-ASCII just work.

#include <dynorm/version.hpp>
#include <dynorm/codec/traits.hpp>
#include <dynorm/dsl/detail/emit.hpp>
#include <dynorm/reflect.hpp>
#include <dynorm/codec/value_type.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace dynorm::inline DYNORM_ABI::dsl {

namespace detail {

using dynorm::detail::unwrapped;

template <class P>
struct member_pointer_parts;
template <class C, class M>
struct member_pointer_parts<M C::*> {
    using owner = C;
    using member = M;
};

// A member of a struct, as a path segment.
template <class Container, auto Member>
struct member_segment {
    static constexpr auto member = Member;
    static constexpr bool runtime = false;
    static constexpr std::size_t name_slots = 1;
    static constexpr std::string_view name = attribute_name_of<Container, Member>;
};

// A list element [i]: its index is part of the text, known only at run time.
struct index_segment {
    static constexpr bool runtime = true;
    static constexpr std::size_t name_slots = 0;
    std::size_t index;
};

// An entry of a std::map member by key, or a name in a path by name: a placeholder whose name
// is known at run time.
struct key_segment {
    static constexpr bool runtime = true;
    static constexpr std::size_t name_slots = 1;
    std::string key;
};

// Walks a chain of member pointers: each must be a member of the previous member's type.
template <class Container, auto... Members>
struct member_chain;

template <class Container>
struct member_chain<Container> {
    using leaf = Container;
    using segments = std::tuple<>;
};

template <class Container, auto Member, auto... Rest>
struct member_chain<Container, Member, Rest...> {
    using parts = member_pointer_parts<std::remove_cv_t<decltype(Member)>>;
    static_assert(std::is_base_of_v<typename parts::owner, Container>,
                  "dynorm: in attr_<...>, each member must belong to the type of the member before "
                  "it (a path can't go through a member of another struct)");
    using next = member_chain<unwrapped<typename parts::member>, Rest...>;
    using leaf = typename next::leaf;
    using segments = decltype(std::tuple_cat(std::declval<std::tuple<member_segment<Container, Member>>>(),
                                             std::declval<typename next::segments>()));
};

template <class Tuple, class Segment>
using append_segment = decltype(std::tuple_cat(std::declval<Tuple>(), std::declval<std::tuple<Segment>>()));

} // namespace detail

// A path to an attribute of a Root item whose value has C++ type Leaf.
template <class Root, class Leaf, class Segments>
struct path_expr;

template <class Root, class Leaf, class... Segments>
struct path_expr<Root, Leaf, std::tuple<Segments...>> {
    using root = Root;
    using leaf = Leaf; // the member's type, std::optional unwrapped
    static constexpr bool is_path = true;
    static constexpr std::size_t name_slots = (std::size_t{0} + ... + Segments::name_slots);
    static constexpr std::size_t value_slots = 0;
    static constexpr bool static_shape = (!Segments::runtime && ...);

    std::tuple<Segments...> segments;

    // [i] a list element, [key] an entry of a std::map member (an untyped document: either). One
    // template, so a key or index of the wrong kind is a sentence, not a conversion: 0 or nullptr
    // would otherwise turn into a const char* key.
    template <class Index>
    auto operator[](Index&& index) const {
        using given = std::remove_cvref_t<Index>;
        constexpr bool is_value = std::same_as<Leaf, dynorm::value>;
        constexpr bool is_position = std::is_integral_v<given> && !std::is_same_v<given, bool>;
        constexpr bool is_key = !std::is_same_v<given, std::nullptr_t> && !is_position &&
                                std::is_convertible_v<Index&&, std::string_view>;
        if constexpr ((map_attribute<Leaf> || is_value) && is_key) {
            using element = std::conditional_t<is_value, dynorm::value, detail::unwrapped<typename Leaf::mapped_type>>;
            using next = path_expr<Root, element, detail::append_segment<std::tuple<Segments...>, detail::key_segment>>;
            return next{std::tuple_cat(
                segments, std::tuple{detail::key_segment{std::string(std::string_view(std::forward<Index>(index)))}})};
        } else if constexpr ((list_attribute<Leaf> || is_value) && is_position) {
            using element = std::conditional_t<is_value, dynorm::value, detail::unwrapped<typename Leaf::value_type>>;
            using next = path_expr<Root, element, detail::append_segment<std::tuple<Segments...>, detail::index_segment>>;
            return next{std::tuple_cat(segments, std::tuple{detail::index_segment{static_cast<std::size_t>(index)}})};
        } else if constexpr (map_attribute<Leaf>) {
            static_assert(dynorm::detail::dependent_false<Index>,
                          "dynorm: [key] on a std::map attribute takes a string key (attr_<&T::m>[\"name\"])");
        } else if constexpr (list_attribute<Leaf>) {
            static_assert(dynorm::detail::dependent_false<Index>,
                          "dynorm: [i] on a list attribute takes an integer index (attr_<&T::l>[0])");
        } else if constexpr (is_value) {
            static_assert(dynorm::detail::dependent_false<Index>,
                          "dynorm: [] on a path by name takes an integer index or a string key");
        } else {
            static_assert(dynorm::detail::dependent_false<Index>,
                          "dynorm: [i] needs a list attribute, [key] a std::map attribute");
        }
    }

    // A member of the struct this path leads to (after an index, say): path.dot<&Line::sku>().
    template <auto Member>
    auto dot() const {
        using chain = detail::member_chain<Leaf, Member>;
        using next = path_expr<Root, typename chain::leaf,
                               detail::append_segment<std::tuple<Segments...>,
                                                      std::tuple_element_t<0, typename chain::segments>>>;
        return next{std::tuple_cat(segments, std::tuple<std::tuple_element_t<0, typename chain::segments>>{})};
    }

    template <class Sink>
    static constexpr void text(Sink& sink, const path_expr* self, detail::slots at) {
        std::size_t name = at.name;
        bool first = true;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (segment_text<I>(sink, self, at.kind, name, first), ...);
        }(std::index_sequence_for<Segments...>{});
    }

    template <class Sink>
    static constexpr void names(Sink& sink, const path_expr* self, detail::slots at) {
        std::size_t name = at.name;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (segment_names<I>(sink, self, at.kind, name), ...);
        }(std::index_sequence_for<Segments...>{});
    }

    void values(std::string&, detail::slots) const {}

private:
    template <std::size_t I, class Sink>
    static constexpr void segment_text(Sink& sink, const path_expr* self, placeholder_kind kind, std::size_t& name, bool& first) {
        using segment = std::tuple_element_t<I, std::tuple<Segments...>>;
        if constexpr (std::same_as<segment, detail::index_segment>) {
            sink.put('[');
            detail::put_number(sink, std::get<I>(self->segments).index);
            sink.put(']');
        } else {
            if (!first) sink.put('.');
            detail::put_name_placeholder(sink, kind, name++);
        }
        first = false;
    }

    template <std::size_t I, class Sink>
    static constexpr void segment_names(Sink& sink, const path_expr* self, placeholder_kind kind, std::size_t& name) {
        using segment = std::tuple_element_t<I, std::tuple<Segments...>>;
        if constexpr (std::same_as<segment, detail::key_segment>)
            detail::put_name_entry(sink, kind, name++, std::get<I>(self->segments).key);
        else if constexpr (!std::same_as<segment, detail::index_segment>)
            detail::put_name_entry(sink, kind, name++, segment::name);
    }
};

template <class T>
concept path_like = requires { std::remove_cvref_t<T>::is_path; };

namespace detail {
template <auto First, auto... Rest>
using attr_path_type =
    path_expr<typename member_pointer_parts<std::remove_cv_t<decltype(First)>>::owner,
              typename member_chain<typename member_pointer_parts<std::remove_cv_t<decltype(First)>>::owner, First,
                                    Rest...>::leaf,
              typename member_chain<typename member_pointer_parts<std::remove_cv_t<decltype(First)>>::owner, First,
                                    Rest...>::segments>;
} // namespace detail

// attr_<&Movie::info, &Info::rating>: the attribute info.rating of a Movie.
template <auto First, auto... Rest>
inline constexpr detail::attr_path_type<First, Rest...> attr_{};

// key_<&User::username>: a key attribute, for key conditions (query) as well as conditions.
template <auto Member>
struct key_path : detail::attr_path_type<Member> {
    static constexpr bool is_key_path = true;
    static constexpr auto member = Member;
};

template <auto Member>
inline constexpr key_path<Member> key_{};

namespace detail {
// Splits "a.b[2].c" into names and indexes.
inline std::vector<std::variant<std::string, std::size_t>> parse_path(std::string_view text) {
    std::vector<std::variant<std::string, std::size_t>> out;
    std::size_t i = 0;
    auto fail = [&](const char* why) {
        throw encode_error(std::string("invalid path '") + std::string(text) + "': " + why);
    };
    while (i < text.size()) {
        const std::size_t end = text.find_first_of(".[", i);
        const std::string_view name = text.substr(i, end == std::string_view::npos ? end : end - i);
        if (name.empty()) fail("empty attribute name");
        if (!dynorm::detail::valid_utf8(name)) fail("attribute name is not valid UTF-8");
        out.emplace_back(std::string(name));
        i = end == std::string_view::npos ? text.size() : end;
        while (i < text.size() && text[i] == '[') {
            const std::size_t close = text.find(']', i);
            if (close == std::string_view::npos || close == i + 1) fail("unterminated or empty [index]");
            std::size_t index = 0;
            for (std::size_t k = i + 1; k < close; ++k) {
                if (text[k] < '0' || text[k] > '9') fail("list index is not a number");
                index = index * 10 + static_cast<std::size_t>(text[k] - '0');
            }
            out.emplace_back(index);
            i = close + 1;
        }
        if (i < text.size()) {
            if (text[i] != '.') fail("expected '.' or '['");
            if (++i == text.size()) fail("ends with '.'");
        }
    }
    if (out.empty()) fail("empty path");
    return out;
}
} // namespace detail

// A path whose segments are known only at run time (untyped data, names from configuration).
struct runtime_path {
    using root = void;
    using leaf = dynorm::value;
    static constexpr bool is_path = true;
    static constexpr bool static_shape = false;
    static constexpr std::size_t value_slots = 0;

    std::vector<std::variant<std::string, std::size_t>> segments;
    // Name placeholders are numbered per segment; the count is known only at run time, so a
    // runtime path takes its names from its own range (#<kind>r<n>_<i>), fixed per node.
    static constexpr std::size_t name_slots = 1;

    template <class Sink>
    static constexpr void text(Sink& sink, const runtime_path* self, detail::slots at) {
        bool first = true;
        std::size_t k = 0;
        for (const auto& segment : self->segments) {
            if (const auto* index = std::get_if<std::size_t>(&segment)) {
                sink.put('[');
                detail::put_number(sink, *index);
                sink.put(']');
            } else {
                if (!first) sink.put('.');
                put_placeholder(sink, at, k++);
            }
            first = false;
        }
    }

    template <class Sink>
    static constexpr void names(Sink& sink, const runtime_path* self, detail::slots at) {
        std::size_t k = 0;
        for (const auto& segment : self->segments)
            if (const auto* name = std::get_if<std::string>(&segment)) {
                sink.put(",\"");
                put_placeholder(sink, at, k++);
                sink.put("\":");
                dynorm::detail::put_json_string(sink, *name);
            }
    }

    void values(std::string&, detail::slots) const {}

private:
    template <class Sink>
    static constexpr void put_placeholder(Sink& sink, detail::slots at, std::size_t k) {
        detail::put_name_placeholder(sink, at.kind, at.name);
        sink.put('_');
        detail::put_number(sink, k);
    }
};

// dsl::path("info.actors[0]"): a path by name, for untyped items.
inline runtime_path path(std::string_view text) { return runtime_path{detail::parse_path(text)}; }

} // namespace dynorm::dsl
