#pragma once
// Reading response bodies in place with a per-thread simdjson parser. A document never outlives
// the function that parsed it: pages are decoded into structs before user code runs, so one
// parser per thread is enough.

#include <dynorm/version.hpp>
#include <dynorm/codec/decode.hpp>
#include <dynorm/wire/transport.hpp>

#include <simdjson.h>

namespace dynorm::inline DYNORM_ABI::detail {

static_assert(simdjson::SIMDJSON_PADDING <= response_padding,
              "dynorm: response_padding must cover simdjson's padding");

inline simdjson::ondemand::parser& thread_parser() {
    thread_local simdjson::ondemand::parser parser;
    return parser;
}

inline simdjson::ondemand::document parse_body(http_response& r) {
    if (r.body.capacity() < r.body.size() + simdjson::SIMDJSON_PADDING)
        r.body.reserve(r.body.size() + simdjson::SIMDJSON_PADDING);
    simdjson::ondemand::document doc;
    check(thread_parser()
              .iterate(simdjson::padded_string_view(r.body.data(), r.body.size(), r.body.capacity()))
              .get(doc));
    return doc;
}

} // namespace dynorm::detail
