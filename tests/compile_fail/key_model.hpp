// The (string, string) keyed model of the key-type compile-fail cases.
#pragma once
#include <dynorm/dynorm.hpp>
struct Item { std::string id; std::string sort; };
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
    static constexpr auto hash_key = &Item::id;
    static constexpr auto range_key = &Item::sort;
};
