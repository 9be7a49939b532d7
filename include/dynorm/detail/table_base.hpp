#pragma once
// What table<T>, its index views and document_table share: a table name on a client's transport,
// the table management calls, and the item calls written once as protocol builder + send +
// protocol reader. Templated on the item type only where items are read.

#include <dynorm/version.hpp>
#include <dynorm/detail/async_call.hpp>
#include <dynorm/detail/write_plan.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/error.hpp>
#include <dynorm/item_range.hpp>
#include <dynorm/options.hpp>
#include <dynorm/protocol/delete_item.hpp>
#include <dynorm/protocol/delete_table.hpp>
#include <dynorm/protocol/describe_table.hpp>
#include <dynorm/protocol/get_item.hpp>
#include <dynorm/protocol/put_item.hpp>
#include <dynorm/protocol/query.hpp>
#include <dynorm/protocol/scan.hpp>
#include <dynorm/protocol/update_item.hpp>
#include <dynorm/schema/table_schema.hpp>
#include <dynorm/wire/transport.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace dynorm::inline DYNORM_ABI::detail {

static_assert(protocol::detail::body_padding <= response_padding,
              "dynorm: the transport's response_padding must cover the parser's padding");

class table_base {
public:
    const std::string& name() const noexcept { return name_; }
    dynorm::transport& wire() const noexcept { return *wire_; }
    const std::shared_ptr<dynorm::transport>& shared_wire() const noexcept { return wire_; }

    // DeleteTable.
    void drop() const { wire_->send("DeleteTable", protocol::delete_table_body(name_)); }

    // DescribeTable.
    table_description describe() const {
        return protocol::read_describe_table(wire_->send("DescribeTable", protocol::describe_table_body(name_)).body);
    }

    // DeleteTable and DescribeTable without blocking (dynorm/operation.hpp).
    operation<void> drop_async() const { return start_void("DeleteTable", protocol::delete_table_body(name_)); }
    operation<table_description> describe_async() const {
        return start_async<table_description>(*wire_, "DescribeTable", protocol::describe_table_body(name_),
                                              [](std::string& response) { return protocol::read_describe_table(response); });
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

    // The response body of `action` with `body`.
    std::string send(std::string_view action, const std::string& body) const {
        return std::move(wire_->send(action, body).body);
    }

    // `action` without blocking, its response body unread.
    operation<void> start_void(std::string_view action, std::string body) const {
        return start_async<void>(*wire_, action, std::move(body), [](std::string&) {});
    }

    enum class item_write_action { put, update, remove };

    // PutItem, UpdateItem or DeleteItem of a planned write of `item_or_key` (the codec's JSON);
    // the attributes `returns` asks for. Async: as an operation (dynorm/operation.hpp).
    template <class Item, bool Async = false, class T>
    auto write_item(item_write_action action, const write_plan<T>& plan, std::string_view item_or_key,
                    return_values returns) const {
        item_write_request request = write_request(action, plan, item_or_key, returns);
        if constexpr (Async) {
            return start_async<std::optional<Item>>(*wire_, request.action, std::move(request.body),
                                                    [action, returns](std::string& response) {
                                                        return read_written<Item>(action, response, returns);
                                                    });
        } else {
            std::string response = send(request.action, request.body);
            return read_written<Item>(action, response, returns);
        }
    }

    // GetItem of `key`; `partial`: only some members are read.
    template <class Item, bool Async = false, class Options>
    auto get_item(std::string_view key, const dsl::compiled_expression& projection, const Options& options,
                  bool partial) const {
        const dsl::compiled_expression placeholders = dsl::compile_placeholders(options.names);
        std::string body = protocol::get_item_body({name_, key, options.consistent_read, projection, placeholders});
        if constexpr (Async) {
            return start_async<std::optional<Item>>(
                *wire_, "GetItem", std::move(body),
                [partial](std::string& response) { return protocol::read_get_item<Item>(response, partial); });
        } else {
            std::string response = send("GetItem", body);
            return protocol::read_get_item<Item>(response, partial);
        }
    }

    // The read settings of a query or scan from its options (limit and page_size are one setting).
    template <class Options>
    protocol::paged_read paged_read_of(const Options& options, const dsl::compiled_expression& projection,
                                       const dsl::compiled_expression& placeholders, bool count_only) const {
        if (options.limit && options.page_size && *options.limit != *options.page_size)
            throw encode_error("limit and page_size are the same setting (Limit); give one of them");
        protocol::paged_read r;
        r.table = name_;
        r.index = options.index;
        r.limit = options.limit ? options.limit : options.page_size;
        r.consistent_read = options.consistent_read;
        r.return_consumed_capacity = options.return_consumed_capacity;
        r.count_only = count_only;
        r.filter = options.filter.compiled();
        r.projection = projection;
        r.placeholders = placeholders;
        return r;
    }

    template <class Options>
    std::string query_body(const dsl::compiled_expression& key_condition, const Options& options,
                           const dsl::compiled_expression& projection, bool count_only) const {
        const dsl::compiled_expression placeholders = dsl::compile_placeholders(options.names, options.values);
        return protocol::query_body_start(
            {paged_read_of(options, projection, placeholders, count_only), key_condition, options.forward});
    }
    template <class Options>
    std::string scan_body(const Options& options, const dsl::compiled_expression& projection, bool count_only) const {
        const dsl::compiled_expression placeholders = dsl::compile_placeholders(options.names, options.values);
        return protocol::scan_body_start(
            {paged_read_of(options, projection, placeholders, count_only), options.segment, options.total_segments});
    }

    template <class Item, class Options>
    item_range<Item> query_items(const dsl::compiled_expression& key_condition, const Options& options,
                                 const dsl::compiled_expression& projection, bool partial) const {
        return pages<Item>("Query", query_body(key_condition, options, projection, false), options, partial);
    }
    template <class Item, class Options>
    item_range<Item> scan_items(const Options& options, const dsl::compiled_expression& projection,
                                bool partial) const {
        return pages<Item>("Scan", scan_body(options, projection, false), options, partial);
    }

    // One page of a Query or Scan without blocking: the page after options.start.
    template <class Item, class Options>
    operation<page<Item>> query_page(const dsl::compiled_expression& key_condition, const Options& options,
                                     const dsl::compiled_expression& projection, bool partial) const {
        return page_async<Item>("Query", query_body(key_condition, options, projection, false), options, partial);
    }
    template <class Item, class Options>
    operation<page<Item>> scan_page(const Options& options, const dsl::compiled_expression& projection,
                                    bool partial) const {
        return page_async<Item>("Scan", scan_body(options, projection, false), options, partial);
    }

    // Select=COUNT: the number of matching items, summed over all pages.
    template <class Options>
    std::int64_t count_query(const dsl::compiled_expression& key_condition, const Options& options) const {
        return count_pages("Query", query_body(key_condition, options, {}, true), options);
    }
    template <class Options>
    std::int64_t count_scan(const Options& options) const {
        return count_pages("Scan", scan_body(options, {}, true), options);
    }

private:
    struct item_write_request {
        std::string_view action;
        std::string body;
    };
    template <class T>
    item_write_request write_request(item_write_action action, const write_plan<T>& plan,
                                     std::string_view item_or_key, return_values returns) const {
        protocol::item_write w = plan.request(name_, item_or_key);
        w.returns = returns;
        switch (action) {
        case item_write_action::put: return {"PutItem", protocol::put_item_body(w)};
        case item_write_action::update: return {"UpdateItem", protocol::update_item_body(w)};
        case item_write_action::remove: break;
        }
        return {"DeleteItem", protocol::delete_item_body(w)};
    }
    template <class Item>
    static std::optional<Item> read_written(item_write_action action, std::string& response, return_values returns) {
        switch (action) {
        case item_write_action::put: return protocol::read_put_item<Item>(response);
        case item_write_action::update: return protocol::read_update_item<Item>(response, returns);
        case item_write_action::remove: break;
        }
        return protocol::read_delete_item<Item>(response);
    }

    template <class Options>
    std::int64_t count_pages(std::string_view action, std::string shared_body, const Options& options) const {
        std::int64_t total = 0;
        for (const auto& p : pages<value>(action, std::move(shared_body), options, false).pages()) total += p.count;
        return total;
    }

    // A lazy range over the pages of a Query or Scan whose pages share `shared_body` (all but
    // ExclusiveStartKey and the closing brace). `partial`: items may lack members.
    template <class Item, class Options>
    item_range<Item> pages(std::string_view action, std::string shared_body, const Options& options,
                           bool partial) const {
        const token_scope scope{name_, options.index, crc32(std::string(action) + shared_body)};
        resume_point from{options.start, 0};
        if (!options.starting_token.empty()) from = parse_token(options.starting_token, scope);
        auto fetch = [wire = wire_, action = std::string(action), shared = std::move(shared_body),
                      partial](const std::optional<value>& start) {
            std::string response = std::move(wire->send(action, protocol::page_body(shared, start)).body);
            return protocol::read_page<Item>(response, partial);
        };
        return item_range<Item>(std::move(fetch), std::move(from), options.max_items, scope);
    }

    template <class Item, class Options>
    operation<page<Item>> page_async(std::string_view action, const std::string& shared_body, const Options& options,
                                     bool partial) const {
        // A token may resume inside a page and max_items counts across pages: both belong to ranges.
        if (!options.starting_token.empty() || options.max_items)
            throw encode_error("a page call reads the one page after options.start; starting_token and max_items "
                               "apply to query and scan ranges");
        return start_async<page<Item>>(*wire_, action, protocol::page_body(shared_body, options.start),
                                       [partial](std::string& response) {
                                           return protocol::read_page<Item>(response, partial);
                                       });
    }

    std::shared_ptr<transport> wire_;
    std::string name_;
};

// A table_base whose items are T: what table<T> is to the calls below it (the batch writer, batch
// get), which take it without needing table<T> itself; deduction sees through to T.
template <class T>
class typed_table : public table_base {
protected:
    using table_base::table_base;
};

} // namespace dynorm::detail
