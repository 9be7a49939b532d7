#pragma once
// The one write path of the api: every put, update, remove and condition check, of a table or of a
// transaction, is planned here before its request is built (dynorm/protocol/item_write.hpp).
// Planning applies the rules that cut across them once: optimistic locking (the caller's
// condition joined with the version's, the version bump joined to the SET clause, the version the
// stored item carries), the checks of the version options, and the raw expressions' placeholder
// maps compiled into one set of entries.

#include <dynorm/version.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/dsl/fields.hpp>
#include <dynorm/dsl/key_condition.hpp>
#include <dynorm/dsl/update.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/item_write.hpp>
#include <dynorm/schema/table_schema.hpp>
#include <dynorm/schema/version.hpp>

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace dynorm::inline DYNORM_ABI::detail {

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

// Where the SET keyword of a raw UpdateExpression ends, or npos: the first "SET" that is a word
// of its own (not part of a name, a #name or a :value).
inline std::size_t raw_set_clause_end(std::string_view text) {
    const auto name_char = [&](std::size_t at) {
        return at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_');
    };
    for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
        const bool starts_word = i == 0 || (!name_char(i - 1) && text[i - 1] != '#' && text[i - 1] != ':');
        if (starts_word && !name_char(i + 3) && (text[i] == 'S' || text[i] == 's') &&
            (text[i + 1] == 'E' || text[i + 1] == 'e') && (text[i + 2] == 'T' || text[i + 2] == 't'))
            return i + 3;
    }
    return std::string_view::npos;
}

// The update with "SET version = next" joined to its SET clause (an UpdateExpression names each
// clause once). Typed actions say where their SET clause is; only a raw string is searched. Its
// #dynormversion name comes with the version condition, always sent along.
template <versioned T>
dsl::compiled_expression with_version_bump(const dsl::compiled_update& update, std::int64_t next) {
    constexpr std::string_view assignment = "#dynormversion = :dynormnext";
    const std::string_view text = update.expression.text();
    std::size_t set_end = std::string_view::npos;
    if (update.set == dsl::set_clause::first) set_end = 3; // "SET ..."
    else if (update.set == dsl::set_clause::unknown) set_end = raw_set_clause_end(text);
    dsl::compiled_expression out;
    if (set_end == std::string_view::npos)
        out.runtime_text = "SET " + std::string(assignment) + (text.empty() ? "" : " ") + std::string(text);
    else
        out.runtime_text = std::string(text.substr(0, set_end)) + " " + std::string(assignment) + "," +
                           std::string(text.substr(set_end));
    out.runtime_names = std::string(update.expression.names());
    out.values = update.expression.values + ",\":dynormnext\":{\"N\":\"" + std::to_string(next) + "\"}";
    dsl::check_size(out);
    return out;
}

template <class T>
constexpr auto range_or_hash_key() {
    if constexpr (table_schema<T>::has_range_key) return schema<T>::range_key;
    else return schema<T>::hash_key;
}

// A typed update of a T: its paths name T's attributes, and none is a key attribute.
template <class T, class Path>
constexpr void check_not_key() {
    using segments = decltype(Path::segments);
    // a path by name (dsl::path) is only known at run time: nothing to check here
    if constexpr (requires { std::tuple_size<segments>::value; }) {
        using first = std::tuple_element_t<0, segments>;
        if constexpr (requires { first::member; }) {
            static_assert(!dsl::detail::same_member<first::member, schema<T>::hash_key>() &&
                              !dsl::detail::same_member<first::member, range_or_hash_key<T>()>(),
                          "dynorm: an update can't change a key attribute (the table's hash or range key)");
        }
    }
}
template <class T, class... Actions>
constexpr void check_typed_update() {
    (check_not_key<T, typename Actions::path>(), ...);
    static_assert(dsl::detail::belongs_to<dsl::detail::update_expr<Actions...>, T>,
                  "dynorm: the update names attributes of another item type than the table's");
}

enum class write_kind { put, update, remove, check };

// A write once its rules are applied. Its expressions are views of the caller's or of its own,
// so it stays where it was made (no copies, no moves).
template <class T>
class write_plan {
public:
    // `what` names the call in messages ("update", "tx::remove"). `item`: the item of a put;
    // `update`: the update of an update.
    template <class Options>
    write_plan(write_kind kind, std::string_view what, std::string_view table, const Options& options,
               const dsl::compiled_expression& condition, const dsl::compiled_update* update = nullptr,
               const T* item = nullptr)
        : condition_(condition) {
        if (update) update_ = update->expression;
        placeholders_owned_ = dsl::compile_placeholders(options.names, options.values);
        placeholders_ = placeholders_owned_;
        if (kind == write_kind::put) {
            if (options.expected_version)
                throw encode_error("put: expected_version is not used, the version is the item's own");
        } else if constexpr (!versioned<T>) {
            if (options.expected_version)
                throw encode_error(std::string(what) +
                                   ": expected_version is given but the item type has no version member in its schema");
        }
        if constexpr (versioned<T>) {
            if (!options.version_check) return;
            std::int64_t expected = 0;
            if (kind == write_kind::put) {
                expected = version_of(*item);
            } else if (kind == write_kind::check) {
                if (!options.expected_version) return; // a check of a versioned item needn't name a version
                expected = *options.expected_version;
            } else {
                if (!options.expected_version)
                    throw encode_error(std::string(what) + " on table " + std::string(table) +
                                       ": the item type has a version member; give .expected_version (the "
                                       "version you read) or .version_check = false");
                if (*options.expected_version < 0) throw encode_error("expected_version must not be negative");
                expected = *options.expected_version;
            }
            condition_owned_ = with_version_condition<T>(condition, expected);
            condition_ = condition_owned_;
            if (kind == write_kind::update) {
                update_owned_ = with_version_bump<T>(*update, expected + 1);
                update_ = update_owned_;
            }
            if (kind == write_kind::put || kind == write_kind::update) stored_version_ = expected + 1;
        }
    }
    write_plan(const write_plan&) = delete;
    write_plan& operator=(const write_plan&) = delete;

    // The write of `item_or_key` (the codec's JSON) into `table`, ready for a protocol builder.
    protocol::item_write request(std::string_view table, std::string_view item_or_key) const {
        return {table, item_or_key, update_, condition_, placeholders_};
    }

    // The version a versioned put or update stores; empty otherwise.
    std::optional<std::int64_t> stored_version() const noexcept { return stored_version_; }

private:
    protocol::expression condition_, update_, placeholders_;
    dsl::compiled_expression condition_owned_, update_owned_, placeholders_owned_;
    std::optional<std::int64_t> stored_version_;
};

// The item JSON of a put: the item as it is, or a versioned item with the version it is stored
// at (the caller's item keeps its version until the write succeeds).
template <table_model T>
std::string stored_item_json(const T& item, std::optional<std::int64_t> stored_version) {
    std::string json;
    json.reserve(256);
    if constexpr (versioned<T>) {
        if (stored_version) {
            T next = item;
            set_version(next, *stored_version);
            append_table_item(json, next);
            return json;
        }
    }
    append_table_item(json, item);
    return json;
}

} // namespace dynorm::detail
