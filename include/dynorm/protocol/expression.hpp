#pragma once
// An expression as the request builders take it: views of a compiled expression's text, its
// ExpressionAttributeNames entries and its ExpressionAttributeValues entries. The builders see
// no DSL types and no options structs, only these views, so one builder serves the typed DSL,
// raw strings, tables, document tables and transactions alike.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/dsl/compiled.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol {

struct expression {
    std::string_view text;   // empty: no expression
    std::string_view names;  // ,"#c0":"age" entries, each with a leading comma
    std::string_view values; // ,":c0":{"N":"1"} entries, each with a leading comma

    expression() = default;
    expression(const dsl::compiled_expression& e) noexcept // NOLINT: a compiled expression is one
        : text(e.text()), names(e.names()), values(e.values) {}

    bool empty() const noexcept { return text.empty(); }
};

namespace detail {

// Writes the expressions of one request, each under its field, and gathers their placeholders:
// finish() writes one ExpressionAttributeNames and one ExpressionAttributeValues map for all of
// them (each placeholder kind keeps its own names, so the entries never collide).
class expression_fields {
public:
    void add(std::string& body, std::string_view field, const expression& e) {
        if (e.empty()) return;
        body += ",\"";
        body += field;
        body += "\":";
        dynorm::detail::append_json_text(body, e.text, "expression");
        add_placeholders(e);
    }
    // The placeholder maps of raw expressions (an expression whose text went in another field).
    void add_placeholders(const expression& e) {
        if (count_ == max_expressions) throw encode_error("dynorm: too many expressions in one request");
        names_[count_] = e.names;
        values_[count_] = e.values;
        ++count_;
    }
    void finish(std::string& body) const {
        append_map(body, ",\"ExpressionAttributeNames\":{", names_);
        append_map(body, ",\"ExpressionAttributeValues\":{", values_);
    }

private:
    // a request has at most a key condition, a filter, a projection, an update, a condition and
    // the raw placeholder maps: a fixed array, no allocation per request
    static constexpr std::size_t max_expressions = 6;

    void append_map(std::string& body, std::string_view field,
                    const std::array<std::string_view, max_expressions>& parts) const {
        bool first = true;
        for (std::size_t i = 0; i < count_; ++i) {
            const std::string_view part = parts[i];
            if (part.empty()) continue;
            body += first ? field : std::string_view(",");
            body.append(part.substr(1)); // each part starts with a comma
            first = false;
        }
        if (!first) body += '}';
    }

    std::array<std::string_view, max_expressions> names_{}, values_{};
    std::size_t count_ = 0;
};

} // namespace detail
} // namespace dynorm::protocol
