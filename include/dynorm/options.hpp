#pragma once
// The options of the table calls: put, update and remove (write_options), get (get_options),
// batch_get (batch_get_options), query and scan (read_options). Each is a flat aggregate so calls
// read like boto3's keyword arguments: users.put(u, {.condition = ..., .returns = ...}). The parts
// several of them share (a raw expression's placeholder maps, the version fields, the retry
// triple) are read by one function each (dynorm/detail/write_plan.hpp, batch_retry), not by a
// base class: designated initializers can't name a base's members.

#include <dynorm/version.hpp>
#include <dynorm/dsl/fields.hpp>
#include <dynorm/protocol/item_write.hpp>
#include <dynorm/protocol/paged_read.hpp>
#include <dynorm/codec/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI {

// Options of put, update and remove.
template <class T>
struct write_options {
    dsl::condition<T> condition;                 // ConditionExpression: DSL or raw string
    std::map<std::string, std::string> names;    // placeholders of raw expressions
    std::map<std::string, value> values;         // placeholders of raw expressions
    return_values returns = return_values::none; // ReturnValues
    // Optimistic locking (items whose schema<T> declares a version, dynorm/schema/version.hpp): update and
    // remove need the version read; version_check = false writes without condition or bump.
    std::optional<std::int64_t> expected_version;
    bool version_check = true;
};

// Options of get.
template <class T>
struct get_options {
    bool consistent_read = false;
    dsl::projection<T> projection;               // ProjectionExpression: DSL or raw string
    std::map<std::string, std::string> names;    // placeholders of a raw projection
};

// Options of batch_get.
template <class T>
struct batch_get_options {
    bool consistent_read = false;
    dsl::projection<T> projection;            // DSL or raw string
    std::map<std::string, std::string> names; // placeholders of a raw projection
    int max_attempts = 10;                     // requests in a row leaving keys unprocessed before giving up
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{5000};
};

// Options of query and scan.
template <class T>
struct read_options {
    dsl::filter<T> filter;                       // FilterExpression: DSL or raw string
    dsl::projection<T> projection;               // ProjectionExpression: DSL or raw string
    std::string index;                           // IndexName
    std::optional<int> limit;                    // Limit: items evaluated per request
    bool consistent_read = false;                // ConsistentRead
    bool forward = true;                         // ScanIndexForward (query)
    std::optional<value> start;                  // ExclusiveStartKey
    std::optional<int> segment;                  // Segment (scan)
    std::optional<int> total_segments;           // TotalSegments (scan)
    // boto3's PaginationConfig: page_size items evaluated per request (the same as limit), stop
    // after max_items items (range.next_token() then resumes exactly there), resume from a token.
    std::optional<int> page_size;
    std::optional<std::size_t> max_items;
    std::string starting_token;
    consumed_capacity return_consumed_capacity = consumed_capacity::none;
    std::map<std::string, std::string> names;    // placeholders of raw expressions
    std::map<std::string, value> values;         // placeholders of raw expressions
};

// How batch requests retry what the service left unprocessed: batch_get's and the batch writer's
// options carry these three fields, read by retry_of.
struct batch_retry {
    int max_attempts = 10; // requests in a row that leave keys unprocessed before giving up
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{5000};
};

namespace detail {
template <class Options>
batch_retry retry_of(const Options& options) {
    return {options.max_attempts, options.backoff_base, options.backoff_cap};
}
} // namespace detail

} // namespace dynorm
