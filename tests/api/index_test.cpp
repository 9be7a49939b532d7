// Secondary indexes declared in schema<T>: created with the table, described, queried with their
// own keys; indexes that project only some members return items whose other members can't be
// read (a compile error, see tests/compile_fail/dsl_index_*.cpp).
#include "support/servers.hpp"

#include <algorithm>

using namespace dynorm::dsl;

namespace index_test {
struct Account {
    std::string username;                // hash key
    std::string last_name;               // range key
    std::string account_type;
    int age = 0;
    std::string first_name;
    std::optional<std::string> referrer; // key of a sparse index
    std::string notes;
};
} // namespace index_test

template <>
struct dynorm::schema<index_test::Account> {
    using A = index_test::Account;
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &A::username;
    static constexpr auto range_key = &A::last_name;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"by_account", &A::account_type, &A::age>{{2, 3}},
        dynorm::global_index<"by_referrer", &A::referrer, dynorm::no_range_key, dynorm::keys_only>{},
        dynorm::local_index<"by_first_name", &A::first_name, dynorm::include<&A::age>>{}};
};

using index_test::Account;

TEST_CASE("indexes declared in the schema", "[integration][index]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Account> accounts(db, "indexes");
        const auto d = accounts->describe();
        REQUIRE(d.global_secondary_indexes.size() == 2);
        REQUIRE(d.local_secondary_indexes.size() == 1);
        for (const auto& gsi : d.global_secondary_indexes) {
            if (gsi.index_name == "by_account") {
                CHECK(gsi.projection_type == "ALL");
                CHECK(gsi.key_schema.at(1).attribute_name == "age");
                CHECK(gsi.provisioned_throughput.read_capacity_units == 2);
                CHECK(gsi.provisioned_throughput.write_capacity_units == 3);
            } else {
                CHECK(gsi.index_name == "by_referrer");
                CHECK(gsi.projection_type == "KEYS_ONLY");
                CHECK(gsi.provisioned_throughput.read_capacity_units == 5); // the table's
            }
        }
        CHECK(d.local_secondary_indexes[0].projection_type == "INCLUDE");
        CHECK(d.local_secondary_indexes[0].non_key_attributes == std::vector<std::string>{"age"});
        CHECK(d.attribute_definitions.size() == 6); // username, last_name, account_type, age, referrer, first_name

        for (int i = 0; i < 12; ++i)
            accounts->put({"user" + std::to_string(i % 4), "L" + std::to_string(i), i % 3 ? "standard" : "super",
                           18 + i, i % 2 ? "Jane" : "Bob",
                           i % 5 == 0 ? std::optional<std::string>("ref" + std::to_string(i % 2)) : std::nullopt,
                           "note " + std::to_string(i)});

        // a global index projecting everything: whole Accounts, in index key order
        const auto by_account = accounts->index<"by_account">();
        std::vector<int> ages;
        for (const Account& a : by_account.query(key_<&Account::account_type> == "super" && key_<&Account::age> > 20)) {
            CHECK(a.notes.rfind("note ", 0) == 0);
            ages.push_back(a.age);
        }
        CHECK(ages == std::vector<int>{21, 24, 27});
        CHECK(by_account.count(key_<&Account::account_type> == "standard") == 8);
        // the same query a page at a time without blocking (two items a page)
        std::vector<int> paged_ages;
        dynorm::read_options<Account> two_a_page;
        two_a_page.limit = 2;
        for (;;) {
            auto p = by_account.query_page_async(key_<&Account::account_type> == "super" && key_<&Account::age> > 20,
                                                 two_a_page)
                         .get();
            for (const Account& a : p.items) paged_ages.push_back(a.age);
            if (!(two_a_page.start = p.last_evaluated_key)) break;
        }
        CHECK(paged_ages == ages);

        // a sparse keys-only index: only items with a referrer, only keys readable
        const auto by_referrer = accounts->index<"by_referrer">();
        std::set<std::string> referred;
        for (const auto& r : by_referrer.query(key_<&Account::referrer> == "ref0")) {
            referred.insert(r.get<&Account::username>() + "/" + r.get<&Account::last_name>());
            CHECK(*r.get<&Account::referrer>() == "ref0");
            CHECK(r.partial_item().notes.empty()); // not projected
        }
        CHECK(referred == std::set<std::string>{"user0/L0", "user2/L10"});
        int in_index = 0;
        for (const auto& r : by_referrer.scan()) {
            (void)r;
            ++in_index;
        }
        CHECK(in_index == 3); // items 0, 5, 10
        CHECK(by_referrer.scan_page_async().get().items.size() == 3);

        // a local index including one member
        std::vector<int> jane_ages;
        for (const auto& r : accounts->index<"by_first_name">().query(key_<&Account::username> == "user1" &&
                                                                       begins_with(key_<&Account::first_name>, "J")))
            jane_ages.push_back(r.get<&Account::age>());
        std::sort(jane_ages.begin(), jane_ages.end()); // all three sort as "Jane" in the index
        CHECK(jane_ages == std::vector<int>{19, 23, 27});
    }
}
