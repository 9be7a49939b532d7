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
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace dynorm::inline DYNORM_ABI::detail {

// A full-jitter backoff before the retry-th retry.
inline std::chrono::milliseconds backoff_delay(std::chrono::milliseconds base, std::chrono::milliseconds cap, int retry) {
    return std::chrono::milliseconds(static_cast<long>(
        full_jitter_ms(static_cast<double>(base.count()), static_cast<double>(cap.count()), retry)));
}
inline void backoff_sleep(std::chrono::milliseconds base, std::chrono::milliseconds cap, int retry) {
    std::this_thread::sleep_for(backoff_delay(base, cap, retry));
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

// BatchGetItem for every key of the sources: each round sends all pending keys at once, in
// requests of up to 100 (tables in order) run concurrently on the client's asynchronous engine;
// the keys a round leaves unprocessed go again in the next, after a full-jitter backoff.
inline void run_batch_get(transport& wire, std::vector<batch_get_source>& sources, const batch_retry& retry) {
    for (std::size_t i = 0; i < sources.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (sources[i].table == sources[j].table)
                throw encode_error("batch_get: table " + sources[i].table + " is given twice");
    const auto pending = [&] {
        return std::any_of(sources.begin(), sources.end(), [](const batch_get_source& s) { return !s.keys.empty(); });
    };
    for (int round = 1; pending(); ++round) {
        if (round > 1) backoff_sleep(retry.backoff_base, retry.backoff_cap, round - 1);
        std::vector<std::string> bodies;
        while (pending()) {
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
            bodies.push_back(protocol::batch_get_item_body(request));
        }

        // The completions run one at a time on the engine's loop (or here, over an engine of
        // another kind) while this thread waits: they alone touch the sources meanwhile.
        std::mutex mutex;
        std::condition_variable all_ended;
        std::size_t running = bodies.size();
        std::exception_ptr first_error;
        std::size_t left = 0;
        std::vector<std::string> left_tables; // each named once in the error
        for (std::string& body : bodies) {
            wire.send_async("BatchGetItem", std::move(body), [&](http_response* r, std::exception_ptr e) {
                try {
                    if (e) std::rethrow_exception(e);
                    const auto unprocessed =
                        protocol::read_batch_get_item(r->body, [&](std::string_view table, simdjson::ondemand::value item) {
                            if (batch_get_source* source = source_named(sources, table)) source->read(item);
                        });
                    for (const auto& u : unprocessed) {
                        batch_get_source* source = source_named(sources, u.table);
                        if (!source) continue;
                        for (const std::string& key : u.keys) source->keys.push_back(key);
                        left += u.keys.size();
                        if (std::find(left_tables.begin(), left_tables.end(), u.table) == left_tables.end())
                            left_tables.push_back(u.table);
                    }
                } catch (...) {
                    if (!first_error) first_error = std::current_exception();
                }
                std::lock_guard lock(mutex);
                if (--running == 0) all_ended.notify_all();
            });
        }
        {
            std::unique_lock lock(mutex);
            all_ended.wait(lock, [&] { return running == 0; });
        }
        if (first_error) std::rethrow_exception(first_error);
        if (left > 0 && round >= retry.max_attempts) {
            std::string names;
            for (const std::string& table : left_tables) {
                if (!names.empty()) names += ", ";
                names += table;
            }
            throw error("dynorm: batch_get: " + std::to_string(left) + " key(s) of table" +
                        (left_tables.size() == 1 ? " " : "s ") + names + " still unprocessed after " +
                        std::to_string(retry.max_attempts) + " attempts");
        }
    }
}

} // namespace dynorm::detail
