#pragma once
// The items the DSL tests (tests/api/dsl_test.cpp, boto3_parity_test.cpp) filter and update.

#include "support/servers.hpp"

#include <map>
#include <set>

namespace dsl_test {
struct Place {
    std::string city;
    int zip = 0;
};
struct Item {
    std::string id;      // hash key
    std::string sort;    // range key
    int n = 0;
    std::string s;
    std::optional<std::string> maybe;
    std::vector<std::string> tags;
    std::set<std::string> labels;
    std::set<int> nums;
    std::map<std::string, int> counts;
    dynorm::binary blob;
    bool flag = false;
    Place place;
    int year = 0; // a reserved word
};
} // namespace dsl_test

template <>
struct dynorm::schema<dsl_test::Item> {
    static constexpr std::string_view table = "dsl_items";
    static constexpr auto hash_key = &dsl_test::Item::id;
    static constexpr auto range_key = &dsl_test::Item::sort;
};

namespace dsl_test {

inline std::vector<Item> data() {
    return {
        {"a", "01", 1, "apple", "x", {"red", "green"}, {"fruit"}, {1, 2}, {{"k", 1}}, dynorm::binary("PNG1"), true, {"Paris", 75001}, 1999},
        {"a", "02", 2, "apricot", std::nullopt, {}, {"fruit", "orange"}, {2}, {}, dynorm::binary("GIF"), false, {"Lyon", 69001}, 2005},
        {"a", "10", 3, "banana", "y", {"yellow"}, {}, {}, {{"k", 5}, {"j", 0}}, dynorm::binary("PNG2"), true, {"Paris", 75002}, 2010},
        {"b", "01", 4, "cherry pie", std::nullopt, {"red", "red", "dark"}, {"dessert"}, {4, 5, 6}, {{"k", 9}}, dynorm::binary(""), false, {"Nice", 6000}, 2020},
        {"b", "05", 5, "Apple", "", {"green"}, {"fruit"}, {}, {}, dynorm::binary("PNG"), true, {"", 0}, 1985},
        {"c", "20", -6, "", "z", {"a", "b", "c", "d"}, {"x", "y"}, {-1}, {{"a", 1}, {"b", 2}, {"c", 3}}, dynorm::binary("\x01\x02"), false, {"Paris", 75003}, 2000},
    };
}

} // namespace dsl_test
