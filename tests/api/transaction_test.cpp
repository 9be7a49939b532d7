// Transactions and optimistic locking against the local servers. dynalite 4.0.0 has no
// TransactWriteItems/TransactGetItems: there the tests check that the call fails clearly.
#include "support/servers.hpp"

#include <cstdint>

using namespace dynorm::dsl;

namespace tx_test {
struct Account {
    std::string id;
    std::int64_t balance = 0;
    std::string owner;
    std::int64_t version = 0;
};
struct Order {
    std::string customer;
    int number = 0;
    std::int64_t amount = 0;
};
} // namespace tx_test

template <>
struct dynorm::schema<tx_test::Account> {
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &tx_test::Account::id;
    static constexpr auto version = &tx_test::Account::version;
};
template <>
struct dynorm::schema<tx_test::Order> {
    static constexpr std::string_view table = "orders";
    static constexpr auto hash_key = &tx_test::Order::customer;
    static constexpr auto range_key = &tx_test::Order::number;
};

using tx_test::Account;
using tx_test::Order;

namespace {
bool has_transactions(const dynorm_test::server& server) { return server.name != "dynalite"; }
} // namespace

TEST_CASE("a transaction across two tables commits every action", "[integration][transaction]") {
    for (const auto& server : dynorm_test::servers()) {
        if (!has_transactions(server)) continue;
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Account> accounts(db, "txacct");
        dynorm_test::scoped_table<Order> orders(db, "txorder");
        Account alice{"alice", 100, "Alice"};
        accounts->put(alice); // version 0 -> 1
        CHECK(alice.version == 1);
        orders->put({"bob", 1, 5});
        accounts->put(Account{"bank", 0, "Bank"});

        dynorm::transact_write(
            dynorm::tx::put(*orders, Order{"alice", 7, 25}, {.condition = not_exists(attr_<&Order::customer>)}),
            dynorm::tx::update(*accounts, "alice", add(attr_<&Account::balance>, -25),
                               {.condition = attr_<&Account::balance> >= 25, .expected_version = 1}),
            dynorm::tx::check(*accounts, "bank", attr_<&Account::owner> == "Bank"),
            dynorm::tx::remove(*orders, {"bob", 1}));

        const auto [account, order, gone] = dynorm::transact_get(
            dynorm::tx::get(*accounts, "alice"), dynorm::tx::get(*orders, {"alice", 7}), dynorm::tx::get(*orders, {"bob", 1}));
        REQUIRE(account);
        CHECK(account->balance == 75);
        CHECK(account->version == 2); // the update moved the version on
        REQUIRE(order);
        CHECK(order->amount == 25);
        CHECK_FALSE(gone);

        // a projection leaves the other members empty
        const auto [owner_only] = dynorm::transact_get(
            dynorm::tx::get(*accounts, "alice", {.projection = project<&Account::owner>()}));
        REQUIRE(owner_only);
        CHECK(owner_only->owner == "Alice");
        CHECK(owner_only->balance == 0);

        // any number of actions known at run time
        std::vector<dynorm::tx::write_action> many;
        for (int i = 0; i < 100; ++i) many.push_back(dynorm::tx::put(*orders, Order{"many", i, i}));
        dynorm::transact_write(many);
        CHECK(orders->count(key_<&Order::customer> == "many") == 100);
        many.push_back(dynorm::tx::put(*orders, Order{"many", 100, 100}));
        CHECK_THROWS_WITH(dynorm::transact_write(many), Catch::Contains("1 to 100 actions, not 101"));
    }
}

TEST_CASE("a failed condition cancels the whole transaction with a reason per action", "[integration][transaction]") {
    for (const auto& server : dynorm_test::servers()) {
        if (!has_transactions(server)) continue;
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Account> accounts(db, "txcancel");
        dynorm_test::scoped_table<Order> orders(db, "txcancelo");
        Account carol{"carol", 10, "Carol"};
        accounts->put(carol);
        try {
            dynorm::transact_write(
                dynorm::tx::put(*orders, Order{"carol", 1, 500}),
                dynorm::tx::update(*accounts, "carol", add(attr_<&Account::balance>, -500),
                                   {.condition = attr_<&Account::balance> >= 500,
                                    .return_item_on_failure = true,
                                    .expected_version = 1}));
            FAIL("the transaction should have been canceled");
        } catch (const dynorm::transaction_canceled& e) {
            CHECK(e.code() == "TransactionCanceledException");
            REQUIRE(e.reasons().size() == 2);
            CHECK(e.reasons()[0].code == "None");
            CHECK_FALSE(e.reasons()[0].has_item());
            CHECK(e.reasons()[1].code == "ConditionalCheckFailed");
            REQUIRE(e.reasons()[1].has_item());
            const Account as_it_was = e.reasons()[1].item<Account>();
            CHECK(as_it_was.balance == 10);
            CHECK(as_it_was.version == 1);
            CHECK(e.reasons()[1].item<dynorm::value>().find("owner")->as_string() == "Carol");
        }
        CHECK_FALSE(orders->get({"carol", 1}).has_value()); // nothing of it was applied
        CHECK(accounts->get("carol")->balance == 10);
    }
}

TEST_CASE("a transaction retried with its token is applied once", "[integration][transaction]") {
    for (const auto& server : dynorm_test::servers()) {
        if (!has_transactions(server)) continue;
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Order> orders(db, "txtoken");
        orders->put({"dave", 1, 0});
        const auto add_one = dynorm::tx::update(*orders, {"dave", 1}, add(attr_<&Order::amount>, 1));
        // tokens are remembered server-wide for 10 minutes: one of this run's own
        const dynorm::transact_write_options token{.client_request_token = "t" + std::to_string(std::random_device{}())};
        dynorm::transact_write(token, add_one);
        dynorm::transact_write(token, add_one); // a retry of the same call
        CHECK(orders->get({"dave", 1}, {.consistent_read = true})->amount == 1);
        dynorm::transact_write(add_one); // a new call (its own random token)
        CHECK(orders->get({"dave", 1}, {.consistent_read = true})->amount == 2);
        // the same token for another request is refused
        CHECK_THROWS_WITH(dynorm::transact_write(token, dynorm::tx::update(*orders, {"dave", 1}, add(attr_<&Order::amount>, 5))),
                          Catch::Contains("IdempotentParameterMismatch"));
        CHECK_THROWS_WITH(dynorm::transact_write({.client_request_token = std::string(37, 'x')}, add_one),
                          Catch::Contains("1 to 36 characters"));
    }
}

TEST_CASE("dynalite has no transactions: the call fails with the server's error", "[integration][transaction]") {
    for (const auto& server : dynorm_test::servers()) {
        if (has_transactions(server)) continue;
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Order> orders(db, "txnone");
        CHECK_THROWS_AS(dynorm::transact_write(dynorm::tx::put(*orders, Order{"x", 1, 1})), dynorm::service_error);
        CHECK_FALSE(orders->get({"x", 1}).has_value());
    }
}

TEST_CASE("optimistic locking: a stale version conflicts", "[integration][version]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Account> accounts(db, "version");

        Account mine{"erin", 50, "Erin"};
        accounts->put(mine); // stored at version 1, mine.version follows
        CHECK(mine.version == 1);
        Account theirs = *accounts->get("erin", {.consistent_read = true});
        CHECK(theirs.version == 1);

        theirs.balance = 60;
        accounts->put(theirs); // version 2
        mine.balance = 70;
        CHECK_THROWS_AS(accounts->put(mine), dynorm::conditional_check_failed); // mine is stale
        CHECK(accounts->get("erin", {.consistent_read = true})->balance == 60);

        // a new item (version 0) can't overwrite a stored one
        CHECK_THROWS_AS(accounts->put(Account{"erin", 1, "Impostor"}), dynorm::conditional_check_failed);

        // update and remove need the version read
        CHECK_THROWS_WITH(accounts->update("erin", set(attr_<&Account::balance>, 1)), Catch::Contains(".expected_version"));
        CHECK_THROWS_AS(accounts->update("erin", set(attr_<&Account::balance>, 1), {.expected_version = 1}),
                        dynorm::conditional_check_failed);
        const auto updated = accounts->update("erin", set(attr_<&Account::balance>, 65),
                                              {.returns = dynorm::return_values::all_new, .expected_version = 2});
        CHECK(updated->version == 3);
        CHECK(updated->balance == 65);
        // a raw update with its own SET clause: the version joins it
        accounts->update("erin", "SET #o = :o", {.names = {{"#o", "owner"}}, .values = {{":o", "Erin E."}}, .expected_version = 3});
        CHECK(accounts->get("erin", {.consistent_read = true})->version == 4);
        CHECK_THROWS_AS(accounts->remove("erin", {.expected_version = 3}), dynorm::conditional_check_failed);
        // the caller's own condition still applies, with the version's
        CHECK_THROWS_AS(accounts->remove("erin", {.condition = attr_<&Account::balance> > 1000, .expected_version = 4}),
                        dynorm::conditional_check_failed);
        accounts->remove("erin", {.expected_version = 4});
        CHECK_FALSE(accounts->get("erin", {.consistent_read = true}).has_value());

        // opting out writes exactly what is given
        accounts->put(Account{"erin", 1, "Erin", 41}, {.version_check = false});
        CHECK(accounts->get("erin", {.consistent_read = true})->version == 41);
        accounts->update("erin", add(attr_<&Account::balance>, 1), {.version_check = false});
        CHECK(accounts->get("erin", {.consistent_read = true})->version == 41);
        accounts->remove("erin", {.version_check = false});
        CHECK_FALSE(accounts->get("erin").has_value());
    }
}

TEST_CASE("optimistic locking in transactions", "[integration][version][transaction]") {
    for (const auto& server : dynorm_test::servers()) {
        if (!has_transactions(server)) continue;
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Account> accounts(db, "txversion");
        Account frank{"frank", 5, "Frank"};
        Account grace{"grace", 5, "Grace"};
        dynorm::transact_write(dynorm::tx::put(*accounts, frank), dynorm::tx::put(*accounts, grace));
        CHECK(frank.version == 1); // moved on at commit
        CHECK(accounts->get("grace", {.consistent_read = true})->version == 1);

        Account stale = frank;
        frank.balance = 6;
        accounts->put(frank); // version 2
        stale.balance = 7;
        try {
            dynorm::transact_write(dynorm::tx::put(*accounts, stale), dynorm::tx::update(*accounts, "grace", add(attr_<&Account::balance>, 1), {.expected_version = 1}));
            FAIL("a stale version must cancel the transaction");
        } catch (const dynorm::transaction_canceled& e) {
            REQUIRE(e.reasons().size() == 2);
            CHECK(e.reasons()[0].code == "ConditionalCheckFailed");
        }
        CHECK(stale.version == 1); // not committed: the caller's copy stays as it was
        CHECK(accounts->get("grace", {.consistent_read = true})->balance == 5);
        // a check on the version the caller read
        CHECK_THROWS_AS(dynorm::transact_write(dynorm::tx::check(*accounts, "frank", attr_<&Account::balance> >= 0, {.expected_version = 1})),
                        dynorm::transaction_canceled);
        dynorm::transact_write(dynorm::tx::check(*accounts, "frank", attr_<&Account::balance> >= 0, {.expected_version = 2}),
                               dynorm::tx::remove(*accounts, "grace", {.expected_version = 1}));
        CHECK_FALSE(accounts->get("grace", {.consistent_read = true}).has_value());
    }
}

TEST_CASE("version options are checked before anything is sent", "[integration][version]") {
    const dynorm::client db = dynorm_test::client_for(dynorm_test::servers().front());
    const auto orders = db.table<Order>("never-created-table");
    CHECK_THROWS_WITH(orders.remove({"a", 1}, {.expected_version = 1}), Catch::Contains("no version member"));
    const auto accounts = db.table<Account>("never-created-table");
    CHECK_THROWS_WITH(accounts.put(Account{"a"}, {.expected_version = 1}), Catch::Contains("the version is the item's own"));
    CHECK_THROWS_WITH(dynorm::tx::remove(accounts, "a"), Catch::Contains(".expected_version"));
}
