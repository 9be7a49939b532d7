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
#include <dynorm/codec/encode.hpp>
#include <dynorm/detail/table_base.hpp>
#include <dynorm/detail/update_overloads.hpp>
#include <dynorm/detail/write_plan.hpp>
#include <dynorm/dsl.hpp>
#include <dynorm/codec/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

class document_table : public detail::table_base,
                       public detail::update_overloads<document_table, value, write_options<value>, std::optional<value>> {
public:
    using write_options = dynorm::write_options<value>;
    using get_options = dynorm::get_options<value>;
    using read_options = dynorm::read_options<value>;

    document_table(std::shared_ptr<transport> wire, std::string name) : table_base(std::move(wire), std::move(name)) {}

    std::optional<value> put(const value& item, const write_options& options = {}) const {
        std::string json;
        detail::append_document(json, item, "an item");
        const detail::write_plan<value> plan(detail::write_kind::put, "put", name(), options,
                                             options.condition.compiled());
        return write_item<value>(item_write_action::put, plan, json, options.returns);
    }

    std::optional<value> get(const value& key, const get_options& options = {}) const {
        return get_item<value>(key_json(key), options.projection.compiled(), options, false);
    }

    // UpdateItem with actions on paths by name (one to four, or dsl::actions(...)), or a raw
    // UpdateExpression.
    using detail::update_overloads<document_table, value, write_options, std::optional<value>>::update;
    template <class... Actions>
    std::optional<value> update(const value& key, const dsl::detail::update_expr<Actions...>& actions,
                                const write_options& options = {}) const {
        static_assert(dsl::detail::belongs_to<dsl::detail::update_expr<Actions...>, value>,
                      "dynorm: a document table's expressions name attributes by path (dsl::path)");
        return update_request(key, dsl::compile_update(actions), options);
    }
    std::optional<value> update(const value& key, std::string_view update_expression,
                                const write_options& options = {}) const {
        return update_request(key, dsl::compile_raw_update(update_expression), options);
    }

    std::optional<value> remove(const value& key, const write_options& options = {}) const {
        const detail::write_plan<value> plan(detail::write_kind::remove, "remove", name(), options,
                                             options.condition.compiled());
        return write_item<value>(item_write_action::remove, plan, key_json(key), options.returns);
    }

    // Query with a key condition on paths by name (path("device_id") == "10001" && ...), or a raw
    // KeyConditionExpression; the server checks that it names the keys.
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<value> query(const KeyCondition& key_condition, const read_options& options = {}) const {
        static_assert(dsl::detail::belongs_to<KeyCondition, value>,
                      "dynorm: a document table's expressions name attributes by path (dsl::path)");
        return query_items<value>(dsl::compile<dsl::placeholder_kind::key_condition>(key_condition), options,
                                  options.projection.compiled(), false);
    }
    item_range<value> query(std::string_view key_condition, const read_options& options = {}) const {
        return query_items<value>(dsl::compile_raw(key_condition), options, options.projection.compiled(), false);
    }

    item_range<value> scan(const read_options& options = {}) const {
        return scan_items<value>(options, options.projection.compiled(), false);
    }

private:
    std::optional<value> update_request(const value& key, const dsl::compiled_update& update,
                                        const write_options& options) const {
        const detail::write_plan<value> plan(detail::write_kind::update, "update", name(), options,
                                             options.condition.compiled(), &update);
        return write_item<value>(item_write_action::update, plan, key_json(key), options.returns);
    }

    static std::string key_json(const value& key) {
        std::string json;
        detail::append_document(json, key, "a key");
        return json;
    }
};

} // namespace dynorm
