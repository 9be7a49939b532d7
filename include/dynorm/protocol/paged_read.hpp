#pragma once
// What Query and Scan share: the read settings of their requests, the body of one page given
// where it starts, and the reader of a page.

#include <dynorm/version.hpp>
#include <dynorm/protocol/detail/body.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/expression.hpp>
#include <dynorm/codec/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// ReturnConsumedCapacity of query and scan.
enum class consumed_capacity { none, total, indexes };

// One page of a query or scan.
template <class T>
struct page {
    std::vector<T> items;
    std::int64_t count = 0;         // items returned (after the filter)
    std::int64_t scanned_count = 0; // items evaluated (before the filter)
    std::optional<value> last_evaluated_key; // where the next page starts; empty on the last page
    std::optional<double> consumed_capacity;  // capacity units, when return_consumed_capacity asks
};

namespace protocol {

struct paged_read {
    std::string_view table;
    std::string_view index;    // IndexName; empty: the table
    std::optional<int> limit;  // Limit: items evaluated per request
    bool consistent_read = false;
    consumed_capacity return_consumed_capacity = consumed_capacity::none;
    bool count_only = false;   // Select=COUNT
    expression filter;         // FilterExpression
    expression projection;     // ProjectionExpression
    expression placeholders;   // the raw expressions' name and value maps
};

namespace detail {

// TableName, IndexName, Limit, ConsistentRead, ReturnConsumedCapacity (no closing brace).
inline std::string paged_read_start(const paged_read& r) {
    std::string body;
    body.reserve(256);
    append_table_field(body, r.table);
    if (!r.index.empty()) {
        body += ",\"IndexName\":";
        dynorm::detail::append_json_text(body, r.index, "index name");
    }
    if (r.limit) {
        if (*r.limit < 1) throw encode_error("limit (page_size) must be at least 1");
        body += ",\"Limit\":" + std::to_string(*r.limit);
    }
    if (r.consistent_read) body += ",\"ConsistentRead\":true";
    if (r.return_consumed_capacity != consumed_capacity::none)
        body += r.return_consumed_capacity == consumed_capacity::total ? ",\"ReturnConsumedCapacity\":\"TOTAL\""
                                                                       : ",\"ReturnConsumedCapacity\":\"INDEXES\"";
    return body;
}

// The filter, the projection, their placeholders and Select, after a read's own fields.
inline void paged_read_finish(std::string& body, const paged_read& r, expression_fields& expressions) {
    expressions.add(body, "FilterExpression", r.filter);
    expressions.add(body, "ProjectionExpression", r.projection);
    expressions.add_placeholders(r.placeholders);
    expressions.finish(body);
    if (r.count_only) body += ",\"Select\":\"COUNT\"";
}

} // namespace detail

// The body of the page that starts after `start` (the first page when empty), from the body
// every page shares (query_body_start, scan_body_start).
inline std::string page_body(std::string_view shared, const std::optional<value>& start) {
    std::string body;
    body.reserve(shared.size() + 2 + (start ? 128 : 0));
    body += shared;
    if (start) {
        body += ",\"ExclusiveStartKey\":";
        body += start->to_item_json();
    }
    body += '}';
    return body;
}

// A Query or Scan response: its items, counts, LastEvaluatedKey and consumed capacity.
template <class Item>
page<Item> read_page(std::string& body, bool partial) {
    page<Item> out;
    auto doc = detail::parse_body(body);
    dynorm::detail::for_each_field(detail::response_object(doc), [&](std::string_view key, simdjson::ondemand::value v) {
        if (key == "Items") {
            detail::for_each_item(v, [&](simdjson::ondemand::value item) {
                detail::read_item(item, out.items.emplace_back(), partial);
            });
        } else if (key == "Count") {
            dynorm::detail::check(v.get_int64().get(out.count));
        } else if (key == "ScannedCount") {
            dynorm::detail::check(v.get_int64().get(out.scanned_count));
        } else if (key == "LastEvaluatedKey") {
            value last;
            detail::read_item(v, last, false);
            out.last_evaluated_key = std::move(last);
        } else if (key == "ConsumedCapacity") {
            simdjson::ondemand::object capacity;
            dynorm::detail::check(v.get_object().get(capacity));
            dynorm::detail::for_each_field(capacity, [&](std::string_view k, simdjson::ondemand::value c) {
                double units = 0;
                if (k == "CapacityUnits" && !c.get_double().get(units)) out.consumed_capacity = units;
            });
        }
    });
    return out;
}

} // namespace protocol
} // namespace dynorm
