#pragma once
// TransactGetItems: its Get actions (reads of one key, as GetItem takes them without
// ConsistentRead: a transaction reads one consistent snapshot) and the items of the response,
// one per read, in order.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/get_item.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol {

// {"Get":{...}}
inline std::string transact_get_action(item_read r) {
    r.consistent_read = false; // not a field of Get
    std::string out = "{\"Get\":";
    detail::append_item_read(out, r);
    out += '}';
    return out;
}

inline std::string transact_get_items_body(std::span<const std::string_view> gets) {
    if (gets.empty() || gets.size() > 100)
        throw encode_error("transact_get: a transaction has 1 to 100 reads, not " + std::to_string(gets.size()));
    std::string body = "{\"TransactItems\":[";
    for (std::size_t i = 0; i < gets.size(); ++i) {
        if (i) body += ',';
        body += gets[i];
    }
    body += "]}";
    return body;
}

// Calls read(i, item) for the item of the i-th read (reads without an item are skipped); the
// response must hold exactly `reads` responses, or items would pair with the wrong reads.
template <class Read>
void read_transact_get_items(std::string& body, std::size_t reads, Read&& read) {
    auto doc = detail::parse_body(body);
    std::optional<std::size_t> responses_read;
    dynorm::detail::for_each_field(detail::response_object(doc), [&](std::string_view field, simdjson::ondemand::value v) {
        if (field != "Responses") return;
        simdjson::ondemand::array responses;
        dynorm::detail::check(v.get_array().get(responses));
        std::size_t index = 0;
        for (auto element : responses) {
            simdjson::ondemand::object response;
            dynorm::detail::check(element.get_object().get(response));
            dynorm::detail::for_each_field(response, [&](std::string_view key, simdjson::ondemand::value item) {
                if (key == "Item" && index < reads) read(index, item);
            });
            ++index;
        }
        responses_read = index;
    });
    if (responses_read != reads)
        throw decode_error("TransactGetItems answered " +
                           (responses_read ? std::to_string(*responses_read) : std::string("no")) +
                           " responses for " + std::to_string(reads) + " reads");
}

} // namespace dynorm::protocol
