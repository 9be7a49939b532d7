#pragma once
// DescribeTable: the request, and the table description read from its response.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/detail/body.hpp>
#include <dynorm/protocol/throughput.hpp>
#include <dynorm/codec/value.hpp>

#include <chrono>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

struct key_schema_element {
    std::string attribute_name;
    std::string key_type; // HASH or RANGE
};
struct attribute_definition {
    std::string attribute_name;
    std::string attribute_type; // S, N or B
};

// A global or local secondary index as DescribeTable reports it.
struct index_description {
    std::string index_name;
    std::vector<key_schema_element> key_schema;
    std::string projection_type; // ALL, KEYS_ONLY or INCLUDE
    std::vector<std::string> non_key_attributes;
    std::string index_status;    // global indexes only
    long long item_count = 0;
    provisioned provisioned_throughput{0, 0}; // global indexes only
};

// What DescribeTable reports.
struct table_description {
    std::string table_name;
    std::string table_arn;
    std::string table_status; // CREATING, ACTIVE, DELETING, UPDATING ...
    std::string billing_mode; // PROVISIONED or PAY_PER_REQUEST
    long long item_count = 0;
    long long table_size_bytes = 0;
    std::chrono::system_clock::time_point creation_date_time;
    std::vector<key_schema_element> key_schema;
    std::vector<attribute_definition> attribute_definitions;
    provisioned provisioned_throughput{0, 0};
    std::vector<index_description> global_secondary_indexes;
    std::vector<index_description> local_secondary_indexes;
};

namespace protocol {

inline std::string describe_table_body(std::string_view table) { return detail::table_name_body(table); }

namespace detail {

inline long long as_count(const value* v) {
    return v ? v->as_number().template as<long long>() : 0;
}

inline std::string text_of(const value& object, const char* field) {
    const value* v = object.find(field);
    return v ? v->as_string() : std::string();
}

inline std::vector<key_schema_element> key_schema_of(const value& object) {
    std::vector<key_schema_element> out;
    if (const value* ks = object.find("KeySchema"))
        for (const value& e : ks->as_list()) out.push_back({text_of(e, "AttributeName"), text_of(e, "KeyType")});
    return out;
}

inline provisioned throughput_of(const value& object) {
    provisioned out{0, 0};
    if (const value* pt = object.find("ProvisionedThroughput")) {
        out.read_capacity_units = as_count(pt->find("ReadCapacityUnits"));
        out.write_capacity_units = as_count(pt->find("WriteCapacityUnits"));
    }
    return out;
}

inline std::vector<index_description> index_descriptions_of(const value& table, const char* field) {
    std::vector<index_description> out;
    if (const value* list = table.find(field))
        for (const value& i : list->as_list()) {
            index_description d;
            d.index_name = text_of(i, "IndexName");
            d.key_schema = key_schema_of(i);
            if (const value* projection = i.find("Projection")) {
                d.projection_type = text_of(*projection, "ProjectionType");
                if (const value* attrs = projection->find("NonKeyAttributes"))
                    for (const value& a : attrs->as_list()) d.non_key_attributes.push_back(a.as_string());
            }
            d.index_status = text_of(i, "IndexStatus");
            d.item_count = as_count(i.find("ItemCount"));
            d.provisioned_throughput = throughput_of(i);
            out.push_back(std::move(d));
        }
    return out;
}

} // namespace detail

// The Table of a DescribeTable response. Fields it lacks stay empty (or zero); a field of the
// wrong type is a decode_error.
inline table_description read_describe_table(const std::string& body) {
    const value response = value::from_json(body);
    const value& t = response.at("Table");
    if (t.type() != attribute_type::M) throw decode_error("the DescribeTable response's Table is not an object");
    table_description d;
    d.table_name = detail::text_of(t, "TableName");
    d.table_arn = detail::text_of(t, "TableArn");
    d.table_status = detail::text_of(t, "TableStatus");
    d.item_count = detail::as_count(t.find("ItemCount"));
    d.table_size_bytes = detail::as_count(t.find("TableSizeBytes"));
    if (const value* created = t.find("CreationDateTime")) {
        const double seconds = created->as_number().template as<double>();
        // a time point holds about +-292 years around 1970: beyond, the conversion is undefined
        if (!(std::abs(seconds) < 9.0e9))
            throw decode_error("CreationDateTime " + created->as_number().text() + " is out of range");
        d.creation_date_time = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::duration<double>(seconds)));
    }
    d.key_schema = detail::key_schema_of(t);
    if (const value* defs = t.find("AttributeDefinitions"))
        for (const value& e : defs->as_list())
            d.attribute_definitions.push_back(
                {detail::text_of(e, "AttributeName"), detail::text_of(e, "AttributeType")});
    d.provisioned_throughput = detail::throughput_of(t);
    d.global_secondary_indexes = detail::index_descriptions_of(t, "GlobalSecondaryIndexes");
    d.local_secondary_indexes = detail::index_descriptions_of(t, "LocalSecondaryIndexes");
    d.billing_mode = "PROVISIONED";
    if (const value* bm = t.find("BillingModeSummary"))
        if (const value* mode = bm->find("BillingMode")) d.billing_mode = mode->as_string();
    return d;
}

} // namespace protocol
} // namespace dynorm
