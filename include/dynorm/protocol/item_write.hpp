#pragma once
// What PutItem, UpdateItem and DeleteItem share with the Put, Update, Delete and ConditionCheck
// actions of TransactWriteItems: one item (or key) of one table, an optional update and
// condition, the raw expressions' placeholders, and what to return. One writer for all of them,
// so a write's fields come out the same way whichever call sends it.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/protocol/detail/body.hpp>
#include <dynorm/protocol/expression.hpp>

#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

// ReturnValues of UpdateItem (put and remove take none or all_old).
enum class return_values { none, all_old, updated_old, all_new, updated_new };

namespace protocol {

struct item_write {
    std::string_view table;
    std::string_view item;   // the item (Put) or its key (the others), as the codec writes items
    expression update;       // UpdateExpression (Update only)
    expression condition;    // ConditionExpression
    expression placeholders; // the raw expressions' name and value maps (no text)
    return_values returns = return_values::none; // ReturnValues (single-item calls)
    bool return_item_on_failure = false;         // ReturnValuesOnConditionCheckFailure (transactions)
};

namespace detail {

inline std::string_view return_values_text(return_values r) {
    constexpr std::string_view texts[] = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"};
    return texts[static_cast<int>(r)];
}

// The fields of a write, after TableName: `item_field` is "Item" or "Key".
inline void append_write(std::string& body, std::string_view item_field, const item_write& w) {
    append_table_field(body, w.table);
    body += ",\"";
    body += item_field;
    body += "\":";
    body += w.item;
    expression_fields expressions;
    expressions.add(body, "UpdateExpression", w.update);
    expressions.add(body, "ConditionExpression", w.condition);
    expressions.add_placeholders(w.placeholders);
    expressions.finish(body);
    if (w.returns != return_values::none) {
        body += ",\"ReturnValues\":\"";
        body += return_values_text(w.returns);
        body += '"';
    }
    if (w.return_item_on_failure) body += ",\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"";
    body += '}';
}

inline std::string write_body(std::string_view item_field, const item_write& w) {
    std::string body;
    body.reserve(64 + w.item.size() + w.update.text.size() + w.condition.text.size());
    append_write(body, item_field, w);
    return body;
}

} // namespace detail
} // namespace protocol
} // namespace dynorm
