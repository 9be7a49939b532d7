#pragma once
// PutItem: the request from an item write, the response's old item (ReturnValues=ALL_OLD).

#include <dynorm/version.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/item_write.hpp>

#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI::protocol {

inline std::string put_item_body(const item_write& w) { return detail::write_body("Item", w); }

// The item the put replaced, when the request asked for it and there was one.
template <class Item>
std::optional<Item> read_put_item(std::string& body) {
    return detail::read_item_field<Item>(body, "Attributes", false);
}

} // namespace dynorm::protocol
