// Pagination against both servers: page sizes, max_items cuts (also in the middle of a page),
// resuming from tokens, tokens of another request rejected, Select=COUNT, consumed capacity.
#include "support/servers.hpp"

#include <cstdio>

using namespace dynorm::dsl;

namespace pagination_test {
struct Entry {
    std::string part;
    std::string sort;
    int n = 0;
};
} // namespace pagination_test

template <>
struct dynorm::schema<pagination_test::Entry> {
    static constexpr std::string_view table = "entries";
    static constexpr auto hash_key = &pagination_test::Entry::part;
    static constexpr auto range_key = &pagination_test::Entry::sort;
};

using pagination_test::Entry;

namespace {
std::string sort_key(int i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d", i);
    return buf;
}

std::vector<std::string> sorts_of(dynorm::item_range<Entry>& range) {
    std::vector<std::string> out;
    for (const Entry& e : range) out.push_back(e.sort);
    return out;
}
} // namespace

TEST_CASE("pages, max_items and resume tokens", "[integration][pagination]") {
    constexpr int total = 57;
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Entry> entries(db, "pages");
        for (int i = 0; i < total; ++i) entries->put({"p", sort_key(i), i});
        for (int i = 0; i < 5; ++i) entries->put({"other", sort_key(i), i});

        const auto query = key_<&Entry::part> == "p";
        auto all_range = entries->query(query);
        const std::vector<std::string> all = sorts_of(all_range);
        REQUIRE(all.size() == total);
        CHECK(all.front() == "0000");
        CHECK(all.back() == "0056");

        for (const int page_size : {1, 2, 7, 100}) {
            INFO("page size " << page_size);
            auto range = entries->query(query, {.page_size = page_size});
            CHECK(sorts_of(range) == all);
            std::size_t pages = 0, items = 0;
            for (const auto& p : entries->query(query, {.page_size = page_size}).pages()) {
                ++pages;
                items += p.items.size();
                CHECK(p.items.size() <= static_cast<std::size_t>(page_size));
                CHECK(p.count == static_cast<std::int64_t>(p.items.size()));
            }
            CHECK(items == total);
            CHECK(pages >= static_cast<std::size_t>((total + page_size - 1) / page_size));
        }

        for (const std::size_t max_items : {1u, 5u, 13u, 56u, 57u, 80u}) {
            INFO("max_items " << max_items);
            auto first = entries->query(query, {.page_size = 7, .max_items = max_items});
            std::vector<std::string> seen = sorts_of(first);
            CHECK(seen.size() == std::min<std::size_t>(max_items, total));
            const std::string token = first.next_token();
            if (max_items >= total) {
                CHECK(token.empty());
                continue;
            }
            REQUIRE_FALSE(token.empty());
            auto rest = entries->query(query, {.page_size = 7, .starting_token = token});
            for (const auto& s : sorts_of(rest)) seen.push_back(s);
            CHECK(seen == all);
        }

        // token after token, ten items at a time, pages of 7: exactly the uninterrupted sequence
        std::vector<std::string> stitched;
        std::string token;
        int rounds = 0;
        do {
            auto part = entries->query(query, {.page_size = 7, .max_items = 10, .starting_token = token});
            for (const auto& s : sorts_of(part)) stitched.push_back(s);
            token = part.next_token();
            ++rounds;
        } while (!token.empty() && rounds < 20);
        CHECK(stitched == all);
        CHECK(rounds == 6);

        // scans resume the same way, with a filter
        auto filtered = entries->scan({.filter = attr_<&Entry::n> >= 3, .page_size = 5, .max_items = 20});
        std::vector<std::string> scanned;
        for (const Entry& e : filtered) scanned.push_back(e.part + e.sort);
        auto scan_rest = entries->scan({.filter = attr_<&Entry::n> >= 3, .page_size = 5,
                                        .starting_token = filtered.next_token()});
        for (const Entry& e : scan_rest) scanned.push_back(e.part + e.sort);
        CHECK(scanned.size() == (total - 3) + (5 - 3));
        CHECK(std::set<std::string>(scanned.begin(), scanned.end()).size() == scanned.size());

        // a token belongs to its table and its request
        auto cut = entries->query(query, {.page_size = 7, .max_items = 3});
        for (const Entry& e : cut) (void)e;
        const std::string cut_token = cut.next_token();
        dynorm_test::scoped_table<Entry> other(db, "pages2");
        CHECK_THROWS_WITH(other->query(query, {.page_size = 7, .starting_token = cut_token}),
                          Catch::Contains("the starting token was made for table " + entries->name()));
        CHECK_THROWS_WITH(entries->query(query, {.page_size = 8, .starting_token = cut_token}),
                          Catch::Contains("made for another query or scan"));
        CHECK_THROWS_WITH(entries->query(key_<&Entry::part> == "other", {.page_size = 7, .starting_token = cut_token}),
                          Catch::Contains("made for another query or scan"));
        CHECK_THROWS_WITH(entries->query(query, {.starting_token = "garbage!"}),
                          "dynorm: the starting token is not a token dynorm made");

        // Select=COUNT pages through and sums
        CHECK(entries->count(query) == total);
        CHECK(entries->count(query, {.filter = attr_<&Entry::n> < 10, .page_size = 4}) == 10);
        CHECK(entries->count() == total + 5);
        CHECK(entries->count({.filter = attr_<&Entry::part> == "other"}) == 5);

        // consumed capacity when asked for
        for (const auto& p : entries->query(query, {.page_size = 50, .return_consumed_capacity = dynorm::consumed_capacity::total}).pages()) {
            REQUIRE(p.consumed_capacity.has_value());
            CHECK(*p.consumed_capacity > 0);
        }
    }
}

TEST_CASE("parallel scans return every item exactly once", "[integration][pagination][concurrency]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Entry> entries(db, "parallel");
        std::multiset<std::string> expected;
        for (int p = 0; p < 20; ++p)
            for (int i = 0; i < 8; ++i) {
                entries->put({"part" + std::to_string(p), sort_key(i), p * 8 + i});
                expected.insert("part" + std::to_string(p) + "/" + sort_key(i));
            }
        for (const int segments : {1, 2, 4, 8}) {
            INFO("segments " << segments);
            std::multiset<std::string> seen;
            for (const Entry& e : entries->parallel_scan(segments, {.page_size = 7})) seen.insert(e.part + "/" + e.sort);
            CHECK(seen == expected);
        }
        std::multiset<std::string> filtered;
        for (const Entry& e : entries->parallel_scan(4, {.filter = in(attr_<&Entry::n>, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18)})) filtered.insert(e.sort);
        CHECK(filtered.size() == 10);
        // a reader that stops early doesn't hang: the workers are stopped and joined
        {
            auto range = entries->parallel_scan(4, {.page_size = 2});
            for (const Entry& e : range) {
                (void)e;
                break;
            }
        }
        // an error in a segment reaches the reader
        const auto missing = db.table<Entry>(dynorm_test::unique_table_name("missing"));
        CHECK_THROWS_AS([&] { for (const Entry& e : missing.parallel_scan(3)) (void)e; }(), dynorm::resource_not_found);
    }
}
