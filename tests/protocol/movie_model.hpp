#pragma once
// The model of the protocol tests: a hash and range key, a version member, a global and a local
// secondary index (the same table the recorded responses come from).
#include <dynorm/schema.hpp>

#include <cstdint>
#include <string>
#include <tuple>

namespace protocol_test {
struct Movie {
    int year = 0;
    std::string title;
    double rating = 0;
    std::string genre;
    std::int64_t version = 0;
};
} // namespace protocol_test

template <>
struct dynorm::schema<protocol_test::Movie> {
    using Movie = protocol_test::Movie;
    static constexpr std::string_view table = "movies";
    static constexpr auto hash_key = &Movie::year;
    static constexpr auto range_key = &Movie::title;
    static constexpr auto version = &Movie::version;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"by_genre", &Movie::genre, &Movie::rating, dynorm::keys_only>{{2, 3}},
        dynorm::local_index<"by_rating", &Movie::rating, dynorm::include<&Movie::genre>>{}};
};
