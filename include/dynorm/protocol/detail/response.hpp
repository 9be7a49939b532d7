#pragma once
// Reading response bodies in place with a per-thread simdjson parser, and reading the items in
// them. A document never outlives the reader that parsed it: items are decoded into structs
// before user code runs, so one parser per thread is enough.

#include <dynorm/version.hpp>
#include <dynorm/codec/decode.hpp>
#include <dynorm/codec/value.hpp>

#include <simdjson.h>

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol::detail {

// What a body buffer needs past its end for simdjson; the transport reserves it in advance.
inline constexpr std::size_t body_padding = simdjson::SIMDJSON_PADDING;

inline simdjson::ondemand::parser& thread_parser() {
    thread_local simdjson::ondemand::parser parser;
    return parser;
}

// Parses `body` in place (growing its capacity for simdjson's padding when it lacks it).
inline simdjson::ondemand::document parse_body(std::string& body) {
    if (body.capacity() < body.size() + body_padding) body.reserve(body.size() + body_padding);
    simdjson::ondemand::document doc;
    dynorm::detail::check(
        thread_parser().iterate(simdjson::padded_string_view(body.data(), body.size(), body.capacity())).get(doc));
    return doc;
}

// The top-level object of a response body.
inline simdjson::ondemand::object response_object(simdjson::ondemand::document& doc) {
    simdjson::ondemand::object obj;
    dynorm::detail::check(doc.get_object().get(obj));
    return obj;
}

// Reads one item of a response into a struct (decoded member by member), a projection of an
// index (its storage) or an untyped document. `partial`: members may be missing (projections).
template <class Item>
void read_item(simdjson::ondemand::value v, Item& out, bool partial) {
    if constexpr (requires { out.storage(); out.partial_item(); }) {
        decode_item(v, out.storage(), decode_options{true}); // an index's projected members
    } else if constexpr (std::same_as<Item, value>) {
        value::map attributes;
        dynorm::detail::decode_tagged("M", v, attributes, {});
        out = value(std::move(attributes));
    } else {
        decode_item(v, out, decode_options{partial});
    }
}

// The item under `field` of a response ("Item", "Attributes"), if there is one. An empty body
// (some servers answer a write that returns nothing with no body) has none.
template <class Item>
std::optional<Item> read_item_field(std::string& body, std::string_view field, bool partial) {
    if (body.empty()) return std::nullopt;
    auto doc = parse_body(body);
    std::optional<Item> out;
    dynorm::detail::for_each_field(response_object(doc), [&](std::string_view key, simdjson::ondemand::value v) {
        if (key == field && !out) read_item(v, out.emplace(), partial);
    });
    return out;
}

// Calls read(item) for each element of a JSON array of items.
template <class Read>
void for_each_item(simdjson::ondemand::value v, Read&& read) {
    simdjson::ondemand::array items;
    dynorm::detail::check(v.get_array().get(items));
    for (auto element : items) {
        simdjson::ondemand::value item;
        dynorm::detail::check(std::move(element).get(item));
        read(item);
    }
}

} // namespace dynorm::protocol::detail
