#pragma once
// UpdateItem: the request from an item write of a key with its UpdateExpression, the response's
// attributes (as ReturnValues asked: the whole item, or only the updated attributes).

#include <dynorm/version.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/item_write.hpp>

#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI::protocol {

inline std::string update_item_body(const item_write& w) { return detail::write_body("Key", w); }

// The attributes ReturnValues asked for; updated_old and updated_new return only some members.
template <class Item>
std::optional<Item> read_update_item(std::string& body, return_values returns) {
    const bool partial = returns == return_values::updated_old || returns == return_values::updated_new;
    return detail::read_item_field<Item>(body, "Attributes", partial);
}

} // namespace dynorm::protocol
