#pragma once
// Query: the body every page of a query shares (page_body adds where a page starts), read back
// with read_page (dynorm/protocol/paged_read.hpp).

#include <dynorm/version.hpp>
#include <dynorm/protocol/paged_read.hpp>

#include <string>

namespace dynorm::inline DYNORM_ABI::protocol {

struct query_input {
    paged_read read;
    expression key_condition; // KeyConditionExpression
    bool forward = true;      // ScanIndexForward
};

// The Query body without ExclusiveStartKey and without its closing brace.
inline std::string query_body_start(const query_input& q) {
    std::string body = detail::paged_read_start(q.read);
    if (!q.forward) body += ",\"ScanIndexForward\":false";
    detail::expression_fields expressions;
    expressions.add(body, "KeyConditionExpression", q.key_condition);
    detail::paged_read_finish(body, q.read, expressions);
    return body;
}

} // namespace dynorm::protocol
