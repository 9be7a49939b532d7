// The hash-only (string) keyed model of the key-shape compile-fail cases.
#pragma once
#include <dynorm/dynorm.hpp>
struct Tag { std::string name; int uses = 0; };
template <> struct dynorm::schema<Tag> {
    static constexpr std::string_view table = "tags";
    static constexpr auto hash_key = &Tag::name;
};
