#pragma once
// The BatchGetItem loop shared by table<T>::batch_get and the multi-table dynorm::batch_get: keys of
// one or more tables go out 100 at a time; UnprocessedKeys go back in line and are requested again
// after a full-jitter backoff.

#include <dynorm/version.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/dsl/fields.hpp>
#include <dynorm/error.hpp>
#include <dynorm/options.hpp>
#include <dynorm/protocol/batch_get_item.hpp>
#include <dynorm/schema/table_schema.hpp>
#include <dynorm/wire/retry_policy.hpp>
#include <dynorm/wire/transport.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace dynorm::inline DYNORM_ABI::detail {

// Waits a full-jitter backoff before the retry-th retry.
inline void backoff_sleep(std::chrono::milliseconds base, std::chrono::milliseconds cap, int retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(
        full_jitter_ms(static_cast<double>(base.count()), static_cast<double>(cap.count()), retry))));
}

// The keys of one table in a batch get, and where its items go.
struct batch_get_source {
    std::string table;
    std::string settings;         // from protocol::batch_get_settings
    std::deque<std::string> keys; // key JSON still to request
    std::function<void(simdjson::ondemand::value)> read;
};

// Request JSON of each key, without duplicates (BatchGetItem rejects a key asked twice); append_key
// writes one text per key, so duplicates are equal strings.
template <class T>
std::deque<std::string> unique_keys(const std::vector<primary_key<T>>& keys) {
    std::deque<std::string> out;
    std::unordered_set<std::string> seen;
    for (const auto& key : keys) {
        std::string json;
        append_key<T>(json, key);
        if (seen.insert(json).second) out.push_back(std::move(json));
    }
    return out;
}

// The keys of table `name` for the loop below, read into `out`.
template <class T, class Item>
batch_get_source batch_get_source_of(const std::string& name, const std::vector<primary_key<T>>& keys,
                                     bool consistent_read, const dsl::projection<T>& projection,
                                     const std::map<std::string, std::string>& names, std::vector<Item>& out) {
    batch_get_source source;
    source.table = name;
    source.settings =
        protocol::batch_get_settings(consistent_read, projection.compiled(), dsl::compile_placeholders(names));
    source.keys = unique_keys<T>(keys);
    source.read = [&out, partial = !projection.empty()](simdjson::ondemand::value item) {
        protocol::detail::read_item(item, out.emplace_back(), partial);
    };
    return source;
}

inline batch_get_source* source_named(std::vector<batch_get_source>& sources, std::string_view table) {
    const auto s = std::find_if(sources.begin(), sources.end(), [&](const batch_get_source& s) { return s.table == table; });
    return s == sources.end() ? nullptr : &*s;
}

inline void run_batch_get(transport& wire, std::vector<batch_get_source>& sources, const batch_retry& retry) {
    for (std::size_t i = 0; i < sources.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (sources[i].table == sources[j].table)
                throw encode_error("batch_get: table " + sources[i].table + " is given twice");
    const auto pending = [&] {
        return std::any_of(sources.begin(), sources.end(), [](const batch_get_source& s) { return !s.keys.empty(); });
    };
    int unprocessed_rounds = 0;
    while (pending()) {
        if (unprocessed_rounds > 0) backoff_sleep(retry.backoff_base, retry.backoff_cap, unprocessed_rounds);
        // up to 100 keys, taken from the tables in order
        std::vector<std::vector<std::string>> taken(sources.size());
        std::vector<protocol::batch_get_table> request;
        std::size_t room = 100;
        for (std::size_t i = 0; i < sources.size() && room > 0; ++i) {
            for (; room > 0 && !sources[i].keys.empty(); --room) {
                taken[i].push_back(std::move(sources[i].keys.front()));
                sources[i].keys.pop_front();
            }
            if (!taken[i].empty()) request.push_back({sources[i].table, sources[i].settings, taken[i]});
        }
        std::string response = std::move(wire.send("BatchGetItem", protocol::batch_get_item_body(request)).body);
        const auto unprocessed =
            protocol::read_batch_get_item(response, [&](std::string_view table, simdjson::ondemand::value item) {
                if (batch_get_source* source = source_named(sources, table)) source->read(item);
            });
        std::size_t left = 0;
        std::string left_tables;
        for (const auto& u : unprocessed) {
            batch_get_source* source = source_named(sources, u.table);
            if (!source) continue;
            for (const std::string& key : u.keys) source->keys.push_back(key);
            left += u.keys.size();
            left_tables += (left_tables.empty() ? "" : ", ") + u.table;
        }
        if (left == 0) {
            unprocessed_rounds = 0;
            continue;
        }
        if (++unprocessed_rounds >= retry.max_attempts)
            throw error("dynorm: batch_get: " + std::to_string(left) + " key(s) of table" +
                        (left_tables.find(',') == std::string::npos ? " " : "s ") + left_tables +
                        " still unprocessed after " + std::to_string(retry.max_attempts) + " attempts");
    }
}

} // namespace dynorm::detail
