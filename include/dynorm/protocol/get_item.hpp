#pragma once
// GetItem: the request for one key, the response's item.

#include <dynorm/version.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/item_write.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol {

struct item_read {
    std::string_view table;
    std::string_view key;    // the key, as the codec writes items
    bool consistent_read = false;
    expression projection;   // ProjectionExpression
    expression placeholders; // a raw projection's name map
};

namespace detail {
// The fields of a read of one key, after TableName (GetItem and TransactGetItems' Get).
inline void append_item_read(std::string& body, const item_read& r) {
    append_table_field(body, r.table);
    body += ",\"Key\":";
    body += r.key;
    if (r.consistent_read) body += ",\"ConsistentRead\":true";
    expression_fields expressions;
    expressions.add(body, "ProjectionExpression", r.projection);
    expressions.add_placeholders(r.placeholders);
    expressions.finish(body);
    body += '}';
}
} // namespace detail

inline std::string get_item_body(const item_read& r) {
    std::string body;
    body.reserve(64 + r.key.size() + r.projection.text.size());
    detail::append_item_read(body, r);
    return body;
}

// The item, or none when the table has no item with the key. `partial`: a projection was asked.
template <class Item>
std::optional<Item> read_get_item(std::string& body, bool partial) {
    return detail::read_item_field<Item>(body, "Item", partial);
}

} // namespace dynorm::protocol
