#pragma once
// dynorm::table<T>: the DynamoDB actions on one table, typed by T and its schema<T>.
//
// Expressions are written with the typed DSL (dynorm/dsl.hpp), checked at compile time:
//
//   using namespace dynorm::dsl;
//   users.update({"janedoe", "Doe"}, set(attr_<&User::age>, 26));
//   movies.remove({2015, "The Big New Movie"}, {.condition = attr_<&Movie::info, &Info::rating> <= 5});
//   for (const User& u : users.scan({.filter = attr_<&User::age> < 27})) ...
//
// or, as the escape hatch, as strings with their placeholder maps like boto3's keyword arguments:
//
//   users.update({"janedoe", "Doe"}, "SET age = :val1", {.values = {{":val1", 26}}});

#include <dynorm/version.hpp>
#include <dynorm/client.hpp>
#include <dynorm/detail/batch_get.hpp>
#include <dynorm/detail/response.hpp>
#include <dynorm/dsl.hpp>
#include <dynorm/index.hpp>
#include <dynorm/item_range.hpp>
#include <dynorm/parallel_range.hpp>
#include <dynorm/schema.hpp>
#include <dynorm/value.hpp>
#include <dynorm/schema/version.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

struct provisioned {
    long long read_capacity_units = 5;
    long long write_capacity_units = 5;
};
struct on_demand_billing {};
inline constexpr on_demand_billing on_demand{};

// ReturnValues of UpdateItem (put and remove take none or all_old).
enum class return_values { none, all_old, updated_old, all_new, updated_new };

// Options of put, update and remove.
template <class T>
struct write_options {
    dsl::condition<T> condition;                 // ConditionExpression: DSL or raw string
    std::map<std::string, std::string> names;    // placeholders of raw expressions
    std::map<std::string, value> values;         // placeholders of raw expressions
    return_values returns = return_values::none; // ReturnValues
    // Optimistic locking (items whose schema<T> declares a version, dynorm/schema/version.hpp): update and
    // remove need the version read; version_check = false writes without condition or bump.
    std::optional<std::int64_t> expected_version;
    bool version_check = true;
};

// Options of get.
template <class T>
struct get_options {
    bool consistent_read = false;
    dsl::projection<T> projection;               // ProjectionExpression: DSL or raw string
    std::map<std::string, std::string> names;    // placeholders of a raw projection
};

// Options of batch_get.
template <class T>
struct batch_get_options {
    bool consistent_read = false;
    dsl::projection<T> projection;            // DSL or raw string
    std::map<std::string, std::string> names; // placeholders of a raw projection
    int max_attempts = 10;                     // requests in a row leaving keys unprocessed before giving up
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{5000};
};

// ReturnConsumedCapacity of query and scan.
enum class consumed_capacity { none, total, indexes };

// Options of query and scan.
template <class T>
struct read_options {
    dsl::filter<T> filter;                       // FilterExpression: DSL or raw string
    dsl::projection<T> projection;               // ProjectionExpression: DSL or raw string
    std::string index;                           // IndexName
    std::optional<int> limit;                    // Limit: items evaluated per request
    bool consistent_read = false;                // ConsistentRead
    bool forward = true;                         // ScanIndexForward (query)
    std::optional<value> start;                  // ExclusiveStartKey
    std::optional<int> segment;                  // Segment (scan)
    std::optional<int> total_segments;           // TotalSegments (scan)
    // boto3's PaginationConfig: page_size items evaluated per request (the same as limit), stop
    // after max_items items (range.next_token() then resumes exactly there), resume from a token.
    std::optional<int> page_size;
    std::optional<std::size_t> max_items;
    std::string starting_token;
    consumed_capacity return_consumed_capacity = consumed_capacity::none;
    std::map<std::string, std::string> names;    // placeholders of raw expressions
    std::map<std::string, value> values;         // placeholders of raw expressions
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

// Collects the expressions of one request: each adds its field; their names and values go into
// one ExpressionAttributeNames and one ExpressionAttributeValues map at the end.
class expression_set {
public:
    void add(std::string& body, std::string_view field, const dsl::compiled_expression& e) {
        if (e.empty()) return;
        body += ",\"";
        body += field;
        body += "\":";
        append_json_text(body, e.text(), "expression");
        names_ += e.names();
        values_ += e.values;
    }
    void finish(std::string& body, const std::map<std::string, std::string>& raw_names,
                const std::map<std::string, value>& raw_values) {
        if (!raw_names.empty() || !raw_values.empty()) {
            const dsl::compiled_expression raw = dsl::compile_raw("", raw_names, raw_values);
            names_ += raw.names();
            values_ += raw.values;
        }
        if (!names_.empty()) {
            body += ",\"ExpressionAttributeNames\":{";
            body.append(names_, 1, std::string::npos);
            body += '}';
        }
        if (!values_.empty()) {
            body += ",\"ExpressionAttributeValues\":{";
            body.append(values_, 1, std::string::npos);
            body += '}';
        }
    }

private:
    std::string names_, values_;
};

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

namespace detail {

template <class T>
constexpr auto range_or_hash_key() {
    if constexpr (table_schema<T>::has_range_key) return schema<T>::range_key;
    else return schema<T>::hash_key;
}

// An update may not change T's key attributes.
template <class T, class Path>
constexpr void check_not_key() {
    using segments = decltype(Path::segments);
    // a path by name (dsl::path) is only known at run time: nothing to check here
    if constexpr (requires { std::tuple_size<segments>::value; }) {
        using first = std::tuple_element_t<0, segments>;
        if constexpr (requires { first::member; }) {
            static_assert(!dsl::detail::same_member<first::member, schema<T>::hash_key>() &&
                              !dsl::detail::same_member<first::member, range_or_hash_key<T>()>(),
                          "dynorm: an update can't change a key attribute (the table's hash or range key)");
        }
    }
}

// Reads one item of a response into a struct (decoded member by member) or into an untyped
// document.
template <class Item>
void read_item(simdjson::ondemand::value v, Item& out, bool partial) {
    if constexpr (requires { out.storage(); out.partial_item(); }) {
        decode_item(v, out.storage(), decode_options{true}); // an index's projected members
    } else if constexpr (std::same_as<Item, value>) {
        value::map attributes;
        decode_tagged("M", v, attributes, {});
        out = value(std::move(attributes));
    } else {
        decode_item(v, out, decode_options{partial});
    }
}

// The keys of table `name` for the BatchGetItem loop (dynorm/detail/batch_get.hpp), read into `out`.
template <class T, class Item>
batch_get_source batch_get_source_of(const std::string& name, const std::vector<primary_key<T>>& keys,
                                     bool consistent_read, const dsl::projection<T>& projection,
                                     const std::map<std::string, std::string>& names, std::vector<Item>& out) {
    batch_get_source source;
    source.table = name;
    if (consistent_read) source.settings = ",\"ConsistentRead\":true";
    expression_set expressions;
    expressions.add(source.settings, "ProjectionExpression", projection.compiled());
    expressions.finish(source.settings, names, {});
    source.keys = unique_keys(keys, [](std::string& json, const primary_key<T>& key) { append_key<T>(json, key); });
    source.read = [&out, partial = !projection.empty()](simdjson::ondemand::value item) {
        read_item(item, out.emplace_back(), partial);
    };
    return source;
}

// What table<T> and document_table share: building and sending the requests, reading the
// responses. Templated on the item type only where items are read.
class table_base {
public:
    const std::string& name() const noexcept { return name_; }
    dynorm::transport& wire() const noexcept { return *wire_; }
    const std::shared_ptr<dynorm::transport>& shared_wire() const noexcept { return wire_; }

    // DeleteTable.
    void drop() const { wire_->send("DeleteTable", table_body() + "}"); }

    table_description describe() const {
        const value response = value::from_json(wire_->send("DescribeTable", table_body() + "}").body);
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

protected:
    table_base(std::shared_ptr<transport> wire, std::string name) : wire_(std::move(wire)), name_(std::move(name)) {
        if (!valid_table_name(name_))
            throw encode_error("table name '" + name_ +
                               "' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '.' and '-'");
    }

    std::string table_body() const {
        std::string body;
        body.reserve(256);
        body += "{\"TableName\":";
        append_json_string(body, name_);
        return body;
    }

    static void append_returns(std::string& body, return_values returns) {
        if (returns == return_values::none) return;
        body += ",\"ReturnValues\":\"";
        body += return_values_text(returns);
        body += '"';
    }

    // Sends a PutItem or DeleteItem whose body has its item or key already.
    template <class Item, class Options>
    std::optional<Item> write(std::string_view action, std::string& body, const dsl::compiled_expression& condition,
                              const Options& options) const {
        expression_set expressions;
        expressions.add(body, "ConditionExpression", condition);
        expressions.finish(body, options.names, options.values);
        append_returns(body, options.returns);
        body += '}';
        return item_from<Item>(wire_->send(action, body), "Attributes", false);
    }

    template <class Item, class Options>
    std::optional<Item> update_request(std::string& body, const dsl::compiled_expression& update,
                                       const dsl::compiled_expression& condition, const Options& options) const {
        expression_set expressions;
        expressions.add(body, "UpdateExpression", update);
        expressions.add(body, "ConditionExpression", condition);
        expressions.finish(body, options.names, options.values);
        append_returns(body, options.returns);
        body += '}';
        const bool partial =
            options.returns == return_values::updated_old || options.returns == return_values::updated_new;
        return item_from<Item>(wire_->send("UpdateItem", body), "Attributes", partial);
    }

    template <class Item, class Options>
    std::optional<Item> get_request(std::string& body, const dsl::compiled_expression& projection,
                                    const Options& options, bool partial) const {
        if (options.consistent_read) body += ",\"ConsistentRead\":true";
        expression_set expressions;
        expressions.add(body, "ProjectionExpression", projection);
        expressions.finish(body, options.names, {});
        body += '}';
        return item_from<Item>(wire_->send("GetItem", body), "Item", partial);
    }

    template <class Options>
    std::string read_body(const Options& options) const {
        std::string body = table_body();
        if (!options.index.empty()) {
            body += ",\"IndexName\":";
            append_json_text(body, options.index, "index name");
        }
        if (options.limit && options.page_size && *options.limit != *options.page_size)
            throw encode_error("limit and page_size are the same setting (Limit); give one of them");
        if (const auto limit = options.limit ? options.limit : options.page_size) {
            if (*limit < 1) throw encode_error("limit (page_size) must be at least 1");
            body += ",\"Limit\":" + std::to_string(*limit);
        }
        if (options.consistent_read) body += ",\"ConsistentRead\":true";
        if (options.return_consumed_capacity != consumed_capacity::none)
            body += options.return_consumed_capacity == consumed_capacity::total
                        ? ",\"ReturnConsumedCapacity\":\"TOTAL\""
                        : ",\"ReturnConsumedCapacity\":\"INDEXES\"";
        return body;
    }

    // The body of a Query or Scan, without ExclusiveStartKey and without its closing brace.
    template <class Options>
    std::string query_body(const dsl::compiled_expression& key_condition, const Options& options,
                           const dsl::compiled_expression& projection) const {
        std::string body = read_body(options);
        if (!options.forward) body += ",\"ScanIndexForward\":false";
        expression_set expressions;
        expressions.add(body, "KeyConditionExpression", key_condition);
        expressions.add(body, "FilterExpression", options.filter.compiled());
        expressions.add(body, "ProjectionExpression", projection);
        expressions.finish(body, options.names, options.values);
        return body;
    }
    template <class Options>
    std::string scan_body(const Options& options, const dsl::compiled_expression& projection) const {
        std::string body = read_body(options);
        if (options.segment) body += ",\"Segment\":" + std::to_string(*options.segment);
        if (options.total_segments) body += ",\"TotalSegments\":" + std::to_string(*options.total_segments);
        expression_set expressions;
        expressions.add(body, "FilterExpression", options.filter.compiled());
        expressions.add(body, "ProjectionExpression", projection);
        expressions.finish(body, options.names, options.values);
        return body;
    }

    template <class Item, class Options>
    item_range<Item> query_request(const dsl::compiled_expression& key_condition, const Options& options,
                                   const dsl::compiled_expression& projection, bool partial) const {
        return pages_of<Item>("Query", query_body(key_condition, options, projection), options, partial);
    }
    template <class Item, class Options>
    item_range<Item> scan_request(const Options& options, const dsl::compiled_expression& projection,
                                  bool partial) const {
        return pages_of<Item>("Scan", scan_body(options, projection), options, partial);
    }

    // Select=COUNT: the number of matching items, summed over all pages.
    template <class Options>
    std::int64_t count_query(const dsl::compiled_expression& key_condition, const Options& options) const {
        return count_pages("Query", query_body(key_condition, options, {}), options);
    }
    template <class Options>
    std::int64_t count_scan(const Options& options) const {
        return count_pages("Scan", scan_body(options, {}), options);
    }
    template <class Options>
    std::int64_t count_pages(std::string_view action, std::string body, const Options& options) const {
        body += ",\"Select\":\"COUNT\"";
        std::int64_t total = 0;
        for (const auto& p : pages_of<value>(action, std::move(body), options, false).pages()) total += p.count;
        return total;
    }

    // A lazy range over the pages of a Query or Scan whose request is `body` without
    // ExclusiveStartKey and without its closing brace. `partial`: items may lack members.
    template <class Item, class Options>
    item_range<Item> pages_of(std::string_view action, std::string body, const Options& options,
                              bool partial) const {
        const detail::token_scope scope{name_, options.index, crc32(std::string(action) + body)};
        resume_point from{options.start, 0};
        if (!options.starting_token.empty()) from = parse_token(options.starting_token, scope);
        auto fetch = [wire = wire_, action = std::string(action), body = std::move(body),
                      partial](const std::optional<value>& from) {
            std::string request = body;
            if (from) {
                request += ",\"ExclusiveStartKey\":";
                request += from->to_item_json();
            }
            request += '}';
            return parse_page<Item>(wire->send(action, request), partial);
        };
        return item_range<Item>(std::move(fetch), std::move(from), options.max_items, scope);
    }

    template <class Item>
    static page<Item> parse_page(http_response r, bool partial) {
        page<Item> out;
        auto doc = parse_body(r);
        simdjson::ondemand::object obj;
        check(doc.get_object().get(obj));
        for_each_field(obj, [&](std::string_view key, simdjson::ondemand::value v) {
            if (key == "Items") {
                simdjson::ondemand::array items;
                check(v.get_array().get(items));
                for (auto element : items) {
                    simdjson::ondemand::value item;
                    check(std::move(element).get(item));
                    read_item(item, out.items.emplace_back(), partial);
                }
            } else if (key == "Count") {
                check(v.get_int64().get(out.count));
            } else if (key == "ScannedCount") {
                check(v.get_int64().get(out.scanned_count));
            } else if (key == "LastEvaluatedKey") {
                value last;
                read_item(v, last, false);
                out.last_evaluated_key = std::move(last);
            } else if (key == "ConsumedCapacity") {
                simdjson::ondemand::object capacity;
                check(v.get_object().get(capacity));
                for_each_field(capacity, [&](std::string_view k, simdjson::ondemand::value c) {
                    double units = 0;
                    if (k == "CapacityUnits" && !c.get_double().get(units)) out.consumed_capacity = units;
                });
            }
        });
        return out;
    }

    // The item under `field` of a response ("Item", "Attributes"), if present.
    template <class Item>
    static std::optional<Item> item_from(http_response r, std::string_view field, bool partial) {
        if (r.body.empty()) return std::nullopt;
        auto doc = parse_body(r);
        simdjson::ondemand::object obj;
        check(doc.get_object().get(obj));
        std::optional<Item> out;
        for_each_field(obj, [&](std::string_view key, simdjson::ondemand::value v) {
            if (key == field && !out) read_item(v, out.emplace(), partial);
        });
        return out;
    }

    std::shared_ptr<transport> wire_;
    std::string name_;
};

} // namespace detail

// A secondary index of a table<T>, for query, scan and count. Its key conditions may use only the
// index's keys; its items are T, or dynorm::projected<T, ...> when the index doesn't project all
// attributes.
template <class T, class Index>
class index_view : public detail::table_base {
    using keys = detail::index_keys<T, Index>;
    static constexpr auto range_or_hash() {
        if constexpr (keys::has_range) return keys::range;
        else return keys::hash;
    }
    static constexpr bool projects_all = std::is_same_v<typename Index::projection, all_attributes>;

public:
    using item_type = typename detail::index_item<T, Index>::type;
    using read_options = dynorm::read_options<T>;

    explicit index_view(const detail::table_base& table) : table_base(table) {}

    static constexpr std::string_view index_name() { return Index::name; }

    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<item_type> query(const KeyCondition& key_condition, read_options options = {}) const {
        static_assert(dsl::detail::check_key_condition<KeyCondition, keys::hash, range_or_hash(), keys::has_range>());
        options.index = std::string(Index::name);
        return query_request<item_type>(dsl::compile<'k'>(key_condition), options, options.projection.compiled(),
                                        !projects_all || !options.projection.empty());
    }

    item_range<item_type> scan(read_options options = {}) const {
        options.index = std::string(Index::name);
        return scan_request<item_type>(options, options.projection.compiled(),
                                       !projects_all || !options.projection.empty());
    }

    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    std::int64_t count(const KeyCondition& key_condition, read_options options = {}) const {
        static_assert(dsl::detail::check_key_condition<KeyCondition, keys::hash, range_or_hash(), keys::has_range>());
        options.index = std::string(Index::name);
        return count_query(dsl::compile<'k'>(key_condition), options);
    }
};

template <class... Ts>
class batch_writer;
template <class... Ts>
struct batch_writer_options;

template <class T>
class table : public detail::table_base {
    static_assert(table_model<T>,
                  "dynorm: table<T> needs a schema<T> specialization with `table` and `hash_key`");

public:
    using key_type = primary_key<T>;
    using hash_type = typename table_schema<T>::hash::type;
    using write_options = dynorm::write_options<T>;
    using get_options = dynorm::get_options<T>;
    using read_options = dynorm::read_options<T>;

    table(std::shared_ptr<transport> wire, std::string_view name = {})
        : table_base(std::move(wire), std::string(name.empty() ? table_schema<T>::table_name : name)) {}

    // ---- table management ------------------------------------------------------------------

    // CreateTable with the keys and the secondary indexes of schema<T>.
    void create(provisioned capacity = {}) const {
        std::string body = create_body_start(true, capacity.read_capacity_units, capacity.write_capacity_units);
        body += ",\"BillingMode\":\"PROVISIONED\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" +
                std::to_string(capacity.read_capacity_units) +
                ",\"WriteCapacityUnits\":" + std::to_string(capacity.write_capacity_units) + "}}";
        wire_->send("CreateTable", body);
    }
    void create(on_demand_billing) const {
        wire_->send("CreateTable", create_body_start(false, 0, 0) + ",\"BillingMode\":\"PAY_PER_REQUEST\"}");
    }

    // A secondary index declared in schema<T>::indexes: users.index<"by_account">().query(...).
    template <fixed_string Name>
    auto index() const {
        using index_type = std::tuple_element_t<detail::find_index<T, Name>(), detail::indexes_type<T>>;
        return index_view<T, index_type>(*this);
    }


    // ---- items -------------------------------------------------------------------------------

    // PutItem. With returns = all_old, the item it replaced (if any).
    // A versioned item (dynorm/schema/version.hpp) is written with the next version, on condition that the
    // stored one is still item's; put(item) on a non-const item then updates its version member.
    std::optional<T> put(const T& item, const write_options& options = {}) const {
        detail::check_put_version_options(options);
        std::string body = table_body();
        body += ",\"Item\":";
        if constexpr (versioned<T>) {
            if (options.version_check)
                return write<T>("PutItem", body, detail::append_versioned_item(body, item, options.condition.compiled()),
                                options);
        }
        append_table_item(body, item);
        return write<T>("PutItem", body, options.condition.compiled(), options);
    }
    std::optional<T> put(T& item, const write_options& options = {}) const
        requires versioned<T>
    {
        auto old = put(std::as_const(item), options);
        if (options.version_check) detail::set_version(item, detail::version_of(item) + 1);
        return old;
    }

    // GetItem: the item, or an empty optional when there is none. With a projection, only the
    // projected members are filled.
    std::optional<T> get(const key_type& key, const get_options& options = {}) const {
        std::string body = key_body(key);
        return get_request<T>(body, options.projection.compiled(), options, !options.projection.empty());
    }

    // GetItem by hash and range value: users.get("janedoe", "Doe").
    template <class Range = typename detail::range_of<T>::type>
        requires(!std::is_void_v<Range>)
    std::optional<T> get(hash_type hash, Range range, const get_options& options = {}) const {
        return get(key_type(std::move(hash), std::move(range)), options);
    }

    // GetItem into a narrower struct U whose members are a subset of T's (same names and types):
    // only those attributes are read (ProjectionExpression from U's members).
    template <class U>
    std::optional<U> get_as(const key_type& key, const get_options& options = {}) const {
        std::string body = key_body(key);
        return get_request<U>(body, dsl::compile<'p'>(dsl::project_as<U, T>()), options, false);
    }

    // UpdateItem with typed actions (dynorm::dsl): set, remove, add, del. Returns the attributes
    // ReturnValues asks for: the whole item (all_old, all_new) or only the updated members
    // (updated_old, updated_new). Updating a key attribute doesn't compile.
    template <class... Actions>
    std::optional<T> update(const key_type& key, const dsl::detail::update_expr<Actions...>& actions,
                            const write_options& options = {}) const {
        (detail::check_not_key<T, typename Actions::path>(), ...);
        static_assert(dsl::detail::belongs_to<dsl::detail::update_expr<Actions...>, T>,
                      "dynorm: the update names attributes of another item type than the table's");
        return versioned_update(key, dsl::compile<'u'>(actions), options);
    }
    template <dsl::detail::update_action A1>
    std::optional<T> update(const key_type& key, const A1& a1, const write_options& options = {}) const {
        return update(key, dsl::actions(a1), options);
    }
    template <dsl::detail::update_action A1, dsl::detail::update_action A2>
    std::optional<T> update(const key_type& key, const A1& a1, const A2& a2,
                            const write_options& options = {}) const {
        return update(key, dsl::actions(a1, a2), options);
    }
    template <dsl::detail::update_action A1, dsl::detail::update_action A2, dsl::detail::update_action A3>
    std::optional<T> update(const key_type& key, const A1& a1, const A2& a2, const A3& a3,
                            const write_options& options = {}) const {
        return update(key, dsl::actions(a1, a2, a3), options);
    }
    template <dsl::detail::update_action A1, dsl::detail::update_action A2, dsl::detail::update_action A3,
              dsl::detail::update_action A4>
    std::optional<T> update(const key_type& key, const A1& a1, const A2& a2, const A3& a3, const A4& a4,
                            const write_options& options = {}) const {
        return update(key, dsl::actions(a1, a2, a3, a4), options);
    }

    // UpdateItem with a raw UpdateExpression string and the options' placeholder maps.
    std::optional<T> update(const key_type& key, std::string_view update_expression,
                            const write_options& options = {}) const {
        return versioned_update(key, dsl::compile_raw(update_expression), options);
    }

    // DeleteItem. With returns = all_old, the item it deleted (if any). A versioned item is deleted
    // only if its stored version is options.expected_version.
    std::optional<T> remove(const key_type& key, const write_options& options = {}) const {
        detail::check_version_options<T>(options, "remove");
        std::string body = key_body(key);
        if constexpr (versioned<T>) {
            if (options.version_check) {
                const auto condition = detail::with_version_condition<T>(
                    options.condition.compiled(), detail::expected_version<T>(options, name_, "remove"));
                return write<T>("DeleteItem", body, condition, options);
            }
        }
        return write<T>("DeleteItem", body, options.condition.compiled(), options);
    }

    // ---- query and scan ----------------------------------------------------------------------

    // The items of one partition, fetched page after page as the range is read.
    //   users.query(key_<&User::username> == "johndoe")
    //   movies.query(key_<&Movie::year> == 1985 && between(key_<&Movie::title>, "A", "L"),
    //                {.projection = project<&Movie::year, &Movie::title>()})
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<T> query(const KeyCondition& key_condition, const read_options& options = {}) const {
        return query_request<T>(compile_key_condition(key_condition), options, options.projection.compiled(),
                                !options.projection.empty());
    }

    // Query with a raw KeyConditionExpression (placeholders in the options' maps).
    item_range<T> query(std::string_view key_condition, const read_options& options = {}) const {
        return query_request<T>(dsl::compile_raw(key_condition), options, options.projection.compiled(),
                                !options.projection.empty());
    }

    // Every item of the table (or of the options' segment), filtered, page after page.
    item_range<T> scan(const read_options& options = {}) const {
        return scan_request<T>(options, options.projection.compiled(), !options.projection.empty());
    }

    // A scan split into `segments` segments read concurrently (one thread each) over the client's
    // connection pool: every item exactly once, in no particular order.
    parallel_range<T> parallel_scan(int segments, const read_options& options = {}) const {
        if (options.segment || options.total_segments || !options.starting_token.empty() || options.max_items)
            throw encode_error("parallel_scan sets the segments itself; segment, total_segments, "
                               "max_items and starting_token don't apply");
        return parallel_range<T>(segments, [self = *this, options, segments](int segment) {
            read_options segment_options = options;
            segment_options.segment = segment;
            segment_options.total_segments = segments;
            return self.scan(segment_options);
        });
    }

    // BatchGetItem for any number of keys: requests of up to 100 keys, UnprocessedKeys requested
    // again with full-jitter backoff. Returns the items found (missing keys have none), in no
    // particular order; throws error when keys stay unprocessed after max_attempts.
    std::vector<T> batch_get(const std::vector<key_type>& keys, const batch_get_options<T>& options = {}) const {
        std::vector<T> found;
        std::vector<detail::batch_get_source> sources;
        sources.push_back(detail::batch_get_source_of<T>(name_, keys, options.consistent_read,
                                                         options.projection, options.names, found));
        detail::run_batch_get(*wire_, sources, {options.max_attempts, options.backoff_base, options.backoff_cap});
        return found;
    }

    // A batch writer (dynorm/batch_writer.hpp): buffered puts and removes, 25 per BatchWriteItem.
    dynorm::batch_writer<T> batch_writer(batch_writer_options<T> options = {}) const;

    // The number of items a query or a scan selects (Select=COUNT), summed over all pages.
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    std::int64_t count(const KeyCondition& key_condition, const read_options& options = {}) const {
        return count_query(compile_key_condition(key_condition), options);
    }
    std::int64_t count(const read_options& options = {}) const { return count_scan(options); }

    // Query and scan into a narrower struct U whose members are a subset of T's: only those
    // attributes are read (the options' projection is replaced by U's members).
    template <class U, class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<U> query_as(const KeyCondition& key_condition, const read_options& options = {}) const {
        return query_request<U>(compile_key_condition(key_condition), options,
                                dsl::compile<'p'>(dsl::project_as<U, T>()), false);
    }
    template <class U>
    item_range<U> scan_as(const read_options& options = {}) const {
        return scan_request<U>(options, dsl::compile<'p'>(dsl::project_as<U, T>()), false);
    }

private:
    // UpdateItem; a versioned item is updated only at options.expected_version and gets the next one.
    std::optional<T> versioned_update(const key_type& key, const dsl::compiled_expression& update,
                                      const write_options& options) const {
        detail::check_version_options<T>(options, "update");
        std::string body = key_body(key);
        if constexpr (versioned<T>) {
            if (options.version_check) {
                const std::int64_t expected = detail::expected_version<T>(options, name_, "update");
                const auto condition = detail::with_version_condition<T>(options.condition.compiled(), expected);
                return update_request<T>(body, detail::with_version_bump<T>(update, expected + 1), condition, options);
            }
        }
        return update_request<T>(body, update, options.condition.compiled(), options);
    }

    std::string create_body_start(bool provisioned_table, long long read, long long write) const {
        const auto indexes = detail::index_definitions_of<T>(provisioned_table, read, write);
        std::string body = table_body() + "," + key_schema_json<T>(indexes.attributes);
        if (!indexes.global.empty()) body += ",\"GlobalSecondaryIndexes\":" + indexes.global + "]";
        if (!indexes.local.empty()) body += ",\"LocalSecondaryIndexes\":" + indexes.local + "]";
        return body;
    }

    std::string key_body(const key_type& key) const {
        std::string body = table_body();
        body += ",\"Key\":";
        append_key<T>(body, key);
        return body;
    }

    template <class KeyCondition>
    static dsl::compiled_expression compile_key_condition(const KeyCondition& key_condition) {
        static_assert(dsl::detail::check_key_condition<KeyCondition, schema<T>::hash_key, detail::range_or_hash_key<T>(),
                                                       table_schema<T>::has_range_key>());
        return dsl::compile<'k'>(key_condition);
    }

};

} // namespace dynorm
