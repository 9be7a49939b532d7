#pragma once
// BatchWriteItem: put and delete requests grouped by table, and the requests the response lists
// as unprocessed.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/error.hpp>
#include <dynorm/codec/value.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI::protocol {

namespace detail {
// {"<Request>":{"<Field>":json}}
inline std::string write_request_json(std::string_view head, std::string_view json) {
    std::string out;
    out.reserve(head.size() + json.size() + 2);
    out += head;
    out += json;
    out += "}}";
    return out;
}
} // namespace detail

// {"PutRequest":{"Item":...}} and {"DeleteRequest":{"Key":...}}, from the codec's item JSON.
inline std::string put_request_json(std::string_view item) {
    return detail::write_request_json("{\"PutRequest\":{\"Item\":", item);
}
inline std::string delete_request_json(std::string_view key) {
    return detail::write_request_json("{\"DeleteRequest\":{\"Key\":", key);
}

// One request of a BatchWriteItem: the index of its table in the tables given, and its JSON.
struct batch_write_entry {
    std::size_t table;
    std::string_view request;
};

// {"RequestItems":{"table":[requests...],...}}: the entries grouped by table, tables in order.
inline std::string batch_write_item_body(std::span<const std::string> tables,
                                         std::span<const batch_write_entry> entries) {
    std::string body = "{\"RequestItems\":{";
    bool first_table = true;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        bool first = true;
        for (const batch_write_entry& e : entries) {
            if (e.table != t) continue;
            if (first) {
                if (!first_table) body += "],";
                first_table = false;
                dynorm::detail::append_json_string(body, tables[t]);
                body += ":[";
            } else {
                body += ',';
            }
            first = false;
            body += e.request;
        }
    }
    body += "]}}";
    return body;
}

// A request the service didn't process: its table, whether it was a put, and the item (put) or
// the key (delete) as the service wrote it.
struct unprocessed_write {
    std::string table;
    bool put = false;
    value item_or_key;
};

// The UnprocessedItems of a response, all read before any is returned: a malformed entry throws
// decode_error, so the caller can treat the whole request as not done.
inline std::vector<unprocessed_write> read_batch_write_item(const std::string& body) {
    const value response = value::from_json(body);
    std::vector<unprocessed_write> out;
    const value* all = response.find("UnprocessedItems");
    if (!all) return out;
    for (const auto& [table, entries] : all->as_map())
        for (const value& entry : entries.as_list()) {
            if (const value* put = entry.find("PutRequest"))
                out.push_back({table, true, value::from_item_json(put->at("Item").to_json())});
            else if (const value* del = entry.find("DeleteRequest"))
                out.push_back({table, false, value::from_item_json(del->at("Key").to_json())});
            else
                throw decode_error("an UnprocessedItems entry has neither PutRequest nor DeleteRequest");
        }
    return out;
}

} // namespace dynorm::protocol
