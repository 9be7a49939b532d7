#pragma once
// The BatchGetItem loop shared by table<T>::batch_get and the multi-table dynorm::batch_get: keys of
// one or more tables go out 100 at a time; UnprocessedKeys go back in line and are requested again
// after a full-jitter backoff.

#include <dynorm/version.hpp>
#include <dynorm/detail/response.hpp>
#include <dynorm/error.hpp>
#include <dynorm/value.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// How batch requests retry what the service left unprocessed.
struct batch_retry {
    int max_attempts = 10; // requests in a row that leave keys unprocessed before giving up
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{5000};
};

namespace detail {

// Waits a full-jitter backoff before the retry-th retry.
inline void backoff_sleep(std::chrono::milliseconds base, std::chrono::milliseconds cap, int retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(
        full_jitter_ms(static_cast<double>(base.count()), static_cast<double>(cap.count()), retry))));
}

// The keys of one table in a batch get, and where its items go.
struct batch_get_source {
    std::string table;
    std::string settings;         // ,"ConsistentRead":true,"ProjectionExpression":... (may be empty)
    std::deque<std::string> keys; // key JSON still to request
    std::function<void(simdjson::ondemand::value)> read;
};

// Request JSON of each key, without duplicates (BatchGetItem rejects a key asked twice); append_key
// writes one text per key, so duplicates are equal strings.
template <class Key, class AppendKey>
std::deque<std::string> unique_keys(const std::vector<Key>& keys, AppendKey append) {
    std::deque<std::string> out;
    std::unordered_set<std::string> seen;
    for (const auto& key : keys) {
        std::string json;
        append(json, key);
        if (seen.insert(json).second) out.push_back(std::move(json));
    }
    return out;
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
        std::string body = "{\"RequestItems\":{";
        std::size_t room = 100;
        bool first_table = true;
        for (auto& s : sources) {
            if (s.keys.empty() || room == 0) continue;
            if (!first_table) body += ',';
            first_table = false;
            append_json_string(body, s.table);
            body += ":{\"Keys\":[";
            for (bool first = true; room > 0 && !s.keys.empty(); --room, first = false) {
                if (!first) body += ',';
                body += s.keys.front();
                s.keys.pop_front();
            }
            body += ']';
            body += s.settings;
            body += '}';
        }
        body += "}}";
        http_response r = wire.send("BatchGetItem", body);
        bool any_unprocessed = false;
        auto doc = parse_body(r);
        simdjson::ondemand::object obj;
        check(doc.get_object().get(obj));
        for_each_field(obj, [&](std::string_view field, simdjson::ondemand::value v) {
            simdjson::ondemand::object tables;
            if (field == "Responses") {
                check(v.get_object().get(tables));
                for_each_field(tables, [&](std::string_view table, simdjson::ondemand::value items) {
                    const auto source = std::find_if(sources.begin(), sources.end(),
                                                     [&](const batch_get_source& s) { return s.table == table; });
                    if (source == sources.end()) return;
                    simdjson::ondemand::array array;
                    check(items.get_array().get(array));
                    for (auto element : array) {
                        simdjson::ondemand::value item;
                        check(std::move(element).get(item));
                        source->read(item);
                    }
                });
            } else if (field == "UnprocessedKeys") {
                check(v.get_object().get(tables));
                for_each_field(tables, [&](std::string_view, simdjson::ondemand::value) { any_unprocessed = true; });
            }
        });
        if (!any_unprocessed) {
            unprocessed_rounds = 0;
            continue;
        }
        // rare: read the unprocessed keys back as the service wrote them
        const value response = value::from_json(r.body);
        std::size_t left = 0;
        std::string left_tables;
        for (const auto& unprocessed : response.at("UnprocessedKeys").as_map()) {
            const std::string& table = unprocessed.first; // a plain name: clang 14 can't capture bindings
            const value& entry = unprocessed.second;
            const auto source = std::find_if(sources.begin(), sources.end(),
                                             [&](const batch_get_source& s) { return s.table == table; });
            const value* keys = entry.find("Keys");
            if (source == sources.end() || !keys) continue;
            for (const value& key : keys->as_list()) source->keys.push_back(key.to_json());
            left += keys->as_list().size();
            left_tables += (left_tables.empty() ? "" : ", ") + table;
        }
        if (left > 0 && ++unprocessed_rounds >= retry.max_attempts)
            throw error("dynorm: batch_get: " + std::to_string(left) + " key(s) of table" +
                        (left_tables.find(',') == std::string::npos ? " " : "s ") + left_tables +
                        " still unprocessed after " + std::to_string(retry.max_attempts) + " attempts");
    }
}

} // namespace detail
} // namespace dynorm
