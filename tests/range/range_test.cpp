// item_range and parallel_range over fake page sources (no server), so that the sanitizer build
// covers their bookkeeping and threads.
#include <dynorm/parallel_range.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <set>

namespace {

// Pages of `size` ints from 0 to total-1; the start key is the next int.
dynorm::item_range<int>::fetch_function pages_of_ints(int total, int size, std::atomic<int>* fetches = nullptr) {
    return [=](const std::optional<dynorm::value>& start) {
        if (fetches) ++*fetches;
        const int from = start ? start->find("next")->as_number().as<int>() : 0;
        dynorm::page<int> p;
        for (int i = from; i < std::min(total, from + size); ++i) p.items.push_back(i);
        p.count = static_cast<std::int64_t>(p.items.size());
        if (from + size < total) {
            dynorm::value key;
            key["next"] = from + size;
            p.last_evaluated_key = key;
        }
        return p;
    };
}

std::vector<int> read(dynorm::item_range<int>& r) {
    std::vector<int> out;
    for (int i : r) out.push_back(i);
    return out;
}

} // namespace

TEST_CASE("item ranges fetch pages lazily", "[range]") {
    std::atomic<int> fetches{0};
    dynorm::item_range<int> r(pages_of_ints(10, 3, &fetches), {});
    CHECK(fetches == 0);
    auto it = r.begin();
    CHECK(fetches == 1);
    CHECK(*it == 0);
    std::vector<int> all;
    for (; it != r.end(); ++it) all.push_back(*it);
    CHECK(all == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(fetches == 4);
    CHECK(r.next_token().empty());
}

TEST_CASE("max_items stops mid-page and the token resumes exactly", "[range]") {
    const dynorm::detail::token_scope scope{"t", "", 42};
    dynorm::item_range<int> first(pages_of_ints(10, 3, nullptr), {}, 4, scope);
    CHECK(read(first) == std::vector<int>{0, 1, 2, 3});
    const auto at = dynorm::detail::parse_token(first.next_token(), scope);
    CHECK(at.skip == 1); // the page starting at 3, one item read
    dynorm::item_range<int> rest(pages_of_ints(10, 3, nullptr), at, {}, scope);
    CHECK(read(rest) == std::vector<int>{4, 5, 6, 7, 8, 9});
    CHECK_THROWS_WITH(dynorm::detail::parse_token(first.next_token(), {"t", "", 43}),
                      Catch::Contains("made for another query or scan"));
    CHECK_THROWS_WITH(dynorm::detail::parse_token(first.next_token(), {"u", "", 42}),
                      Catch::Contains("was made for table t, not for table u"));
}

TEST_CASE("parallel ranges read every segment once and stop cleanly", "[range]") {
    auto segment_scan = [](int segment) {
        return dynorm::item_range<int>(
            [segment](const std::optional<dynorm::value>& start) {
                const int from = start ? start->find("next")->as_number().as<int>() : 0;
                dynorm::page<int> p;
                for (int i = from; i < std::min(100, from + 7); ++i) p.items.push_back(segment * 1000 + i);
                if (from + 7 < 100) {
                    dynorm::value key;
                    key["next"] = from + 7;
                    p.last_evaluated_key = key;
                }
                return p;
            },
            {});
    };
    for (const int segments : {1, 3, 8}) {
        std::multiset<int> seen;
        dynorm::parallel_range<int> r(segments, segment_scan);
        for (int i : r) seen.insert(i);
        CHECK(seen.size() == static_cast<std::size_t>(segments * 100));
        CHECK(std::set<int>(seen.begin(), seen.end()).size() == seen.size());
    }
    {
        dynorm::parallel_range<int> r(4, segment_scan);
        for (int i : r) {
            (void)i;
            break; // the destructor stops and joins the workers
        }
    }
    dynorm::parallel_range<int> failing(3, [](int segment) {
        if (segment == 1) throw dynorm::transport_error("segment 1 broke");
        return dynorm::item_range<int>([](const std::optional<dynorm::value>&) { return dynorm::page<int>{}; }, {});
    });
    CHECK_THROWS_WITH([&] { for (int i : failing) (void)i; }(), "segment 1 broke");
    CHECK_THROWS_AS(dynorm::parallel_range<int>(0, segment_scan), dynorm::encode_error);
}
