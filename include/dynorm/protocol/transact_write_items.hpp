#pragma once
// TransactWriteItems: its Put, Update, Delete and ConditionCheck actions (each an item write, as
// PutItem, UpdateItem and DeleteItem take them) and the request around them. A canceled
// transaction's reasons come with the error (dynorm/wire/errors.hpp); a committed one's response
// has nothing dynorm reads.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/item_write.hpp>

#include <span>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol {

enum class transact_write_kind { put, update, remove, condition_check };

// {"Put":{...}}, {"Update":{...}}, {"Delete":{...}} or {"ConditionCheck":{...}}.
inline std::string transact_write_action(transact_write_kind kind, const item_write& w) {
    constexpr std::string_view heads[] = {"{\"Put\":", "{\"Update\":", "{\"Delete\":", "{\"ConditionCheck\":"};
    std::string out(heads[static_cast<int>(kind)]);
    detail::append_write(out, kind == transact_write_kind::put ? "Item" : "Key", w);
    out += '}';
    return out;
}

// The actions (1 to 100) with the ClientRequestToken (1 to 36 characters).
inline std::string transact_write_items_body(std::span<const std::string_view> actions, std::string_view token) {
    if (actions.empty() || actions.size() > 100)
        throw encode_error("transact_write: a transaction has 1 to 100 actions, not " + std::to_string(actions.size()));
    if (token.empty() || token.size() > 36) throw encode_error("client_request_token must be 1 to 36 characters");
    std::string body = "{\"TransactItems\":[";
    for (std::size_t i = 0; i < actions.size(); ++i) {
        if (i) body += ',';
        body += actions[i];
    }
    body += "],\"ClientRequestToken\":";
    dynorm::detail::append_json_text(body, token, "client_request_token");
    body += '}';
    return body;
}

} // namespace dynorm::protocol
