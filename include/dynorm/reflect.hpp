#pragma once
// Compile-time reflection of the structs dynorm stores.
//
// A plain aggregate needs nothing: Boost.PFR counts and reaches its members, and their names are
// read at compile time from __PRETTY_FUNCTION__ (boost::pfr::get_name from Boost 1.84 on).
// A class PFR can't see (private members, base classes) is described with Boost.Describe:
// BOOST_DESCRIBE_STRUCT(T, (Bases...), (members...)) or BOOST_DESCRIBE_CLASS inside the class.
// schema<T>::fields renames members or leaves them out of the item.

#include <dynorm/version.hpp>
#include <dynorm/fwd.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/pfr/core.hpp>
#include <boost/version.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace dynorm::inline DYNORM_ABI {

template <class T>
concept described_struct = boost::describe::has_describe_members<T>::value;

template <class T>
concept plain_aggregate = std::is_class_v<T> && std::is_aggregate_v<T> && !described_struct<T>;

template <class T>
concept reflectable = described_struct<T> || plain_aggregate<T>;

namespace detail {

template <class...>
inline constexpr bool dependent_false = false;

// The identifier at the end of a __PRETTY_FUNCTION__ such as
//   GCC:   "... [with auto H = holder<int>{(& fake<User>.value.User::age)}]"
//   clang: "... [H = {&fake.value.age}]"
consteval std::string_view trailing_identifier(std::string_view s) {
    std::size_t end = s.size();
    while (end > 0 && (s[end - 1] == ']' || s[end - 1] == '}' || s[end - 1] == ')' ||
                       s[end - 1] == ' '))
        --end;
    std::size_t begin = end;
    while (begin > 0 && s[begin - 1] != '.' && s[begin - 1] != ':' && s[begin - 1] != ' ' &&
           s[begin - 1] != '&' && s[begin - 1] != '>' && s[begin - 1] != '(')
        --begin;
    return s.substr(begin, end - begin);
}

template <auto Probe>
consteval const char* pretty_function() {
    return __PRETTY_FUNCTION__;
}

template <std::size_t N>
struct static_name {
    std::array<char, N + 1> chars{};
    consteval explicit static_name(std::string_view s) {
        for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
    }
    constexpr std::string_view view() const { return {chars.data(), N}; }
};

// The name of a member pointer, e.g. "age" for &User::age. Works on GCC and clang alike.
template <auto MemberPointer>
struct member_pointer_name_of {
    static constexpr std::string_view raw = trailing_identifier(pretty_function<MemberPointer>());
    static constexpr static_name<raw.size()> storage{raw};
    static constexpr std::string_view value = storage.view();
};

// Never defined: only the addresses of its members are taken, inside constant expressions.
template <class T>
struct fake_wrapper {
    const T value;
};
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-var-template"
#endif
template <class T>
extern const fake_wrapper<T> fake_object;

// clang 14 rejects a pointer to a subobject as a template argument, but not one inside a struct.
template <class P>
struct pointer_holder {
    const P* pointer;
};

template <class T, std::size_t I>
consteval std::string_view aggregate_member_name_raw() {
    using member = std::remove_cvref_t<decltype(boost::pfr::get<I>(fake_object<T>.value))>;
    return trailing_identifier(pretty_function<pointer_holder<member>{
        &boost::pfr::get<I>(fake_object<T>.value)}>());
}

template <class T, auto MemberPointer, std::size_t I>
consteval bool aggregate_member_is() {
    return static_cast<const void*>(&(fake_object<T>.value.*MemberPointer)) ==
           static_cast<const void*>(&boost::pfr::get<I>(fake_object<T>.value));
}
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

template <class T, std::size_t I>
struct aggregate_member_name {
#if BOOST_VERSION >= 108400
    static constexpr std::string_view value = boost::pfr::get_name<I, T>();
#else
    static constexpr std::string_view raw = aggregate_member_name_raw<T, I>();
    static constexpr static_name<raw.size()> storage{raw};
    static constexpr std::string_view value = storage.view();
#endif
};

template <class T>
using described_members =
    boost::describe::describe_members<T, boost::describe::mod_any_access |
                                             boost::describe::mod_inherited>;

template <class T>
consteval bool check_reflectable() {
    static_assert(reflectable<T>,
                  "dynorm: this type can't be reflected: it is not an aggregate (private members, "
                  "constructors or virtual functions). Describe it with BOOST_DESCRIBE_STRUCT or "
                  "BOOST_DESCRIBE_CLASS, or store it through dynorm::attribute_traits.");
    return true;
}

} // namespace detail

// Number of members of T.
template <class T>
inline constexpr std::size_t member_count = [] {
    static_assert(detail::check_reflectable<T>());
    if constexpr (described_struct<T>)
        return boost::mp11::mp_size<detail::described_members<T>>::value;
    else if constexpr (plain_aggregate<T>)
        return boost::pfr::tuple_size_v<T>;
    else
        return std::size_t{0};
}();

// The C++ name of member I of T.
template <class T, std::size_t I>
inline constexpr std::string_view member_name = [] {
    if constexpr (described_struct<T>)
        return std::string_view(boost::mp11::mp_at_c<detail::described_members<T>, I>::name);
    else
        return detail::aggregate_member_name<T, I>::value;
}();

// A reference to member I of obj (const if obj is const).
template <std::size_t I, class T>
constexpr decltype(auto) get_member(T& obj) noexcept {
    using U = std::remove_const_t<T>;
    if constexpr (described_struct<U>)
        return (obj.*boost::mp11::mp_at_c<detail::described_members<U>, I>::pointer);
    else
        return boost::pfr::get<I>(obj);
}

template <class T, std::size_t I>
using member_type = std::remove_cvref_t<decltype(get_member<I>(std::declval<T&>()))>;

// The name of the member a pointer designates ("age" for &User::age).
template <auto MemberPointer>
inline constexpr std::string_view member_pointer_name =
    detail::member_pointer_name_of<MemberPointer>::value;

namespace detail {
template <class T, auto MemberPointer, std::size_t I>
consteval bool is_member_at() {
    using pointer_type = std::remove_cv_t<decltype(MemberPointer)>;
    if constexpr (described_struct<T>) {
        constexpr auto described = boost::mp11::mp_at_c<described_members<T>, I>::pointer;
        if constexpr (std::is_same_v<std::remove_cv_t<decltype(described)>, pointer_type>)
            return described == MemberPointer;
        else
            return false;
    } else if constexpr (requires(const T& t) { t.*MemberPointer; }) {
        if constexpr (std::is_same_v<member_type<T, I>,
                                     std::remove_cvref_t<decltype(std::declval<const T&>().*
                                                                  MemberPointer)>>)
            return aggregate_member_is<T, MemberPointer, I>();
        else
            return false;
    } else {
        return false;
    }
}
} // namespace detail

// The index of the member a member pointer designates, or member_count<T> if it isn't one of T's.
template <class T, auto MemberPointer>
inline constexpr std::size_t member_index = []<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t found = member_count<T>;
    if constexpr (std::is_member_object_pointer_v<std::remove_cv_t<decltype(MemberPointer)>>)
        (void)((detail::is_member_at<T, MemberPointer, I>() ? (found = I, true) : false) || ...);
    return found;
}(std::make_index_sequence<member_count<T>>{});

// ---- attribute names: the member names after schema<T>::fields -------------------------------

namespace detail {

template <class T>
consteval auto field_options() {
    if constexpr (requires { schema<T>::fields; })
        return schema<T>::fields;
    else
        return std::tuple<>{};
}

template <class Option, class T>
consteval bool option_targets_member_of() {
    using pointer_type = std::remove_cv_t<decltype(Option::member)>;
    if constexpr (!std::is_member_object_pointer_v<pointer_type>)
        return false;
    else if constexpr (!requires(T & t) { t.*Option::member; })
        return false;
    else
        return member_index<T, Option::member> < member_count<T>;
}

struct field_info {
    std::string_view name;
    bool skipped;
};

template <class T, std::size_t I>
consteval field_info field_of() {
    constexpr auto options = field_options<T>();
    field_info info{member_name<T, I>, false};
    std::apply(
        [&](const auto&... option) {
            (
                [&] {
                    using option_type = std::remove_cvref_t<decltype(option)>;
                    static_assert(option_targets_member_of<option_type, T>(),
                                  "dynorm: schema<T>::fields names a member that is not a member "
                                  "of T");
                    if constexpr (option_targets_member_of<option_type, T>()) {
                        if (member_index<T, option_type::member> == I) {
                            if (option.skipped) info.skipped = true;
                            else info.name = option.name;
                        }
                    }
                }(),
                ...);
        },
        options);
    return info;
}

} // namespace detail

// The attribute name member I is stored under.
template <class T, std::size_t I>
inline constexpr std::string_view attribute_name = detail::field_of<T, I>().name;

// Whether member I is left out of the item (dynorm::skip).
template <class T, std::size_t I>
inline constexpr bool is_skipped = detail::field_of<T, I>().skipped;

// The attribute name a member pointer is stored under.
template <class T, auto MemberPointer>
inline constexpr std::string_view attribute_name_of = [] {
    constexpr std::size_t index = member_index<T, MemberPointer>;
    static_assert(index < member_count<T>, "dynorm: the member pointer is not a member of T");
    return attribute_name<T, index>;
}();

namespace detail {
// A new compiler whose __PRETTY_FUNCTION__ reads differently fails here, loudly, rather than
// storing attributes under wrong names.
struct reflection_probe {
    int dynorm_probe_member;
    int second;
};
static_assert(dynorm::member_pointer_name<&reflection_probe::second> == "second",
              "dynorm: this compiler names member pointers in a way dynorm can't read");
#if BOOST_VERSION < 108400
static_assert(dynorm::member_name<reflection_probe, 0> == "dynorm_probe_member",
              "dynorm: this compiler can't name the members of a plain aggregate; describe your "
              "structs with BOOST_DESCRIBE_STRUCT");
#endif
} // namespace detail

} // namespace dynorm
