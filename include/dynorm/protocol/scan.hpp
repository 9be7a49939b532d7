#pragma once
// Scan: the body every page of a scan (or of one segment) shares (page_body adds where a page
// starts), read back with read_page (dynorm/protocol/paged_read.hpp).

#include <dynorm/version.hpp>
#include <dynorm/protocol/paged_read.hpp>

#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI::protocol {

struct scan_input {
    paged_read read;
    std::optional<int> segment;        // Segment
    std::optional<int> total_segments; // TotalSegments
};

// The Scan body without ExclusiveStartKey and without its closing brace.
inline std::string scan_body_start(const scan_input& s) {
    std::string body = detail::paged_read_start(s.read);
    if (s.segment) body += ",\"Segment\":" + std::to_string(*s.segment);
    if (s.total_segments) body += ",\"TotalSegments\":" + std::to_string(*s.total_segments);
    detail::expression_fields expressions;
    detail::paged_read_finish(body, s.read, expressions);
    return body;
}

} // namespace dynorm::protocol
