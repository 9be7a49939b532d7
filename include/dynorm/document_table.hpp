#pragma once
// dynorm::document_table: a table whose items are untyped documents (dynorm::value maps), for
// data without a C++ model. Keys are documents too; expressions name attributes by path:
//
//   auto devices = db.documents("Devices");
//   devices.put(dynorm::value::from_json(R"({"device_id": "10001", "datacount": 3})"));
//   auto item = devices.get(dynorm::value::from_json(R"({"device_id": "10001", "datacount": 3})"));
//   devices.update(key, set(path("info.temperature1"), dynorm::number("33.74")));
//   for (const dynorm::value& d : devices.query(path("device_id") == "10001")) ...
//
// Paths by name are checked when they are parsed, at run time; the server checks the rest.

#include <dynorm/version.hpp>
#include <dynorm/table.hpp>

namespace dynorm::inline DYNORM_ABI {

namespace detail {
// The attributes of a document as an item ({"a":{"S":"x"},...}), checked like a struct's.
inline void append_document(std::string& out, const value& document, std::string_view what) {
    if (document.type() != attribute_type::M) throw encode_error(std::string(what) + " must be a map document");
    encoder enc(out);
    out += '{';
    bool first = true;
    for (const auto& [name, v] : document.as_map()) {
        if (name.empty()) throw encode_error("attribute names must not be empty");
        enc.attribute(name, v, first);
    }
    out += '}';
    if (enc.size() > max_item_size)
        throw encode_error("item is " + std::to_string(enc.size()) +
                           " bytes by DynamoDB's size rules, over the 400 KB limit");
}
} // namespace detail

class document_table : public detail::table_base {
public:
    using write_options = dynorm::write_options<value>;
    using get_options = dynorm::get_options<value>;
    using read_options = dynorm::read_options<value>;

    document_table(std::shared_ptr<transport> wire, std::string name) : table_base(std::move(wire), std::move(name)) {}

    std::optional<value> put(const value& item, const write_options& options = {}) const {
        std::string body = table_body();
        body += ",\"Item\":";
        detail::append_document(body, item, "an item");
        return write<value>("PutItem", body, options.condition.compiled(), options);
    }

    std::optional<value> get(const value& key, const get_options& options = {}) const {
        std::string body = key_body(key);
        return get_request<value>(body, options.projection.compiled(), options, false);
    }

    template <class... Actions>
    std::optional<value> update(const value& key, const dsl::detail::update_expr<Actions...>& actions,
                                const write_options& options = {}) const {
        static_assert(dsl::detail::belongs_to<dsl::detail::update_expr<Actions...>, value>,
                      "dynorm: a document table's expressions name attributes by path (dsl::path)");
        std::string body = key_body(key);
        return update_request<value>(body, dsl::compile<'u'>(actions), options.condition.compiled(), options);
    }
    template <dsl::detail::update_action A1>
    std::optional<value> update(const value& key, const A1& action, const write_options& options = {}) const {
        return update(key, dsl::actions(action), options);
    }
    std::optional<value> update(const value& key, std::string_view update_expression,
                                const write_options& options = {}) const {
        std::string body = key_body(key);
        return update_request<value>(body, dsl::compile_raw(update_expression), options.condition.compiled(), options);
    }

    std::optional<value> remove(const value& key, const write_options& options = {}) const {
        std::string body = key_body(key);
        return write<value>("DeleteItem", body, options.condition.compiled(), options);
    }

    // Query with a key condition on paths by name (path("device_id") == "10001" && ...), or a raw
    // KeyConditionExpression; the server checks that it names the keys.
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<value> query(const KeyCondition& key_condition, const read_options& options = {}) const {
        static_assert(dsl::detail::belongs_to<KeyCondition, value>,
                      "dynorm: a document table's expressions name attributes by path (dsl::path)");
        return query_request<value>(dsl::compile<'k'>(key_condition), options, options.projection.compiled(), false);
    }
    item_range<value> query(std::string_view key_condition, const read_options& options = {}) const {
        return query_request<value>(dsl::compile_raw(key_condition), options, options.projection.compiled(), false);
    }

    item_range<value> scan(const read_options& options = {}) const {
        return scan_request<value>(options, options.projection.compiled(), false);
    }

private:
    std::string key_body(const value& key) const {
        std::string body = table_body();
        body += ",\"Key\":";
        detail::append_document(body, key, "a key");
        return body;
    }
};

inline document_table client::documents(std::string_view name) const {
    return document_table(transport_, std::string(name));
}

} // namespace dynorm
