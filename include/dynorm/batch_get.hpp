#pragma once
// BatchGetItem across tables of different item types, in one call:
//
//   auto [found_users, found_movies] = dynorm::batch_get(
//       dynorm::keys_in(users, {"janedoe", "johndoe"}),
//       dynorm::keys_in(movies, {{2013, "Rush"}, {2015, "The Big New Movie"}}, {.consistent_read = true}));
//
// As table<T>::batch_get: any number of keys (requests of 100 keys across the tables), duplicates
// asked once, UnprocessedKeys requested again with full-jitter backoff (dynorm::batch_retry, given
// first), items typed per table, in no particular order; missing keys have no item.

#include <dynorm/version.hpp>
#include <dynorm/detail/batch_get.hpp>
#include <dynorm/table.hpp>

#include <map>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

template <class T>
struct batch_keys_options {
    bool consistent_read = false;
    dsl::projection<T> projection;            // DSL or raw string
    std::map<std::string, std::string> names; // placeholders of a raw projection
};

// The keys to read from one table.
template <class T>
struct batch_keys {
    table<T> target;
    std::vector<primary_key<T>> keys;
    batch_keys_options<T> options;
};

template <class T>
batch_keys<T> keys_in(const table<T>& target, std::type_identity_t<std::vector<primary_key<T>>> keys,
                      std::type_identity_t<batch_keys_options<T>> options = {}) {
    return {target, std::move(keys), std::move(options)};
}

template <class... T>
std::tuple<std::vector<T>...> batch_get(const batch_retry& retry, const batch_keys<T>&... requests) {
    static_assert(sizeof...(T) >= 1, "dynorm: batch_get needs the keys of at least one table");
    std::tuple<std::vector<T>...> found;
    std::vector<detail::batch_get_source> sources;
    transport* wire = nullptr;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&](const auto& request, auto& out) {
                if (wire && &request.target.wire() != wire)
                    throw encode_error("batch_get: all tables must belong to one client");
                wire = &request.target.wire();
                sources.push_back(detail::batch_get_source_of(request.target.name(), request.keys,
                                                              request.options.consistent_read,
                                                              request.options.projection, request.options.names, out));
            }(requests, std::get<I>(found)),
            ...);
    }(std::index_sequence_for<T...>{});
    detail::run_batch_get(*wire, sources, retry);
    return found;
}

template <class... T>
std::tuple<std::vector<T>...> batch_get(const batch_keys<T>&... requests) {
    return batch_get(batch_retry{}, requests...);
}

} // namespace dynorm
