// A program using most of dynorm: two models, global and local indexes, optimistic locking,
// conditional writes, typed updates, query pages with resumable tokens, index queries, counts,
// scans, a batch writer over two tables, batch get, both transactions and an untyped table.
#include <dynorm/dynorm.hpp>

#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct Address {
    std::string road, city, state;
    int zipcode = 0;
};
struct Account {
    std::string username;
    std::string last_name;
    std::string first_name;
    int age = 0;
    std::string account_type;
    std::optional<std::string> referrer;
    std::optional<Address> address;
    std::set<std::string> tags;
    std::map<std::string, int> scores;
    std::int64_t balance = 0;
    std::int64_t version = 0;
};
template <>
struct dynorm::schema<Account> {
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &Account::username;
    static constexpr auto range_key = &Account::last_name;
    static constexpr auto version = &Account::version;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"by_account", &Account::account_type, &Account::age>{{2, 2}},
        dynorm::global_index<"by_referrer", &Account::referrer, dynorm::no_range_key, dynorm::keys_only>{},
        dynorm::local_index<"by_first_name", &Account::first_name, dynorm::include<&Account::age>>{}};
};
struct Order {
    std::string id;
    std::string owner;
    std::vector<std::string> lines;
    double total = 0;
    bool shipped = false;
};
template <>
struct dynorm::schema<Order> {
    static constexpr std::string_view table = "orders";
    static constexpr auto hash_key = &Order::id;
};

using namespace dynorm::dsl;

int main() try {
    dynorm::client db;
    const auto accounts = db.table<Account>();
    const auto orders = db.table<Order>();
    accounts.create(dynorm::provisioned{5, 5});
    orders.create(dynorm::on_demand);
    accounts.wait_until_exists();
    orders.wait_until_exists();

    Account jane{.username = "janedoe", .last_name = "Doe", .first_name = "Jane", .age = 25,
                 .account_type = "standard_user", .referrer = "bob", .balance = 100};
    accounts.put(jane); // version 0 -> 1, conditional on absence
    orders.put({.id = "o-1", .owner = "janedoe", .lines = {"book"}, .total = 12.5},
               {.condition = not_exists(attr_<&Order::id>)});
    accounts.update({"janedoe", "Doe"}, set(attr_<&Account::age>, attr_<&Account::age> + 1),
                    add(attr_<&Account::tags>, std::set<std::string>{"vip"}),
                    {.condition = attr_<&Account::balance> >= 0, .expected_version = 1});
    if (const auto a = accounts.get("janedoe", "Doe", {.consistent_read = true})) std::cout << a->age << '\n';

    std::string token;
    for (;;) {
        auto pages = accounts.query(key_<&Account::username> == "janedoe",
                                    {.filter = attr_<&Account::age> > 20, .page_size = 1, .max_items = 1,
                                     .starting_token = token});
        for (const Account& a : pages) std::cout << a.username << '\n';
        token = pages.next_token();
        if (token.empty()) break;
    }
    for (const auto& page : accounts.scan({.filter = begins_with(attr_<&Account::first_name>, "J"), .limit = 2}).pages())
        std::cout << page.count << '\n';
    for (const Account& a : accounts.index<"by_account">().query(key_<&Account::account_type> == "standard_user" &&
                                                                 key_<&Account::age> > 20))
        std::cout << a.first_name << '\n';
    for (const auto& r : accounts.index<"by_referrer">().query(key_<&Account::referrer> == "bob"))
        std::cout << r.get<&Account::username>() << '\n';
    std::cout << accounts.count({.filter = contains(attr_<&Account::tags>, "vip")}) << '\n';

    {
        dynorm::batch_writer batch(accounts, orders);
        batch.put(Order{.id = "o-2", .owner = "janedoe", .total = 3});
        batch.put(Account{.username = "johndoe", .last_name = "Doe", .first_name = "John", .age = 30,
                          .account_type = "super_user"});
        batch.remove<Order>("o-9");
    }
    const std::vector<Order> some = orders.batch_get({{"o-1"}, {"o-2"}}, {.consistent_read = true});
    std::cout << some.size() << '\n';

    dynorm::transact_write(dynorm::tx::update(orders, "o-1", set(attr_<&Order::shipped>, true)),
                           dynorm::tx::check(accounts, {"janedoe", "Doe"}, attr_<&Account::balance> >= 10));
    const auto [account, order] =
        dynorm::transact_get(dynorm::tx::get(accounts, {"janedoe", "Doe"}), dynorm::tx::get(orders, "o-1"));
    std::cout << (account && order && order->shipped) << '\n';

    auto documents = db.documents("orders");
    for (const dynorm::value& d : documents.scan()) std::cout << d.to_json() << '\n';

    accounts.remove({"janedoe", "Doe"}, {.expected_version = 2});
    accounts.drop();
    orders.drop();
} catch (const dynorm::transaction_canceled& e) {
    std::cerr << e.what() << " (" << e.reasons().size() << " reasons)\n";
    return 1;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
