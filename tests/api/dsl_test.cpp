// The expression DSL against DynamoDB Local and dynalite: every condition operator selects
// exactly the items the same predicate selects locally; every update action has its effect;
// conditions guard writes; key conditions select the right sort keys; projections fill only
// what they name.
#include "api/dsl_model.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace dsl_test;
using namespace dynorm::dsl;
using dynorm_test::scoped_table;

namespace {

std::string key_of(const Item& i) { return i.id + "/" + i.sort; }

template <class Range>
std::set<std::string> keys(Range&& items) {
    std::set<std::string> out;
    for (const Item& i : items) out.insert(key_of(i));
    return out;
}

std::set<std::string> expected(const std::function<bool(const Item&)>& predicate) {
    std::set<std::string> out;
    for (const Item& i : data())
        if (predicate(i)) out.insert(key_of(i));
    return out;
}

} // namespace

TEST_CASE("every condition operator selects what the same predicate selects", "[integration][dsl]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Item> items(db, "dslops");
        for (const Item& i : data()) items->put(i);

        auto check = [&](const char* what, const dynorm::dsl::filter<Item>& filter,
                         const std::function<bool(const Item&)>& predicate) {
            INFO(what);
            const auto selected = keys(items->scan({.filter = filter}));
            CHECK(selected == expected(predicate));
        };
        check("==", attr_<&Item::n> == 3, [](const Item& i) { return i.n == 3; });
        check("!=", attr_<&Item::n> != 3, [](const Item& i) { return i.n != 3; });
        check("<", attr_<&Item::n> < 3, [](const Item& i) { return i.n < 3; });
        check("<=", attr_<&Item::n> <= 3, [](const Item& i) { return i.n <= 3; });
        check(">", attr_<&Item::n> > 3, [](const Item& i) { return i.n > 3; });
        check(">=", attr_<&Item::n> >= 3, [](const Item& i) { return i.n >= 3; });
        check("value first", 3 < attr_<&Item::n>, [](const Item& i) { return 3 < i.n; });
        check("string <", attr_<&Item::s> < "b", [](const Item& i) { return i.s < "b"; });
        check("between", between(attr_<&Item::n>, 2, 4), [](const Item& i) { return i.n >= 2 && i.n <= 4; });
        check("between strings", between(attr_<&Item::s>, "apple", "banana"),
              [](const Item& i) { return i.s >= "apple" && i.s <= "banana"; });
        check("begins_with", begins_with(attr_<&Item::s>, "ap"), [](const Item& i) { return i.s.rfind("ap", 0) == 0; });
        check("begins_with binary", begins_with(attr_<&Item::blob>, dynorm::binary("PNG")),
              [](const Item& i) { return i.blob.bytes.rfind("PNG", 0) == 0; });
        check("in", in(attr_<&Item::n>, 1, 5, 7), [](const Item& i) { return i.n == 1 || i.n == 5 || i.n == 7; });
        check("exists", exists(attr_<&Item::maybe>), [](const Item& i) { return i.maybe.has_value(); });
        check("not_exists", not_exists(attr_<&Item::maybe>), [](const Item& i) { return !i.maybe.has_value(); });
        // empty sets are absent attributes
        check("not_exists set", not_exists(attr_<&Item::labels>), [](const Item& i) { return i.labels.empty(); });
        // (dynalite 4.0.0 doesn't see an empty string as type S, so no empty strings here)
        check("type_is", type_is(attr_<&Item::labels>, dynorm::attribute_type::SS), [](const Item& i) { return !i.labels.empty(); });
        check("type_is N", type_is(attr_<&Item::n>, dynorm::attribute_type::N), [](const Item&) { return true; });
        check("type_is mismatch", type_is(attr_<&Item::n>, dynorm::attribute_type::S), [](const Item&) { return false; });
        check("type_is L", type_is(attr_<&Item::tags>, dynorm::attribute_type::L), [](const Item&) { return true; });
        check("contains string", contains(attr_<&Item::s>, "an"), [](const Item& i) { return i.s.find("an") != std::string::npos; });
        check("contains string set", contains(attr_<&Item::labels>, "fruit"), [](const Item& i) { return i.labels.count("fruit") > 0; });
        check("contains number set", contains(attr_<&Item::nums>, 2), [](const Item& i) { return i.nums.count(2) > 0; });
        check("contains list", contains(attr_<&Item::tags>, "red"),
              [](const Item& i) { return std::find(i.tags.begin(), i.tags.end(), "red") != i.tags.end(); });
        check("size string", size(attr_<&Item::s>) > 5, [](const Item& i) { return i.s.size() > 5; });
        check("size list", size(attr_<&Item::tags>) >= 2, [](const Item& i) { return i.tags.size() >= 2; });
        check("size set", size(attr_<&Item::nums>) == 1, [](const Item& i) { return i.nums.size() == 1; });
        check("size map", size(attr_<&Item::counts>) < 2, [](const Item& i) { return i.counts.size() < 2; });
        check("size binary", size(attr_<&Item::blob>) == 4, [](const Item& i) { return i.blob.size() == 4; });
        check("&&", attr_<&Item::n> > 1 && attr_<&Item::flag> == true, [](const Item& i) { return i.n > 1 && i.flag; });
        check("||", attr_<&Item::n> < 2 || attr_<&Item::n> > 4, [](const Item& i) { return i.n < 2 || i.n > 4; });
        check("!", !(attr_<&Item::flag> == true), [](const Item& i) { return !i.flag; });
        check("precedence", (attr_<&Item::n> == 1 || attr_<&Item::n> == 4) && attr_<&Item::flag> == false,
              [](const Item& i) { return (i.n == 1 || i.n == 4) && !i.flag; });
        check("nested map", attr_<&Item::place, &Place::city> == "Paris", [](const Item& i) { return i.place.city == "Paris"; });
        check("list element", attr_<&Item::tags>[0] == "red", [](const Item& i) { return !i.tags.empty() && i.tags[0] == "red"; });
        check("map entry", attr_<&Item::counts>["k"] >= 5,
              [](const Item& i) { return i.counts.count("k") && i.counts.at("k") >= 5; });
        check("reserved word", attr_<&Item::year> < 2000, [](const Item& i) { return i.year < 2000; });
        check("two attributes", attr_<&Item::n> < attr_<&Item::year>, [](const Item& i) { return i.n < i.year; });
        check("path by name", path("place.zip") > 70000, [](const Item& i) { return i.place.zip > 70000; });
        check("raw string", "attribute_exists(maybe)", [](const Item& i) { return i.maybe.has_value(); });
    }
}

TEST_CASE("every update action has its effect", "[integration][dsl]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Item> items(db, "dslupd");
        for (const Item& i : data()) items->put(i);
        const dynorm::primary_key<Item> k{"a", "01"};
        auto item = [&] { return *items->get(k, {.consistent_read = true}); };

        items->update(k, set(attr_<&Item::s>, "avocado"));
        CHECK(item().s == "avocado");
        items->update(k, set(attr_<&Item::n>, attr_<&Item::n> + 10));
        CHECK(item().n == 11);
        items->update(k, set(attr_<&Item::n>, attr_<&Item::n> - 4));
        CHECK(item().n == 7);
        items->update(k, set(attr_<&Item::n>, 100 - attr_<&Item::n>));
        CHECK(item().n == 93);
        items->update(k, set(attr_<&Item::maybe>, if_not_exists(attr_<&Item::maybe>, "fallback")));
        CHECK(item().maybe == "x"); // present: kept
        items->update(k, remove(attr_<&Item::maybe>));
        CHECK_FALSE(item().maybe.has_value());
        items->update(k, set(attr_<&Item::maybe>, if_not_exists(attr_<&Item::maybe>, "fallback")));
        CHECK(item().maybe == "fallback"); // absent: set
        items->update(k, set(attr_<&Item::tags>, list_append(attr_<&Item::tags>, std::vector<std::string>{"blue"})));
        CHECK(item().tags == std::vector<std::string>{"red", "green", "blue"});
        items->update(k, set(attr_<&Item::tags>, list_append(std::vector<std::string>{"first"}, attr_<&Item::tags>)));
        CHECK(item().tags == std::vector<std::string>{"first", "red", "green", "blue"});
        items->update(k, remove(attr_<&Item::tags>[1]));
        CHECK(item().tags == std::vector<std::string>{"first", "green", "blue"});
        items->update(k, set(attr_<&Item::tags>[0], "FIRST"));
        CHECK(item().tags[0] == "FIRST");
        items->update(k, add(attr_<&Item::n>, 7)); // atomic counter
        CHECK(item().n == 100);
        items->update(k, add(attr_<&Item::labels>, std::set<std::string>{"new", "fruit"}));
        CHECK(item().labels == std::set<std::string>{"fruit", "new"});
        items->update(k, del(attr_<&Item::labels>, std::set<std::string>{"fruit"}));
        CHECK(item().labels == std::set<std::string>{"new"});
        items->update(k, set(attr_<&Item::place, &Place::zip>, 75011));
        CHECK(item().place.zip == 75011);
        items->update(k, set(attr_<&Item::counts>["z"], 26));
        CHECK(item().counts.at("z") == 26);
        items->update(k, set(path("place.city"), "Marseille"));
        CHECK(item().place.city == "Marseille");

        // several actions at once, with typed return values
        const auto updated = items->update(k, set(attr_<&Item::s>, "multi"), add(attr_<&Item::n>, 1),
                                           remove(attr_<&Item::maybe>), del(attr_<&Item::nums>, std::set<int>{1}),
                                           {.returns = dynorm::return_values::all_new});
        REQUIRE(updated);
        CHECK(updated->s == "multi");
        CHECK(updated->n == 101);
        CHECK_FALSE(updated->maybe.has_value());
        CHECK(updated->nums == std::set<int>{2});
        const auto only_new = items->update(k, set(attr_<&Item::year>, 2026), {.returns = dynorm::return_values::updated_new});
        CHECK(only_new->year == 2026);
        CHECK(only_new->s.empty()); // not updated, not returned
        const auto old = items->update(k, set(attr_<&Item::year>, 2027), {.returns = dynorm::return_values::updated_old});
        CHECK(old->year == 2026);
    }
}

TEST_CASE("conditions guard writes", "[integration][dsl]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Item> items(db, "dslcond");
        Item fresh = data()[0];
        items->put(fresh, {.condition = not_exists(attr_<&Item::id>)});
        CHECK_THROWS_AS(items->put(fresh, {.condition = not_exists(attr_<&Item::id>)}), dynorm::conditional_check_failed);
        CHECK_THROWS_AS(items->update({"a", "01"}, add(attr_<&Item::n>, 1), {.condition = attr_<&Item::n> > 100}),
                        dynorm::conditional_check_failed);
        items->update({"a", "01"}, add(attr_<&Item::n>, 1), {.condition = attr_<&Item::n> < 100});
        CHECK(items->get("a", "01")->n == 2);
        CHECK_THROWS_AS(items->update({"a", "01"}, remove(attr_<&Item::tags>[0]), {.condition = size(attr_<&Item::tags>) > 2}),
                        dynorm::conditional_check_failed);
        items->update({"a", "01"}, remove(attr_<&Item::tags>[0]), {.condition = size(attr_<&Item::tags>) > 1});
        CHECK(items->get("a", "01")->tags == std::vector<std::string>{"green"});
        CHECK_THROWS_AS(items->remove({"a", "01"}, {.condition = attr_<&Item::place, &Place::city> == "Rome"}),
                        dynorm::conditional_check_failed);
        items->remove({"a", "01"}, {.condition = attr_<&Item::place, &Place::city> == "Paris" && exists(attr_<&Item::maybe>)});
        CHECK_FALSE(items->get("a", "01").has_value());
    }
}

TEST_CASE("key conditions select sort keys", "[integration][dsl]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Item> items(db, "dslkeys");
        for (const Item& i : data()) items->put(i);
        auto sorts = [&](auto&& range) {
            std::vector<std::string> out;
            for (const Item& i : range) out.push_back(i.sort);
            return out;
        };
        using V = std::vector<std::string>;
        CHECK(sorts(items->query(key_<&Item::id> == "a")) == V{"01", "02", "10"});
        CHECK(sorts(items->query(key_<&Item::id> == "a", {.forward = false})) == V{"10", "02", "01"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && key_<&Item::sort> == "02")) == V{"02"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && key_<&Item::sort> < "02")) == V{"01"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && key_<&Item::sort> <= "02")) == V{"01", "02"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && key_<&Item::sort> > "02")) == V{"10"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && key_<&Item::sort> >= "02")) == V{"02", "10"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && between(key_<&Item::sort>, "01", "09"))) == V{"01", "02"});
        CHECK(sorts(items->query(key_<&Item::id> == "a" && begins_with(key_<&Item::sort>, "0"))) == V{"01", "02"});
        CHECK(sorts(items->query("02" > key_<&Item::sort> && key_<&Item::id> == "a")) == V{"01"});
        CHECK(sorts(items->query(key_<&Item::id> == "a", {.filter = attr_<&Item::flag> == true})) == V{"01", "10"});
        CHECK(sorts(items->query(key_<&Item::id> == "zzz")).empty());
        // pages: Limit evaluates that many items per request; the range walks all pages
        CHECK(sorts(items->query(key_<&Item::id> == "a", {.limit = 1})) == V{"01", "02", "10"});
        int pages = 0;
        for (const auto& p : items->query(key_<&Item::id> == "a", {.limit = 2}).pages()) {
            ++pages;
            CHECK(p.items.size() <= 2);
        }
        CHECK(pages >= 2);
    }
}

TEST_CASE("projections fill only what they name", "[integration][dsl]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Item> items(db, "dslproj");
        for (const Item& i : data()) items->put(i);
        const auto got = items->get({"a", "01"}, {.projection = project<&Item::n, &Item::year>()});
        REQUIRE(got);
        CHECK(got->n == 1);
        CHECK(got->year == 1999);
        CHECK(got->s.empty());
        CHECK(got->id.empty());
        const auto nested = items->get({"c", "20"}, {.projection = project(attr_<&Item::place, &Place::city>, attr_<&Item::tags>[2])});
        REQUIRE(nested);
        CHECK(nested->place.city == "Paris");
        CHECK(nested->place.zip == 0);
        CHECK(nested->tags == std::vector<std::string>{"c"});
        std::set<int> ns;
        for (const Item& i : items->scan({.filter = attr_<&Item::flag> == true, .projection = project<&Item::n>()})) {
            CHECK(i.s.empty());
            ns.insert(i.n);
        }
        CHECK(ns == std::set<int>{1, 3, 5});
    }
}

namespace dsl_test {
struct ItemSummary { // a subset of Item's members, same names and types
    std::string id;
    std::string sort;
    int n = 0;
    Place place;
};
} // namespace dsl_test

TEST_CASE("reading into a narrower struct projects its members", "[integration][dsl]") {
    STATIC_REQUIRE(detail::is_subset_of<ItemSummary, Item>());
    STATIC_REQUIRE_FALSE(detail::is_subset_of<Item, ItemSummary>());
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Item> items(db, "dslnarrow");
        for (const Item& i : data()) items->put(i);
        const std::optional<ItemSummary> one = items->get_as<ItemSummary>({"b", "01"});
        REQUIRE(one);
        CHECK(one->n == 4);
        CHECK(one->place.city == "Nice");
        std::vector<int> ns;
        for (const ItemSummary& s : items->query_as<ItemSummary>(key_<&Item::id> == "a")) ns.push_back(s.n);
        CHECK(ns == std::vector<int>{1, 2, 3});
        std::set<std::string> cities;
        for (const ItemSummary& s : items->scan_as<ItemSummary>({.filter = attr_<&Item::n> > 0})) cities.insert(s.place.city);
        CHECK(cities == std::set<std::string>{"", "Lyon", "Nice", "Paris"});
    }
}
