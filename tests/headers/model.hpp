#pragma once
// The model the header uses share: only dynorm/schema.hpp, as a user's model header would.
#include <dynorm/schema.hpp>

#include <cstdint>
#include <string>

namespace header_use {
struct User {
    std::string name;
    std::string last;
    int age = 0;
    std::int64_t version = 0;
};
} // namespace header_use

template <>
struct dynorm::schema<header_use::User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &header_use::User::name;
    static constexpr auto range_key = &header_use::User::last;
    static constexpr auto version = &header_use::User::version;
    static constexpr auto indexes = std::tuple{dynorm::global_index<"by_age", &header_use::User::age>{}};
};
