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
// the write into conditional_check_failed. The helpers here build those conditions and updates.

#include <dynorm/version.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/schema.hpp>

#include <cctype>
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

// The caller's condition AND "the stored version is `expected`" (0: the item has no version yet).
template <versioned T>
dsl::compiled_expression with_version_condition(const dsl::compiled_expression& condition, std::int64_t expected) {
    dsl::compiled_expression out;
    out.runtime_text = condition.empty() ? std::string() : "(" + std::string(condition.text()) + ") AND ";
    out.runtime_text += expected == 0 ? "attribute_not_exists(#dynormversion)" : "#dynormversion = :dynormexpected";
    out.runtime_names = std::string(condition.names()) + ",\"#dynormversion\":";
    append_json_string(out.runtime_names, version_member<T>::name);
    out.values = condition.values;
    if (expected != 0) out.values += ",\":dynormexpected\":{\"N\":\"" + std::to_string(expected) + "\"}";
    dsl::check_size(out);
    return out;
}

// The update with "SET version = next" merged into its SET clause (an UpdateExpression may name
// each clause once). Its #dynormversion name comes with the version condition, always sent along.
template <versioned T>
dsl::compiled_expression with_version_bump(const dsl::compiled_expression& update, std::int64_t next) {
    dsl::compiled_expression out;
    const std::string_view text = update.text();
    const std::string assignment = "#dynormversion = :dynormnext";
    std::size_t set_at = std::string_view::npos;
    for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
        const auto boundary = [&](std::size_t at) { // no name character at `at`
            return at >= text.size() || !(std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_');
        };
        const bool starts_word = i == 0 || (boundary(i - 1) && text[i - 1] != '#' && text[i - 1] != ':');
        if (starts_word && boundary(i + 3) && (text[i] == 'S' || text[i] == 's') &&
            (text[i + 1] == 'E' || text[i + 1] == 'e') && (text[i + 2] == 'T' || text[i + 2] == 't')) {
            set_at = i + 3;
            break;
        }
    }
    if (set_at == std::string_view::npos)
        out.runtime_text = "SET " + assignment + (text.empty() ? "" : " ") + std::string(text);
    else
        out.runtime_text = std::string(text.substr(0, set_at)) + " " + assignment + "," + std::string(text.substr(set_at));
    out.runtime_names = std::string(update.names());
    out.values = update.values + ",\":dynormnext\":{\"N\":\"" + std::to_string(next) + "\"}";
    dsl::check_size(out);
    return out;
}

// The version an update or a remove expects, from its options: required for versioned items
// unless the caller opted out (version_check = false).
template <versioned T, class Options>
std::int64_t expected_version(const Options& options, std::string_view table, std::string_view action) {
    if (!options.expected_version)
        throw encode_error(std::string(action) + " on table " + std::string(table) +
                           ": the item type has a version member; give .expected_version (the version "
                           "you read) or .version_check = false");
    if (*options.expected_version < 0) throw encode_error("expected_version must not be negative");
    return *options.expected_version;
}

// expected_version only means something for updates, removes and checks of versioned items.
template <class T, class Options>
void check_version_options(const Options& options, std::string_view action) {
    if constexpr (!versioned<T>)
        if (options.expected_version)
            throw encode_error(std::string(action) + ": expected_version is given but the item type has no version "
                                                     "member in its schema");
}
template <class Options>
void check_put_version_options(const Options& options) {
    if (options.expected_version)
        throw encode_error("put: expected_version is not used, the version is the item's own");
}

// A versioned put: appends the item as stored (with the next version) and returns the caller's
// condition joined with the version's.
template <versioned T>
dsl::compiled_expression append_versioned_item(std::string& body, const T& item,
                                               const dsl::compiled_expression& condition) {
    T next = item; // the caller's item stays as it is until the write succeeds
    set_version(next, version_of(item) + 1);
    append_table_item(body, next);
    return with_version_condition<T>(condition, version_of(item));
}

} // namespace detail
} // namespace dynorm
