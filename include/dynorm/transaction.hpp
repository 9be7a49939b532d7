#pragma once
// Transactions across tables and item types: TransactWriteItems and TransactGetItems.
//
//   using namespace dynorm::dsl;
//   dynorm::transact_write(
//       dynorm::tx::put(orders, order, {.condition = not_exists(attr_<&Order::id>)}),
//       dynorm::tx::update(accounts, "acct-1", add(attr_<&Account::balance>, -25),
//                          {.condition = attr_<&Account::balance> >= 25}),
//       dynorm::tx::check(limits, "global", attr_<&Limit::open> == true),
//       dynorm::tx::remove(carts, cart_key));
//
//   auto [user, movie] = dynorm::transact_get(dynorm::tx::get(users, "janedoe"),
//                                             dynorm::tx::get(movies, {2015, "The Big New Movie"}));
//
// All or nothing: when a condition fails (or another transaction conflicts), transact_write throws
// transaction_canceled with one reason per action, in order (code "None" for the others), and the
// item as it was for actions that asked for it with return_item_on_failure.
//
// Every call carries a ClientRequestToken (a random one unless given), so the transport's retries
// of the call are idempotent: DynamoDB applies a token's transaction once. Give your own token to
// make your own retries idempotent too (within DynamoDB's 10-minute window).

#include <dynorm/version.hpp>
#include <dynorm/detail/write_plan.hpp>
#include <dynorm/protocol/transact_get_items.hpp>
#include <dynorm/protocol/transact_write_items.hpp>
#include <dynorm/protocol/transaction_canceled.hpp>
#include <dynorm/table.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// Options of tx::put, tx::update, tx::remove and tx::check.
template <class T>
struct transact_options {
    dsl::condition<T> condition;               // ConditionExpression: DSL or raw string
    std::map<std::string, std::string> names;  // placeholders of raw expressions
    std::map<std::string, value> values;       // placeholders of raw expressions
    bool return_item_on_failure = false;       // ReturnValuesOnConditionCheckFailure = ALL_OLD
    std::optional<std::int64_t> expected_version; // versioned items: the version read
    bool version_check = true;                    // versioned items: false writes unconditionally
};

// Options of tx::get.
template <class T>
struct transact_get_options {
    dsl::projection<T> projection;            // ProjectionExpression: DSL or raw string
    std::map<std::string, std::string> names; // placeholders of a raw projection
};

struct transact_write_options {
    // ClientRequestToken, 1 to 36 characters; empty: a random token for this call.
    std::string client_request_token;
};

namespace tx {

// One action of transact_write, ready to send (built by tx::put, update, remove and check).
class write_action {
public:
    write_action(std::string json, std::shared_ptr<transport> wire, std::function<void()> on_commit = {})
        : json_(std::move(json)), wire_(std::move(wire)), on_commit_(std::move(on_commit)) {}
    const std::string& json() const noexcept { return json_; }
    transport* wire() const noexcept { return wire_.get(); }
    void committed() const {
        if (on_commit_) on_commit_();
    }

private:
    std::string json_;
    std::shared_ptr<transport> wire_;
    std::function<void()> on_commit_; // e.g. the caller's version member moves on
};

// One read of transact_get, ready to send.
template <class T>
class get_action {
public:
    get_action(std::string json, std::shared_ptr<transport> wire, bool partial)
        : json_(std::move(json)), wire_(std::move(wire)), partial_(partial) {}
    const std::string& json() const noexcept { return json_; }
    transport* wire() const noexcept { return wire_.get(); }
    bool partial() const noexcept { return partial_; }

private:
    std::string json_;
    std::shared_ptr<transport> wire_;
    bool partial_;
};

} // namespace tx

namespace detail {

// An action of transact_write: the write planned (dynorm/detail/write_plan.hpp) and built by
// dynorm/protocol/transact_write_items.hpp.
template <class T>
tx::write_action transact_action(protocol::transact_write_kind kind, const table<T>& target, const write_plan<T>& plan,
                                 std::string_view item_or_key, const transact_options<T>& options,
                                 std::function<void()> on_commit = {}) {
    protocol::item_write w = plan.request(target.name(), item_or_key);
    w.return_item_on_failure = options.return_item_on_failure;
    return tx::write_action(protocol::transact_write_action(kind, w), target.shared_wire(), std::move(on_commit));
}

template <class T>
tx::write_action transact_update(const table<T>& target, const primary_key<T>& key, const dsl::compiled_update& update,
                                 const transact_options<T>& options) {
    const write_plan<T> plan(write_kind::update, "tx::update", target.name(), options, options.condition.compiled(),
                             &update);
    return transact_action(protocol::transact_write_kind::update, target, plan, key_json<T>(key), options);
}

template <class T>
tx::write_action transact_put(const table<T>& target, const T& item, const transact_options<T>& options,
                              std::function<void()> on_commit) {
    const write_plan<T> plan(write_kind::put, "put", target.name(), options, options.condition.compiled(), nullptr,
                             &item);
    if (!plan.stored_version()) on_commit = {}; // nothing to move on
    return transact_action(protocol::transact_write_kind::put, target, plan,
                           stored_item_json(item, plan.stored_version()), options, std::move(on_commit));
}

inline std::string request_token(const transact_write_options& options) {
    if (!options.client_request_token.empty()) return options.client_request_token; // checked by the builder
    thread_local std::mt19937_64 rng{std::random_device{}()};
    constexpr char hex[] = "0123456789abcdef";
    std::string token;
    for (int half = 0; half < 2; ++half) {
        std::uint64_t bits = rng();
        for (int i = 0; i < 16; ++i, bits >>= 4) token += hex[bits & 15];
    }
    return token;
}

// TransactWriteItems with the actions (pointers: the actions' JSON isn't copied).
inline void send_transaction(std::span<const tx::write_action* const> actions, const transact_write_options& options) {
    std::vector<std::string_view> json;
    json.reserve(actions.size());
    for (const tx::write_action* a : actions) {
        if (a->wire() != actions.front()->wire())
            throw encode_error("transact_write: all actions must use tables of one client");
        json.push_back(a->json());
    }
    const std::string body = protocol::transact_write_items_body(json, request_token(options));
    actions.front()->wire()->send("TransactWriteItems", body);
    for (const tx::write_action* a : actions) a->committed();
}

} // namespace detail

namespace tx {

// Put of an item; a versioned item goes in with the next version, on condition that the stored one
// is still the item's (its version member moves on when the transaction commits, for a non-const
// item).
template <class T>
write_action put(const table<T>& target, const T& item, const std::type_identity_t<transact_options<T>>& options = {}) {
    return detail::transact_put(target, item, options, {});
}
template <versioned T>
write_action put(const table<T>& target, T& item, const std::type_identity_t<transact_options<T>>& options = {}) {
    if (!options.version_check) return detail::transact_put(target, std::as_const(item), options, {});
    return detail::transact_put(target, std::as_const(item), options,
                                [&item, next = detail::version_of(item) + 1] { detail::set_version(item, next); });
}

// Update of the item with the key: typed actions (one to four, or dsl::actions(...)) or a raw
// UpdateExpression.
template <class T, class... Actions>
write_action update(const table<T>& target, const std::type_identity_t<primary_key<T>>& key,
                    const dsl::detail::update_expr<Actions...>& actions,
                    const std::type_identity_t<transact_options<T>>& options = {}) {
    detail::check_typed_update<T, Actions...>();
    return detail::transact_update(target, key, dsl::compile_update(actions), options);
}
template <class T, dsl::detail::update_action A1>
write_action update(const table<T>& target, const std::type_identity_t<primary_key<T>>& key, const A1& a1,
                    const std::type_identity_t<transact_options<T>>& options = {}) {
    return update(target, key, dsl::actions(a1), options);
}
template <class T, dsl::detail::update_action A1, dsl::detail::update_action A2>
write_action update(const table<T>& target, const std::type_identity_t<primary_key<T>>& key, const A1& a1,
                    const A2& a2, const std::type_identity_t<transact_options<T>>& options = {}) {
    return update(target, key, dsl::actions(a1, a2), options);
}
template <class T, dsl::detail::update_action A1, dsl::detail::update_action A2, dsl::detail::update_action A3>
write_action update(const table<T>& target, const std::type_identity_t<primary_key<T>>& key, const A1& a1,
                    const A2& a2, const A3& a3, const std::type_identity_t<transact_options<T>>& options = {}) {
    return update(target, key, dsl::actions(a1, a2, a3), options);
}
template <class T, dsl::detail::update_action A1, dsl::detail::update_action A2, dsl::detail::update_action A3,
          dsl::detail::update_action A4>
write_action update(const table<T>& target, const std::type_identity_t<primary_key<T>>& key, const A1& a1,
                    const A2& a2, const A3& a3, const A4& a4,
                    const std::type_identity_t<transact_options<T>>& options = {}) {
    return update(target, key, dsl::actions(a1, a2, a3, a4), options);
}
template <class T>
write_action update(const table<T>& target, const std::type_identity_t<primary_key<T>>& key,
                    std::string_view update_expression, const std::type_identity_t<transact_options<T>>& options = {}) {
    return detail::transact_update(target, key, dsl::compile_raw_update(update_expression), options);
}

// Delete of the item with the key (a versioned item: only at options.expected_version).
template <class T>
write_action remove(const table<T>& target, const std::type_identity_t<primary_key<T>>& key,
                    const std::type_identity_t<transact_options<T>>& options = {}) {
    const detail::write_plan<T> plan(detail::write_kind::remove, "tx::remove", target.name(), options,
                                     options.condition.compiled());
    return detail::transact_action(protocol::transact_write_kind::remove, target, plan, dynorm::key_json<T>(key),
                                   options);
}

// A condition on an item the transaction doesn't write (ConditionCheck). With expected_version, a
// versioned item must also be at that version.
template <class T>
write_action check(const table<T>& target, const std::type_identity_t<primary_key<T>>& key,
                   const std::type_identity_t<dsl::condition<T>>& condition,
                   const std::type_identity_t<transact_options<T>>& options = {}) {
    if (condition.empty()) throw encode_error("tx::check needs a condition");
    if (!options.condition.empty()) throw encode_error("tx::check: give the condition once, not in the options too");
    const detail::write_plan<T> plan(detail::write_kind::check, "tx::check", target.name(), options,
                                     condition.compiled());
    return detail::transact_action(protocol::transact_write_kind::condition_check, target, plan,
                                   dynorm::key_json<T>(key), options);
}

// A read of transact_get.
template <class T>
get_action<T> get(const table<T>& target, const std::type_identity_t<primary_key<T>>& key,
                  const std::type_identity_t<transact_get_options<T>>& options = {}) {
    const dsl::compiled_expression placeholders = dsl::compile_placeholders(options.names);
    const std::string key_text = dynorm::key_json<T>(key);
    return get_action<T>(
        protocol::transact_get_action({target.name(), key_text, false, options.projection.compiled(), placeholders}),
        target.shared_wire(), !options.projection.empty());
}

} // namespace tx

// TransactWriteItems with the actions, in any number from 1 to 100 (known here at run time).
inline void transact_write(const std::vector<tx::write_action>& actions, const transact_write_options& options = {}) {
    std::vector<const tx::write_action*> pointers;
    for (const auto& a : actions) pointers.push_back(&a);
    detail::send_transaction(pointers, options);
}

// TransactWriteItems with the actions given; their number is checked at compile time.
template <class... Actions>
    requires(std::same_as<Actions, tx::write_action> && ...)
void transact_write(const transact_write_options& options, const Actions&... actions) {
    static_assert(sizeof...(Actions) >= 1, "dynorm: a transaction needs at least one action");
    static_assert(sizeof...(Actions) <= 100, "dynorm: a transaction has at most 100 actions");
    const std::array<const tx::write_action*, sizeof...(Actions)> pointers{&actions...};
    detail::send_transaction(pointers, options);
}
template <class... Actions>
    requires(std::same_as<Actions, tx::write_action> && ...)
void transact_write(const Actions&... actions) {
    transact_write(transact_write_options{}, actions...);
}

// TransactGetItems: each item read, in the order of the gets (empty where there is none), from one
// consistent snapshot.
template <class... T>
std::tuple<std::optional<T>...> transact_get(const tx::get_action<T>&... gets) {
    static_assert(sizeof...(T) >= 1, "dynorm: transact_get needs at least one read");
    static_assert(sizeof...(T) <= 100, "dynorm: a transaction has at most 100 actions");
    transport* wire = nullptr;
    const std::array<std::string_view, sizeof...(T)> json{gets.json()...};
    (
        [&](const auto& g) {
            if (wire && g.wire() != wire) throw encode_error("transact_get: all reads must use tables of one client");
            wire = g.wire();
        }(gets),
        ...);
    const bool partial[] = {gets.partial()...};
    std::tuple<std::optional<T>...> out;
    std::string response = std::move(wire->send("TransactGetItems", protocol::transact_get_items_body(json)).body);
    protocol::read_transact_get_items(response, sizeof...(T), [&](std::size_t index, simdjson::ondemand::value item) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((index == I ? protocol::detail::read_item(item, std::get<I>(out).emplace(), partial[I]) : void()), ...);
        }(std::index_sequence_for<T...>{});
    });
    return out;
}

} // namespace dynorm
