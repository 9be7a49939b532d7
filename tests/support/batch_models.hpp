#pragma once
// The items of the batch tests (scripted server and real servers): a hash+range model and a
// hash-only one, for writers and reads over one table or two.
#include <dynorm/schema.hpp>

#include <string>

namespace batch_models {
struct Pair {
    std::string partition_key;
    std::string sort_key;
    std::string other;
};
struct Tag {
    std::string name;
    int uses = 0;
};
} // namespace batch_models

template <>
struct dynorm::schema<batch_models::Pair> {
    static constexpr std::string_view table = "pairs";
    static constexpr auto hash_key = &batch_models::Pair::partition_key;
    static constexpr auto range_key = &batch_models::Pair::sort_key;
};

template <>
struct dynorm::schema<batch_models::Tag> {
    static constexpr std::string_view table = "tags";
    static constexpr auto hash_key = &batch_models::Tag::name;
};
