#pragma once
// DeleteItem: the request from an item write of a key, the response's old item (ALL_OLD).

#include <dynorm/version.hpp>
#include <dynorm/protocol/detail/response.hpp>
#include <dynorm/protocol/item_write.hpp>

#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI::protocol {

inline std::string delete_item_body(const item_write& w) { return detail::write_body("Key", w); }

// The item deleted, when the request asked for it and there was one.
template <class Item>
std::optional<Item> read_delete_item(std::string& body) {
    return detail::read_item_field<Item>(body, "Attributes", false);
}

} // namespace dynorm::protocol
