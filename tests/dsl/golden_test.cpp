// Golden expression strings for every operator, function and action; for expressions whose
// shape is known at compile time, the text is checked with static_assert: it is a constant.
#include <dynorm/dsl.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>

namespace golden_dsl {
struct Info {
    std::string plot;
    double rating = 0;
    std::vector<std::string> actors;
    std::set<std::string> genres;
    std::optional<std::string> director;
};
struct Movie {
    int year = 0;
    std::string title;
    Info info;
    std::map<std::string, int> scores;
    std::set<int> lucky;
    dynorm::binary poster;
    bool released = false;
    std::vector<std::vector<int>> grid;
};
} // namespace golden_dsl

template <>
struct dynorm::schema<golden_dsl::Movie> {
    static constexpr std::string_view table = "Movies";
    static constexpr auto hash_key = &golden_dsl::Movie::year;
    static constexpr auto range_key = &golden_dsl::Movie::title;
    static constexpr auto fields = dynorm::fields(dynorm::rename<&golden_dsl::Movie::released>("is released"));
};

using namespace golden_dsl;
using namespace dynorm::dsl;

// The text and names of an expression's type: constants, checked by static_assert.
#define EXPECT_TEXT(kind, expected, ...)                                                           \
    STATIC_REQUIRE(detail::static_strings<std::remove_cvref_t<decltype(__VA_ARGS__)>, kind>::text == \
                   std::string_view(expected))
#define EXPECT_NAMES(kind, expected, ...)                                                          \
    STATIC_REQUIRE(detail::static_strings<std::remove_cvref_t<decltype(__VA_ARGS__)>, kind>::names == \
                   std::string_view(expected))

namespace {
template <placeholder_kind Kind = placeholder_kind::condition, class E>
std::string runtime_text(const E& e) {
    return std::string(compile<Kind>(e).text());
}
} // namespace


TEST_CASE("comparisons", "[dsl]") {
    EXPECT_TEXT(placeholder_kind::condition, "#c0 = :c0", attr_<&Movie::year> == 2015);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 <> :c0", attr_<&Movie::year> != 2015);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 < :c0", attr_<&Movie::year> < 2015);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 <= :c0", attr_<&Movie::year> <= 2015);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 > :c0", attr_<&Movie::year> > 2015);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 >= :c0", attr_<&Movie::year> >= 2015);
    // the value first: the comparison is turned around
    EXPECT_TEXT(placeholder_kind::condition, "#c0 > :c0", 2015 < attr_<&Movie::year>);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 = :c0", "x" == attr_<&Movie::title>);
    // two attributes
    EXPECT_TEXT(placeholder_kind::condition, "#c0.#c1 > #c2", attr_<&Movie::info, &Info::rating> > attr_<&Movie::year>);
    EXPECT_NAMES(placeholder_kind::condition, R"(,"#c0":"info","#c1":"rating","#c2":"year")", attr_<&Movie::info, &Info::rating> > attr_<&Movie::year>);
    // renamed members use their attribute name; reserved words and spaces are just names
    EXPECT_NAMES(placeholder_kind::condition, R"(,"#c0":"is released")", attr_<&Movie::released> == true);
}

TEST_CASE("functions", "[dsl]") {
    EXPECT_TEXT(placeholder_kind::condition, "#c0 BETWEEN :c0 AND :c1", between(attr_<&Movie::year>, 1990, 1999));
    EXPECT_TEXT(placeholder_kind::condition, "begins_with(#c0, :c0)", begins_with(attr_<&Movie::title>, "The"));
    EXPECT_TEXT(placeholder_kind::condition, "begins_with(#c0, :c0)", begins_with(attr_<&Movie::poster>, dynorm::binary("PNG")));
    EXPECT_TEXT(placeholder_kind::condition, "#c0 IN (:c0, :c1, :c2)", in(attr_<&Movie::year>, 1, 2, 3));
    EXPECT_TEXT(placeholder_kind::condition, "attribute_exists(#c0.#c1)", exists(attr_<&Movie::info, &Info::director>));
    EXPECT_TEXT(placeholder_kind::condition, "attribute_not_exists(#c0)", not_exists(attr_<&Movie::info>));
    EXPECT_TEXT(placeholder_kind::condition, "attribute_type(#c0, :c0)", type_is(attr_<&Movie::info>, dynorm::attribute_type::M));
    EXPECT_TEXT(placeholder_kind::condition, "contains(#c0, :c0)", contains(attr_<&Movie::title>, "Star"));
    EXPECT_TEXT(placeholder_kind::condition, "contains(#c0.#c1, :c0)", contains(attr_<&Movie::info, &Info::genres>, "Drama"));
    EXPECT_TEXT(placeholder_kind::condition, "contains(#c0.#c1, :c0)", contains(attr_<&Movie::info, &Info::actors>, "Moe"));
    EXPECT_TEXT(placeholder_kind::condition, "contains(#c0, :c0)", contains(attr_<&Movie::lucky>, 7));
    EXPECT_TEXT(placeholder_kind::condition, "size(#c0.#c1) > :c0", size(attr_<&Movie::info, &Info::actors>) > 3);
    EXPECT_TEXT(placeholder_kind::condition, "size(#c0) <= :c0", size(attr_<&Movie::title>) <= 10);
    EXPECT_TEXT(placeholder_kind::condition, "size(#c0) = :c0", size(attr_<&Movie::scores>) == 0);
}

TEST_CASE("logic and precedence", "[dsl]") {
    EXPECT_TEXT(placeholder_kind::condition, "#c0 > :c0 AND #c1 < :c1", attr_<&Movie::year> > 1 && attr_<&Movie::year> < 5);
    EXPECT_TEXT(placeholder_kind::condition, "#c0 > :c0 OR #c1 < :c1", attr_<&Movie::year> > 1 || attr_<&Movie::year> < 5);
    EXPECT_TEXT(placeholder_kind::condition, "(#c0 = :c0 OR #c1 = :c1) AND #c2 = :c2",
                (attr_<&Movie::year> == 1 || attr_<&Movie::year> == 2) && attr_<&Movie::title> == "t");
    EXPECT_TEXT(placeholder_kind::condition, "#c0 = :c0 AND (#c1 = :c1 OR #c2 = :c2)",
                attr_<&Movie::title> == "t" && (attr_<&Movie::year> == 1 || attr_<&Movie::year> == 2));
    EXPECT_TEXT(placeholder_kind::condition, "NOT (#c0 = :c0)", !(attr_<&Movie::year> == 1));
    EXPECT_TEXT(placeholder_kind::condition, "NOT (attribute_exists(#c0)) OR #c1 = :c0",
                !exists(attr_<&Movie::title>) || attr_<&Movie::released> == true);
}

TEST_CASE("paths with list elements and map entries", "[dsl]") {
    CHECK(runtime_text(attr_<&Movie::info, &Info::actors>[0] == "Moe") == "#c0.#c1[0] = :c0");
    CHECK(runtime_text(attr_<&Movie::grid>[2][13] == 1) == "#c0[2][13] = :c0");
    const auto entry = compile<placeholder_kind::condition>(attr_<&Movie::scores>["imdb.com #1"] >= 7);
    CHECK(entry.text() == "#c0.#c1 >= :c0");
    CHECK(entry.names() == R"(,"#c0":"scores","#c1":"imdb.com #1")");
    CHECK(entry.values == R"(,":c0":{"N":"7"})");
    const auto by_name = compile<placeholder_kind::filter>(path("info.actors[1]") == "x");
    CHECK(by_name.text() == "#f0_0.#f0_1[1] = :f0");
    CHECK(by_name.names() == R"(,"#f0_0":"info","#f0_1":"actors")");
    CHECK_THROWS_WITH(path("info..x"), "dynorm: invalid path 'info..x': empty attribute name");
    CHECK_THROWS_WITH(path("a[x]"), "dynorm: invalid path 'a[x]': list index is not a number");
}

TEST_CASE("values are serialized at run time, in placeholder order", "[dsl]") {
    const auto c = compile<placeholder_kind::condition>(between(attr_<&Movie::year>, 1990, 1999) && attr_<&Movie::title> == "T");
    CHECK(c.values == R"(,":c0":{"N":"1990"},":c1":{"N":"1999"},":c2":{"S":"T"})");
    CHECK(c.names() == R"(,"#c0":"year","#c1":"title")");
    const auto t = compile<placeholder_kind::condition>(type_is(attr_<&Movie::info>, dynorm::attribute_type::NUL));
    CHECK(t.values == R"(,":c0":{"S":"NULL"})");
    CHECK_THROWS_WITH(compile<placeholder_kind::condition>(attr_<&Movie::info, &Info::rating> > std::numeric_limits<double>::quiet_NaN()),
                      "dynorm: NaN and infinity can't be stored in DynamoDB at :c0");
}

TEST_CASE("update actions", "[dsl]") {
    EXPECT_TEXT(placeholder_kind::condition, "SET #c0.#c1 = :c0", actions(set(attr_<&Movie::info, &Info::rating>, 5.5)));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0.#u1 = :u0", actions(set(attr_<&Movie::info, &Info::rating>, 5.5)));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0 = #u1 + :u0", actions(set(attr_<&Movie::year>, attr_<&Movie::year> + 1)));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0 = #u1 - :u0", actions(set(attr_<&Movie::year>, attr_<&Movie::year> - 1)));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0 = :u0 - #u1", actions(set(attr_<&Movie::year>, 10 - attr_<&Movie::year>)));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0 = if_not_exists(#u1, :u0)", actions(set(attr_<&Movie::title>, if_not_exists(attr_<&Movie::title>, "x"))));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0 = if_not_exists(#u1, :u0) + :u1", actions(set(attr_<&Movie::year>, if_not_exists(attr_<&Movie::year>, 0) + 1)));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0.#u1 = list_append(#u2.#u3, :u0)", actions(set(attr_<&Movie::info, &Info::actors>,
                                            list_append(attr_<&Movie::info, &Info::actors>,
                                                        std::vector<std::string>{"x"}))));
    EXPECT_TEXT(placeholder_kind::update, "SET #u0.#u1 = list_append(:u0, #u2.#u3)", actions(set(attr_<&Movie::info, &Info::actors>,
                                            list_append(std::vector<std::string>{"x"},
                                                        attr_<&Movie::info, &Info::actors>))));
    EXPECT_TEXT(placeholder_kind::update, "REMOVE #u0.#u1", actions(remove(attr_<&Movie::info, &Info::plot>)));
    EXPECT_TEXT(placeholder_kind::update, "ADD #u0 :u0", actions(add(attr_<&Movie::year>, 1)));
    EXPECT_TEXT(placeholder_kind::update, "ADD #u0 :u0", actions(add(attr_<&Movie::lucky>, std::set<int>{7})));
    EXPECT_TEXT(placeholder_kind::update, "DELETE #u0.#u1 :u0", actions(del(attr_<&Movie::info, &Info::genres>, std::set<std::string>{"x"})));
    CHECK(runtime_text<placeholder_kind::update>(actions(remove(attr_<&Movie::info, &Info::actors>[0]))) == "REMOVE #u0.#u1[0]");
    // several actions, grouped by clause in the order SET, REMOVE, ADD, DELETE
    EXPECT_TEXT(placeholder_kind::update, "SET #u1.#u2 = :u1, #u4.#u5 = :u2 REMOVE #u3 ADD #u0 :u0 DELETE #u6 :u3", actions(add(attr_<&Movie::year>, 1), set(attr_<&Movie::info, &Info::plot>, "p"),
                                        remove(attr_<&Movie::scores>), set(attr_<&Movie::info, &Info::rating>, 2.0),
                                        del(attr_<&Movie::lucky>, std::set<int>{1})));
}

TEST_CASE("projections and key conditions", "[dsl]") {
    EXPECT_TEXT(placeholder_kind::projection, "#p0, #p1", project<&Movie::year, &Movie::title>());
    EXPECT_TEXT(placeholder_kind::projection, "#p0, #p1.#p2", project(attr_<&Movie::year>, attr_<&Movie::info, &Info::genres>));
    CHECK(runtime_text<placeholder_kind::projection>(project(attr_<&Movie::year>, attr_<&Movie::title>, attr_<&Movie::info, &Info::genres>,
                                    attr_<&Movie::info, &Info::actors>[0])) == "#p0, #p1, #p2.#p3, #p4.#p5[0]");
    EXPECT_TEXT(placeholder_kind::key_condition, "#k0 = :k0", key_<&Movie::year> == 1985);
    EXPECT_TEXT(placeholder_kind::key_condition, "#k0 = :k0 AND #k1 BETWEEN :k1 AND :k2", key_<&Movie::year> == 1985 && between(key_<&Movie::title>, "A", "L"));
    EXPECT_TEXT(placeholder_kind::key_condition, "#k0 = :k0 AND begins_with(#k1, :k1)", key_<&Movie::year> == 1985 && begins_with(key_<&Movie::title>, "The"));
    STATIC_REQUIRE(detail::check_key_condition<decltype(key_<&Movie::title> >= "M" && key_<&Movie::year> == 1),
                                               &Movie::year, &Movie::title, true>());
}

TEST_CASE("expressions over 4 KB are rejected before sending", "[dsl]") {
    auto deep = [](int levels) {
        std::string p = "matrix";
        for (int i = 0; i < levels; ++i) p += "[1000000]";
        return path(p) == 1;
    };
    CHECK(compile<placeholder_kind::filter>(deep(400)).text().size() == 3605 + 6); // "#f0_0" + indexes + " = :f0"
    CHECK_THROWS_WITH(compile<placeholder_kind::filter>(deep(500)), "dynorm: expression is 4511 bytes, over DynamoDB's 4 KB limit");
    CHECK_THROWS_WITH(compile_raw(std::string(5000, ' ')),
                      "dynorm: expression is 5000 bytes, over DynamoDB's 4 KB limit");
}
