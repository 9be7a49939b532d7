#pragma once
// An expression ready for a request: its text (a compile-time constant when the expression's
// shape is known at compile time), its ExpressionAttributeNames entries (constant too, unless a
// name is only known at run time) and its ExpressionAttributeValues entries (always written at
// run time). Options structs hold these, so one field takes a DSL expression or a raw string.

#include <dynorm/version.hpp>
#include <dynorm/dsl/detail/emit.hpp>
#include <dynorm/error.hpp>
#include <dynorm/codec/value_type.hpp>

#include <map>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::dsl {

inline constexpr std::size_t max_expression_size = 4096;

struct compiled_expression {
    std::string_view static_text;  // when the text is a constant
    std::string runtime_text;      // otherwise
    std::string_view static_names; // ,"#c0":"age" entries (leading commas), when constant
    std::string runtime_names;
    std::string values;            // ,":c0":{"N":"1"} entries (leading commas)

    std::string_view text() const { return runtime_text.empty() ? static_text : std::string_view(runtime_text); }
    std::string_view names() const {
        return runtime_names.empty() ? static_names : std::string_view(runtime_names);
    }
    bool empty() const { return text().empty(); }
};

inline void check_size(const compiled_expression& e) {
    if (e.text().size() > max_expression_size)
        throw encode_error("expression is " + std::to_string(e.text().size()) +
                           " bytes, over DynamoDB's 4 KB limit");
}

template <placeholder_kind Kind, class Node>
compiled_expression compile(const Node& node) {
    compiled_expression out;
    constexpr detail::slots at{Kind, 0, 0};
    if constexpr (Node::static_shape) {
        out.static_text = detail::static_strings<Node, Kind>::text;
        out.static_names = detail::static_strings<Node, Kind>::names;
    } else {
        detail::string_sink text{out.runtime_text};
        Node::text(text, &node, at);
        detail::string_sink names{out.runtime_names};
        Node::names(names, &node, at);
    }
    node.values(out.values, at);
    check_size(out);
    return out;
}

// A raw expression string with its own placeholder maps (boto3-style), as a compiled expression.
inline compiled_expression compile_raw(std::string_view text, const std::map<std::string, std::string>& names = {},
                                       const std::map<std::string, value>& values = {}) {
    compiled_expression out;
    if (!dynorm::detail::valid_utf8(text)) throw encode_error("expression is not valid UTF-8");
    out.runtime_text = std::string(text);
    check_size(out);
    for (const auto& [placeholder, name] : names) {
        out.runtime_names += ',';
        dynorm::detail::append_json_text(out.runtime_names, placeholder, "expression attribute name placeholder");
        out.runtime_names += ':';
        dynorm::detail::append_json_text(out.runtime_names, name, "expression attribute name");
    }
    for (const auto& [placeholder, v] : values) {
        out.values += ',';
        dynorm::detail::append_json_text(out.values, placeholder, "expression attribute value placeholder");
        out.values += ':';
        try {
            append_attribute_value(out.values, v);
        } catch (encode_error& e) {
            e.prepend(placeholder);
            throw;
        }
    }
    return out;
}

// The placeholder maps of raw expressions alone (their text goes elsewhere): names and values
// entries, or nothing when both maps are empty.
inline compiled_expression compile_placeholders(const std::map<std::string, std::string>& names,
                                                const std::map<std::string, value>& values = {}) {
    if (names.empty() && values.empty()) return {};
    return compile_raw("", names, values);
}

} // namespace dynorm::dsl
