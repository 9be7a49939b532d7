#pragma once
// CreateTable for a table<T>: its key schema, attribute definitions and secondary indexes, all
// from schema<T>, with provisioned or on-demand billing.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/schema/index.hpp>
#include <dynorm/protocol/detail/body.hpp>
#include <dynorm/protocol/throughput.hpp>
#include <dynorm/schema/table_schema.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// "KeySchema":[...],"AttributeDefinitions":[...] for CreateTable (no braces). `more` are the
// attributes the table's indexes use as keys (each defined once).
template <table_model T>
std::string key_schema_json(const std::vector<std::pair<std::string_view, attribute_type>>& more = {}) {
    using hash = typename table_schema<T>::hash;
    std::string ks = "\"KeySchema\":[{\"AttributeName\":";
    std::string defs = "\"AttributeDefinitions\":[{\"AttributeName\":";
    detail::append_json_string(ks, hash::name);
    ks += ",\"KeyType\":\"HASH\"}";
    detail::append_json_string(defs, hash::name);
    defs += ",\"AttributeType\":\"";
    defs += type_tag(hash::stored_as);
    defs += "\"}";
    if constexpr (table_schema<T>::has_range_key) {
        using range = typename detail::range_of<T>::member;
        ks += ",{\"AttributeName\":";
        detail::append_json_string(ks, range::name);
        ks += ",\"KeyType\":\"RANGE\"}";
        defs += ",{\"AttributeName\":";
        detail::append_json_string(defs, range::name);
        defs += ",\"AttributeType\":\"";
        defs += type_tag(range::stored_as);
        defs += "\"}";
    }
    std::vector<std::string_view> defined{hash::name};
    if constexpr (table_schema<T>::has_range_key) defined.push_back(detail::range_of<T>::member::name);
    for (const auto& [name, type] : more) {
        if (std::find(defined.begin(), defined.end(), name) != defined.end()) continue;
        defined.push_back(name);
        defs += ",{\"AttributeName\":";
        detail::append_json_string(defs, name);
        defs += ",\"AttributeType\":\"";
        defs += type_tag(type);
        defs += "\"}";
    }
    return ks + "]," + defs + "]";
}

namespace detail {

// The "GlobalSecondaryIndexes" and "LocalSecondaryIndexes" arrays for CreateTable, and the
// AttributeDefinitions entries their keys need.
template <class T>
struct index_definitions {
    std::string global, local;
    std::vector<std::pair<std::string_view, attribute_type>> attributes;
};

template <class T, class Index>
void append_index_definition(index_definitions<T>& out, const Index& index, bool provisioned_table,
                             long long table_read, long long table_write) {
    using keys = index_keys<T, Index>;
    std::string& json = Index::is_global ? out.global : out.local;
    json += json.empty() ? "[" : ",";
    json += "{\"IndexName\":";
    append_json_string(json, Index::name);
    json += ",\"KeySchema\":[{\"AttributeName\":";
    append_json_string(json, keys::hash_member::name);
    json += ",\"KeyType\":\"HASH\"}";
    out.attributes.emplace_back(keys::hash_member::name, keys::hash_member::stored_as);
    if constexpr (keys::has_range) {
        using range = index_key_member<T, keys::range>;
        json += ",{\"AttributeName\":";
        append_json_string(json, range::name);
        json += ",\"KeyType\":\"RANGE\"}";
        out.attributes.emplace_back(range::name, range::stored_as);
    }
    json += "],\"Projection\":{\"ProjectionType\":\"";
    json += projection_type_name<typename Index::projection>;
    json += '"';
    if constexpr (!std::is_same_v<typename Index::projection, all_attributes> &&
                  !std::is_same_v<typename Index::projection, keys_only>) {
        json += ",\"NonKeyAttributes\":[";
        [&]<auto... Members>(include<Members...>) {
            bool first = true;
            ((json += first ? "" : ",", first = false, append_json_string(json, attribute_name_of<T, Members>)), ...);
        }(typename Index::projection{});
        json += ']';
    }
    json += '}';
    if constexpr (Index::is_global) {
        if (provisioned_table) {
            const long long r = index.throughput.read_capacity_units ? index.throughput.read_capacity_units : table_read;
            const long long w = index.throughput.write_capacity_units ? index.throughput.write_capacity_units : table_write;
            json += ",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" + std::to_string(r) +
                    ",\"WriteCapacityUnits\":" + std::to_string(w) + "}";
        }
    }
    json += '}';
}

template <class T>
index_definitions<T> index_definitions_of(bool provisioned_table, long long read, long long write) {
    // a constant, not the temporary of a consteval call: clang 14 crashed generating code for the
    // latter with two or more global indexes
    static constexpr auto indexes = indexes_of<T>();
    index_definitions<T> out;
    std::apply([&](const auto&... index) { (append_index_definition(out, index, provisioned_table, read, write), ...); },
               indexes);
    return out;
}

} // namespace detail

namespace protocol {

// The CreateTable body of T's table under `table`: provisioned with `capacity` (its indexes get
// the same unless schema<T> gives theirs), or on demand without one.
template <table_model T>
std::string create_table_body(std::string_view table, const std::optional<provisioned>& capacity) {
    const auto indexes = dynorm::detail::index_definitions_of<T>(capacity.has_value(),
                                                                 capacity ? capacity->read_capacity_units : 0,
                                                                 capacity ? capacity->write_capacity_units : 0);
    std::string body;
    detail::append_table_field(body, table);
    body += ',';
    body += key_schema_json<T>(indexes.attributes);
    if (!indexes.global.empty()) body += ",\"GlobalSecondaryIndexes\":" + indexes.global + "]";
    if (!indexes.local.empty()) body += ",\"LocalSecondaryIndexes\":" + indexes.local + "]";
    if (capacity)
        body += ",\"BillingMode\":\"PROVISIONED\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" +
                std::to_string(capacity->read_capacity_units) +
                ",\"WriteCapacityUnits\":" + std::to_string(capacity->write_capacity_units) + "}}";
    else
        body += ",\"BillingMode\":\"PAY_PER_REQUEST\"}";
    return body;
}

} // namespace protocol
} // namespace dynorm
