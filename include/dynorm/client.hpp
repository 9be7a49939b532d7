#pragma once
// dynorm::client: one connection pool, one configuration, one retry quota; cheap to share.
// Tables are views on it: db.table<User>() (or db.table<User>("users-staging")).

#include <dynorm/version.hpp>
#include <dynorm/detail/async_call.hpp>
#include <dynorm/document_table.hpp>
#include <dynorm/protocol/list_tables.hpp>
#include <dynorm/table.hpp>
#include <dynorm/codec/value.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/transport.hpp>

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class client {
public:
    // Region, credentials and endpoint from the environment and the shared AWS files.
    client() : client(client_config{}) {}
    explicit client(const client_config& config, std::function<void(const retry_event&)> on_retry = {})
        : transport_(std::make_shared<transport>(resolve_config(config), std::move(on_retry))) {}
    // Over an engine of your own (dynorm/wire/engine.hpp), such as dynorm::memory_engine in tests:
    // requests are signed and retried as over libcurl, and the engine moves the bytes.
    client(const client_config& config, std::shared_ptr<http_engine> engine,
           std::function<void(const retry_event&)> on_retry = {})
        : transport_(std::make_shared<transport>(resolve_config(config), std::move(on_retry), std::move(engine))) {}

    const resolved_config& config() const noexcept { return transport_->config(); }

    // The table of T (schema<T>::table, or another name given here).
    template <class T>
    dynorm::table<T> table(std::string_view name = {}) const {
        return dynorm::table<T>(transport_, name);
    }

    // A table of untyped documents (dynorm::value), for data without a C++ model.
    dynorm::document_table documents(std::string_view name) const {
        return dynorm::document_table(transport_, std::string(name));
    }

    // Every table name, across all pages.
    std::vector<std::string> list_tables() const {
        std::vector<std::string> names;
        std::string start;
        do {
            auto page = protocol::read_list_tables(transport_->send("ListTables", protocol::list_tables_body(start)).body);
            names.insert(names.end(), std::make_move_iterator(page.names.begin()),
                         std::make_move_iterator(page.names.end()));
            start = std::move(page.last_evaluated);
        } while (!start.empty());
        return names;
    }

    // Any DynamoDB action with a JSON body of your own: the escape hatch for what dynorm doesn't
    // wrap yet. Returns the parsed response as a plain-JSON document.
    value call(std::string_view action, std::string_view json_body) const {
        const http_response r = transport_->send(action, json_body);
        return r.body.empty() ? value(value::map{}) : value::from_json(r.body);
    }

    // call() without blocking (dynorm/operation.hpp).
    operation<value> call_async(std::string_view action, std::string json_body) const {
        return detail::start_async<value>(*transport_, action, std::move(json_body), [](std::string& response) {
            return response.empty() ? value(value::map{}) : value::from_json(response);
        });
    }

    dynorm::transport& wire() const noexcept { return *transport_; }

private:
    std::shared_ptr<dynorm::transport> transport_;
};

} // namespace dynorm
