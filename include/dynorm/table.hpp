#pragma once
// dynorm::table<T>: the DynamoDB actions on one table, typed by T and its schema<T>.
//
// Expressions are given as strings with their placeholder maps, exactly like boto3's keyword
// arguments (UpdateExpression="SET age = :val1", ExpressionAttributeValues={":val1": 26}):
//
//   users.update({"janedoe", "Doe"}, "SET age = :val1", {.values = {{":val1", 26}}});
//   movies.remove({2015, "The Big New Movie"},
//                 {.condition = "info.rating <= :val", .values = {{":val", 5}}});

#include <dynorm/client.hpp>
#include <dynorm/detail/response.hpp>
#include <dynorm/schema.hpp>
#include <dynorm/value.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dynorm {

struct provisioned {
    long long read_capacity_units = 5;
    long long write_capacity_units = 5;
};
struct on_demand_billing {};
inline constexpr on_demand_billing on_demand{};

// ReturnValues of UpdateItem (put and remove take none or all_old).
enum class return_values { none, all_old, updated_old, all_new, updated_new };

struct write_options {
    std::string condition;                       // ConditionExpression
    std::map<std::string, std::string> names;    // ExpressionAttributeNames
    std::map<std::string, value> values;         // ExpressionAttributeValues
    return_values returns = return_values::none; // ReturnValues
};

struct get_options {
    bool consistent_read = false;
    std::string projection;                      // ProjectionExpression
    std::map<std::string, std::string> names;    // ExpressionAttributeNames
};

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

namespace detail {

inline std::string_view return_values_text(return_values r) {
    constexpr std::string_view texts[] = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"};
    return texts[static_cast<int>(r)];
}

inline void append_field_name(std::string& body, std::string_view name) {
    if (body.size() > 1) body += ',';
    append_json_string(body, name);
    body += ':';
}

inline void append_expression_maps(std::string& body, const std::map<std::string, std::string>& names,
                                   const std::map<std::string, value>& values) {
    if (!names.empty()) {
        append_field_name(body, "ExpressionAttributeNames");
        body += '{';
        bool first = true;
        for (const auto& [placeholder, name] : names) {
            if (!first) body += ',';
            first = false;
            append_json_string(body, placeholder);
            body += ':';
            append_json_string(body, name);
        }
        body += '}';
    }
    if (!values.empty()) {
        append_field_name(body, "ExpressionAttributeValues");
        body += '{';
        bool first = true;
        for (const auto& [placeholder, v] : values) {
            if (!first) body += ',';
            first = false;
            append_json_string(body, placeholder);
            body += ':';
            try {
                append_attribute_value(body, v);
            } catch (encode_error& e) {
                e.prepend(placeholder);
                throw;
            }
        }
        body += '}';
    }
}

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

inline std::vector<index_description> indexes_of(const value& table, const char* field) {
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

template <class T>
class table {
    static_assert(table_model<T>,
                  "dynorm: table<T> needs a schema<T> specialization with `table` and `hash_key`");

public:
    using key_type = primary_key<T>;
    using hash_type = typename table_schema<T>::hash::type;

    table(std::shared_ptr<transport> wire, std::string_view name = {})
        : wire_(std::move(wire)), name_(name.empty() ? table_schema<T>::table_name : name) {
        if (!valid_table_name(name_))
            throw encode_error("table name '" + name_ +
                               "' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '.' and '-'");
    }

    const std::string& name() const noexcept { return name_; }

    // ---- table management ------------------------------------------------------------------

    void create(provisioned capacity = {}) const {
        std::string body = create_body_start();
        body += ",\"BillingMode\":\"PROVISIONED\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" +
                std::to_string(capacity.read_capacity_units) +
                ",\"WriteCapacityUnits\":" + std::to_string(capacity.write_capacity_units) + "}}";
        wire_->send("CreateTable", body);
    }
    void create(on_demand_billing) const {
        wire_->send("CreateTable", create_body_start() + ",\"BillingMode\":\"PAY_PER_REQUEST\"}");
    }

    table_description describe() const {
        const value response = value::from_json(wire_->send("DescribeTable", table_body() + "}").body);
        const value& t = response.as_map().at("Table");
        table_description d;
        d.table_name = detail::text_of(t, "TableName");
        d.table_arn = detail::text_of(t, "TableArn");
        d.table_status = detail::text_of(t, "TableStatus");
        d.item_count = detail::as_count(t.find("ItemCount"));
        d.table_size_bytes = detail::as_count(t.find("TableSizeBytes"));
        if (const value* created = t.find("CreationDateTime")) {
            const double seconds = created->as_number().template as<double>();
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
        d.global_secondary_indexes = detail::indexes_of(t, "GlobalSecondaryIndexes");
        d.local_secondary_indexes = detail::indexes_of(t, "LocalSecondaryIndexes");
        d.billing_mode = "PROVISIONED";
        if (const value* bm = t.find("BillingModeSummary"))
            if (const value* mode = bm->find("BillingMode")) d.billing_mode = mode->as_string();
        return d;
    }

    // Polls DescribeTable until the table is ACTIVE (boto3's table_exists waiter).
    void wait_until_exists(std::chrono::milliseconds timeout = std::chrono::seconds(60),
                           std::chrono::milliseconds interval = std::chrono::milliseconds(200)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            try {
                if (describe().table_status == "ACTIVE") return;
            } catch (const resource_not_found&) {
            }
            if (std::chrono::steady_clock::now() >= deadline)
                throw error("dynorm: table " + name_ + " did not become ACTIVE within " +
                            std::to_string(timeout.count()) + " ms");
            std::this_thread::sleep_for(interval);
        }
    }

    // Polls DescribeTable until the table is gone (boto3's table_not_exists waiter).
    void wait_until_not_exists(std::chrono::milliseconds timeout = std::chrono::seconds(60),
                               std::chrono::milliseconds interval = std::chrono::milliseconds(200)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            try {
                describe();
            } catch (const resource_not_found&) {
                return;
            }
            if (std::chrono::steady_clock::now() >= deadline)
                throw error("dynorm: table " + name_ + " still exists after " +
                            std::to_string(timeout.count()) + " ms");
            std::this_thread::sleep_for(interval);
        }
    }

    // DeleteTable.
    void drop() const { wire_->send("DeleteTable", table_body() + "}"); }

    // ---- items -------------------------------------------------------------------------------

    // PutItem. With returns = all_old, the item it replaced (if any).
    std::optional<T> put(const T& item, const write_options& options = {}) const {
        std::string body = table_body();
        body += ",\"Item\":";
        append_item(body, item);
        append_write_options(body, options);
        body += '}';
        return item_from(wire_->send("PutItem", body), "Attributes", false);
    }

    // GetItem: the item, or an empty optional when there is none.
    std::optional<T> get(const key_type& key, const get_options& options = {}) const {
        std::string body = table_body();
        body += ",\"Key\":";
        append_key<T>(body, key);
        if (options.consistent_read) body += ",\"ConsistentRead\":true";
        if (!options.projection.empty()) {
            body += ",\"ProjectionExpression\":";
            detail::append_json_string(body, options.projection);
        }
        detail::append_expression_maps(body, options.names, {});
        body += '}';
        return item_from(wire_->send("GetItem", body), "Item", !options.projection.empty());
    }

    // GetItem by hash and range value: users.get("janedoe", "Doe").
    template <class Range = typename detail::range_of<T>::type>
        requires(!std::is_void_v<Range>)
    std::optional<T> get(hash_type hash, Range range, const get_options& options = {}) const {
        return get(key_type(std::move(hash), std::move(range)), options);
    }

    // UpdateItem with an update expression. Returns the attributes ReturnValues asks for: the
    // whole item (all_old, all_new) or only the updated members (updated_old, updated_new).
    std::optional<T> update(const key_type& key, std::string_view update_expression,
                            const write_options& options = {}) const {
        std::string body = table_body();
        body += ",\"Key\":";
        append_key<T>(body, key);
        body += ",\"UpdateExpression\":";
        detail::append_json_string(body, update_expression);
        append_write_options(body, options);
        body += '}';
        const bool partial =
            options.returns == return_values::updated_old || options.returns == return_values::updated_new;
        return item_from(wire_->send("UpdateItem", body), "Attributes", partial);
    }

    // DeleteItem. With returns = all_old, the item it deleted (if any).
    std::optional<T> remove(const key_type& key, const write_options& options = {}) const {
        std::string body = table_body();
        body += ",\"Key\":";
        append_key<T>(body, key);
        append_write_options(body, options);
        body += '}';
        return item_from(wire_->send("DeleteItem", body), "Attributes", false);
    }

private:
    std::string table_body() const {
        std::string body = "{\"TableName\":";
        detail::append_json_string(body, name_);
        return body;
    }

    std::string create_body_start() const { return table_body() + "," + key_schema_json<T>(); }

    static void append_write_options(std::string& body, const write_options& options) {
        if (!options.condition.empty()) {
            body += ",\"ConditionExpression\":";
            detail::append_json_string(body, options.condition);
        }
        detail::append_expression_maps(body, options.names, options.values);
        if (options.returns != return_values::none) {
            body += ",\"ReturnValues\":\"";
            body += detail::return_values_text(options.returns);
            body += '"';
        }
    }

    // The item under `field` of a response ("Item", "Attributes"), if present.
    static std::optional<T> item_from(http_response r, std::string_view field, bool partial) {
        if (r.body.empty()) return std::nullopt;
        auto doc = detail::parse_body(r);
        simdjson::ondemand::object obj;
        detail::check(doc.get_object().get(obj));
        for (auto field_result : obj) {
            simdjson::ondemand::field f;
            detail::check(std::move(field_result).get(f));
            std::string_view key;
            detail::check(f.unescaped_key().get(key));
            if (key != field) continue;
            std::optional<T> out(std::in_place);
            decode_item(f.value(), *out, decode_options{partial});
            return out;
        }
        return std::nullopt;
    }

    std::shared_ptr<transport> wire_;
    std::string name_;
};

} // namespace dynorm
