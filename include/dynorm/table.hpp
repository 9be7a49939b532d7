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
//
// Each call is a plan (dynorm/detail/write_plan.hpp), a request built by dynorm/protocol/, the
// client's transport, and the response read back by dynorm/protocol/.

#include <dynorm/version.hpp>
#include <dynorm/batch_writer.hpp>
#include <dynorm/detail/batch_get.hpp>
#include <dynorm/detail/table_base.hpp>
#include <dynorm/detail/update_overloads.hpp>
#include <dynorm/detail/write_plan.hpp>
#include <dynorm/dsl.hpp>
#include <dynorm/schema/index.hpp>
#include <dynorm/index_view.hpp>
#include <dynorm/item_range.hpp>
#include <dynorm/operation.hpp>
#include <dynorm/options.hpp>
#include <dynorm/parallel_range.hpp>
#include <dynorm/protocol/create_table.hpp>
#include <dynorm/schema/table_schema.hpp>
#include <dynorm/schema/version.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

template <class T>
class table : public detail::typed_table<T>,
              public detail::update_overloads<table<T>, primary_key<T>, write_options<T>, std::optional<T>> {
    static_assert(table_model<T>,
                  "dynorm: table<T> needs a schema<T> specialization with `table` and `hash_key`");

public:
    using key_type = primary_key<T>;
    using hash_type = typename table_schema<T>::hash::type;
    using write_options = dynorm::write_options<T>;
    using get_options = dynorm::get_options<T>;
    using read_options = dynorm::read_options<T>;

    table(std::shared_ptr<transport> wire, std::string_view name = {})
        : detail::typed_table<T>(std::move(wire), std::string(name.empty() ? table_schema<T>::table_name : name)) {}

    // ---- table management ------------------------------------------------------------------

    // CreateTable with the keys and the secondary indexes of schema<T>.
    void create(provisioned capacity = {}) const { this->send("CreateTable", protocol::create_table_body<T>(this->name(), capacity)); }
    void create(on_demand_billing) const { this->send("CreateTable", protocol::create_table_body<T>(this->name(), std::nullopt)); }
    operation<void> create_async(provisioned capacity = {}) const {
        return this->start_void("CreateTable", protocol::create_table_body<T>(this->name(), capacity));
    }
    operation<void> create_async(on_demand_billing) const {
        return this->start_void("CreateTable", protocol::create_table_body<T>(this->name(), std::nullopt));
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
    std::optional<T> put(const T& item, const write_options& options = {}) const { return put_request(item, options); }
    std::optional<T> put(T& item, const write_options& options = {}) const
        requires versioned<T>
    {
        auto old = put(std::as_const(item), options);
        if (options.version_check) detail::set_version(item, detail::version_of(item) + 1);
        return old;
    }

    // put of a value that isn't a T: a sentence instead of overload noise.
    template <class U>
        requires(!std::convertible_to<const U&, const T&>)
    std::optional<T> put(const U&, const write_options& = {}) const {
        static_assert(dynorm::detail::dependent_false<U>,
                      "dynorm: put takes an item of the table's type (table<T>::put(const T&)); for another type, "
                      "use the table of that type (db.table<U>())");
        return std::nullopt;
    }

    // GetItem: the item, or an empty optional when there is none. With a projection, only the
    // projected members are filled.
    std::optional<T> get(const key_type& key, const get_options& options = {}) const { return get_request(key, options); }

    // GetItem by hash and range value: users.get("janedoe", "Doe"). Values of other types are
    // refused by the key itself, with its sentence (primary_key's constructor).
    template <class H, class R>
        requires(table_schema<T>::has_range_key && !std::convertible_to<R&&, get_options>)
    std::optional<T> get(H&& hash, R&& range, const get_options& options = {}) const {
        return get(key_type(std::forward<H>(hash), std::forward<R>(range)), options);
    }

    // GetItem into a narrower struct U whose members are a subset of T's (same names and types):
    // only those attributes are read (ProjectionExpression from U's members).
    template <class U>
    std::optional<U> get_as(const key_type& key, const get_options& options = {}) const {
        return this->template get_item<U>(dynorm::key_json<T>(key), narrow_projection<U>(), options, false);
    }

    // UpdateItem with typed actions (dynorm::dsl): set, remove, add, del — one to four of them, or
    // dsl::actions(...). Returns the attributes ReturnValues asks for: the whole item (all_old,
    // all_new) or only the updated members (updated_old, updated_new). Updating a key attribute
    // doesn't compile.
    using detail::update_overloads<table<T>, key_type, write_options, std::optional<T>>::update;
    template <class... Actions>
    std::optional<T> update(const key_type& key, const dsl::detail::update_expr<Actions...>& actions,
                            const write_options& options = {}) const {
        detail::check_typed_update<T, Actions...>();
        return update_request(key, dsl::compile_update(actions), options);
    }

    // UpdateItem with a raw UpdateExpression string and the options' placeholder maps.
    std::optional<T> update(const key_type& key, std::string_view update_expression,
                            const write_options& options = {}) const {
        return update_request(key, dsl::compile_raw_update(update_expression), options);
    }

    // DeleteItem. With returns = all_old, the item it deleted (if any). A versioned item is deleted
    // only if its stored version is options.expected_version.
    std::optional<T> remove(const key_type& key, const write_options& options = {}) const {
        return remove_request(key, options);
    }

    // ---- the item calls without blocking -----------------------------------------------------
    // The same requests, results and errors as put, get, update and remove, as operations
    // (dynorm/operation.hpp) to co_await, give a callback or wait on, run on the client's multi
    // engine (wire/multi_engine.hpp). put_async of a versioned item writes its next version as
    // put does, but leaves the item's version member to the caller. The defaults are written
    // `= write_options()`, not `= {}`: GCC 12 miscompiles an aggregate-initialized temporary that
    // lives across a co_await (README, Asynchronous calls).
    operation<std::optional<T>> put_async(const T& item, const write_options& options = write_options()) const {
        return put_request<true>(item, options);
    }
    template <class U>
        requires(!std::convertible_to<const U&, const T&>)
    operation<std::optional<T>> put_async(const U&, const write_options& = {}) const {
        static_assert(dynorm::detail::dependent_false<U>,
                      "dynorm: put_async takes an item of the table's type (table<T>::put_async(const T&)); for "
                      "another type, use the table of that type (db.table<U>())");
        return operation<std::optional<T>>::make().first;
    }
    operation<std::optional<T>> get_async(const key_type& key, const get_options& options = get_options()) const {
        return get_request<true>(key, options);
    }
    template <class... Actions>
    operation<std::optional<T>> update_async(const key_type& key, const dsl::detail::update_expr<Actions...>& actions,
                                             const write_options& options = write_options()) const {
        detail::check_typed_update<T, Actions...>();
        return update_request<true>(key, dsl::compile_update(actions), options);
    }
    // One action alone; several go in dsl::actions(a1, a2, ...).
    template <dsl::detail::update_action A1>
    operation<std::optional<T>> update_async(const key_type& key, const A1& action, const write_options& options = write_options()) const {
        return update_async(key, dsl::actions(action), options);
    }
    operation<std::optional<T>> update_async(const key_type& key, std::string_view update_expression,
                                             const write_options& options = write_options()) const {
        return update_request<true>(key, dsl::compile_raw_update(update_expression), options);
    }
    operation<std::optional<T>> remove_async(const key_type& key, const write_options& options = write_options()) const {
        return remove_request<true>(key, options);
    }

    // ---- query and scan ----------------------------------------------------------------------

    // The items of one partition, fetched page after page as the range is read.
    //   users.query(key_<&User::username> == "johndoe")
    //   movies.query(key_<&Movie::year> == 1985 && between(key_<&Movie::title>, "A", "L"),
    //                {.projection = project<&Movie::year, &Movie::title>()})
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<T> query(const KeyCondition& key_condition, const read_options& options = {}) const {
        return this->template query_items<T>(compile_key_condition(key_condition), options, options.projection.compiled(),
                              !options.projection.empty());
    }

    // Query with a raw KeyConditionExpression (placeholders in the options' maps).
    item_range<T> query(std::string_view key_condition, const read_options& options = {}) const {
        return this->template query_items<T>(dsl::compile_raw(key_condition), options, options.projection.compiled(),
                              !options.projection.empty());
    }

    // Every item of the table (or of the options' segment), filtered, page after page.
    item_range<T> scan(const read_options& options = {}) const {
        return this->template scan_items<T>(options, options.projection.compiled(), !options.projection.empty());
    }

    // One page of a query or scan without blocking: the items after options.start (the first page
    // when it is empty); the page's last_evaluated_key starts the next page, and is empty on the last.
    //   for (std::optional<dynorm::value> start;;) {
    //       options.start = start;
    //       auto p = co_await movies.query_page_async(key_<&Movie::year> == 1985, options);
    //       ...; if (!(start = p.last_evaluated_key)) break;
    //   }
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    operation<page<T>> query_page_async(const KeyCondition& key_condition,
                                        const read_options& options = read_options()) const {
        return this->template query_page<T>(compile_key_condition(key_condition), options,
                                            options.projection.compiled(), !options.projection.empty());
    }
    operation<page<T>> query_page_async(std::string_view key_condition,
                                        const read_options& options = read_options()) const {
        return this->template query_page<T>(dsl::compile_raw(key_condition), options, options.projection.compiled(),
                                            !options.projection.empty());
    }
    operation<page<T>> scan_page_async(const read_options& options = read_options()) const {
        return this->template scan_page<T>(options, options.projection.compiled(), !options.projection.empty());
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

    // BatchGetItem for any number of keys: requests of up to 100 keys, sent together on the
    // client's asynchronous engine, UnprocessedKeys requested again with full-jitter backoff. Returns the items found (missing keys have none), in no
    // particular order; throws error when keys stay unprocessed after max_attempts.
    std::vector<T> batch_get(const std::vector<key_type>& keys, const batch_get_options<T>& options = {}) const {
        std::vector<T> found;
        std::vector<detail::batch_get_source> sources;
        sources.push_back(detail::batch_get_source_of<T>(this->name(), keys, options.consistent_read, options.projection,
                                                         options.names, found));
        detail::run_batch_get(this->wire(), sources, detail::retry_of(options));
        return found;
    }

    // A batch writer (dynorm/batch_writer.hpp): buffered puts and removes, 25 per BatchWriteItem.
    dynorm::batch_writer<T> batch_writer(batch_writer_options<T> options = {}) const {
        return dynorm::batch_writer<T>(std::move(options), *this);
    }

    // The number of items a query or a scan selects (Select=COUNT), summed over all pages.
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    std::int64_t count(const KeyCondition& key_condition, const read_options& options = {}) const {
        return this->count_query(compile_key_condition(key_condition), options);
    }
    std::int64_t count(const read_options& options = {}) const { return this->count_scan(options); }

    // Query and scan into a narrower struct U whose members are a subset of T's: only those
    // attributes are read (the options' projection is replaced by U's members).
    template <class U, class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<U> query_as(const KeyCondition& key_condition, const read_options& options = {}) const {
        return this->template query_items<U>(compile_key_condition(key_condition), options, narrow_projection<U>(), false);
    }
    template <class U>
    item_range<U> scan_as(const read_options& options = {}) const {
        return this->template scan_items<U>(options, narrow_projection<U>(), false);
    }

private:
    using write_action = detail::table_base::item_write_action;

    // The requests of the item calls, blocking or (Async) as operations.
    template <bool Async = false>
    auto put_request(const T& item, const write_options& options) const {
        const detail::write_plan<T> plan(detail::write_kind::put, "put", this->name(), options, options.condition.compiled(),
                                         nullptr, &item);
        return this->template write_item<T, Async>(write_action::put, plan,
                                                   detail::stored_item_json(item, plan.stored_version()), options.returns);
    }
    template <bool Async = false>
    auto get_request(const key_type& key, const get_options& options) const {
        return this->template get_item<T, Async>(dynorm::key_json<T>(key), options.projection.compiled(), options,
                                                 !options.projection.empty());
    }
    // UpdateItem; a versioned item is updated only at options.expected_version and gets the next one.
    template <bool Async = false>
    auto update_request(const key_type& key, const dsl::compiled_update& update, const write_options& options) const {
        const detail::write_plan<T> plan(detail::write_kind::update, "update", this->name(), options,
                                         options.condition.compiled(), &update);
        return this->template write_item<T, Async>(write_action::update, plan, dynorm::key_json<T>(key), options.returns);
    }
    template <bool Async = false>
    auto remove_request(const key_type& key, const write_options& options) const {
        const detail::write_plan<T> plan(detail::write_kind::remove, "remove", this->name(), options,
                                         options.condition.compiled());
        return this->template write_item<T, Async>(write_action::remove, plan, dynorm::key_json<T>(key), options.returns);
    }

    template <class U>
    static dsl::compiled_expression narrow_projection() {
        return dsl::compile<dsl::placeholder_kind::projection>(dsl::project_as<U, T>());
    }

    template <class KeyCondition>
    static dsl::compiled_expression compile_key_condition(const KeyCondition& key_condition) {
        static_assert(dsl::detail::check_key_condition<KeyCondition, schema<T>::hash_key, detail::range_or_hash_key<T>(),
                                                       table_schema<T>::has_range_key>());
        return dsl::compile<dsl::placeholder_kind::key_condition>(key_condition);
    }
};

} // namespace dynorm
