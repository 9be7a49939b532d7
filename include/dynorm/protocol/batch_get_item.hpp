#pragma once
// BatchGetItem: the keys of one or more tables with each table's read settings, and the items
// and unprocessed keys of the response.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/expression.hpp>
#include <dynorm/codec/value.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI::protocol {

// The fields a table's keys share in a BatchGetItem: ,"ConsistentRead":true,"ProjectionExpression":...
inline std::string batch_get_settings(bool consistent_read, const expression& projection,
                                      const expression& placeholders) {
    std::string out;
    if (consistent_read) out += ",\"ConsistentRead\":true";
    detail::expression_fields expressions;
    expressions.add(out, "ProjectionExpression", projection);
    expressions.add_placeholders(placeholders);
    expressions.finish(out);
    return out;
}

// The keys one request asks of one table.
struct batch_get_table {
    std::string_view table;
    std::string_view settings;         // from batch_get_settings
    std::span<const std::string> keys; // key JSON, at most 100 over all tables
};

inline std::string batch_get_item_body(std::span<const batch_get_table> tables) {
    std::string body = "{\"RequestItems\":{";
    bool first_table = true;
    for (const batch_get_table& t : tables) {
        if (t.keys.empty()) continue;
        if (!first_table) body += ',';
        first_table = false;
        dynorm::detail::append_json_string(body, t.table);
        body += ":{\"Keys\":[";
        for (std::size_t i = 0; i < t.keys.size(); ++i) {
            if (i) body += ',';
            body += t.keys[i];
        }
        body += ']';
        body += t.settings;
        body += '}';
    }
    body += "}}";
    return body;
}

// Keys the service left unprocessed, as it wrote them, to ask again.
struct unprocessed_keys {
    std::string table;
    std::vector<std::string> keys;
};

// Calls read(table, item) for every item of Responses and returns the UnprocessedKeys.
template <class Read>
std::vector<unprocessed_keys> read_batch_get_item(std::string& body, Read&& read) {
    bool any_unprocessed = false;
    {
        auto doc = detail::parse_body(body);
        dynorm::detail::for_each_field(
            detail::response_object(doc), [&](std::string_view field, simdjson::ondemand::value v) {
                simdjson::ondemand::object tables;
                if (field == "Responses") {
                    dynorm::detail::check(v.get_object().get(tables));
                    dynorm::detail::for_each_field(tables, [&](std::string_view table, simdjson::ondemand::value items) {
                        detail::for_each_item(items, [&](simdjson::ondemand::value item) { read(table, item); });
                    });
                } else if (field == "UnprocessedKeys") {
                    dynorm::detail::check(v.get_object().get(tables));
                    dynorm::detail::for_each_field(tables,
                                                   [&](std::string_view, simdjson::ondemand::value) { any_unprocessed = true; });
                }
            });
    }
    std::vector<unprocessed_keys> out;
    if (!any_unprocessed) return out;
    // rare: read the unprocessed keys back as the service wrote them
    const value response = value::from_json(body);
    for (const auto& [table, entry] : response.at("UnprocessedKeys").as_map()) {
        const value* keys = entry.find("Keys");
        if (!keys) continue;
        unprocessed_keys& u = out.emplace_back();
        u.table = table;
        for (const value& key : keys->as_list()) u.keys.push_back(key.to_json());
    }
    return out;
}

} // namespace dynorm::protocol
