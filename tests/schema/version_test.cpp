// Optimistic locking's expressions: the version condition joins the caller's, the version bump
// joins the update's SET clause (an UpdateExpression names each clause once).
#include <dynorm/dsl.hpp>
#include <dynorm/detail/write_plan.hpp>
#include <dynorm/schema/version.hpp>

#include <catch2/catch.hpp>

namespace version_test {
struct Doc {
    std::string id;
    int hits = 0;
    std::int64_t revision = 0;
};
} // namespace version_test

template <>
struct dynorm::schema<version_test::Doc> {
    static constexpr std::string_view table = "docs";
    static constexpr auto hash_key = &version_test::Doc::id;
    static constexpr auto version = &version_test::Doc::revision;
};

using version_test::Doc;
using namespace dynorm::dsl;

TEST_CASE("the version condition is ANDed with the caller's", "[version]") {
    using dynorm::detail::with_version_condition;
    const auto fresh = with_version_condition<Doc>({}, 0);
    CHECK(fresh.text() == "attribute_not_exists(#dynormversion)");
    CHECK(fresh.names() == R"(,"#dynormversion":"revision")");
    CHECK(fresh.values.empty());

    const auto both = with_version_condition<Doc>(compile<placeholder_kind::condition>(attr_<&Doc::hits> < 10), 7);
    CHECK(both.text() == "(#c0 < :c0) AND #dynormversion = :dynormexpected");
    CHECK(both.names() == R"(,"#c0":"hits","#dynormversion":"revision")");
    CHECK(both.values == R"(,":c0":{"N":"10"},":dynormexpected":{"N":"7"})");
}

TEST_CASE("the version bump joins the SET clause or starts one", "[version]") {
    using dynorm::detail::with_version_bump;
    // typed actions say where their SET clause is: no text is searched
    const auto typed = with_version_bump<Doc>(compile_update(actions(add(attr_<&Doc::hits>, 1), set(attr_<&Doc::id>, "x"))), 4);
    CHECK(typed.text() == "SET #dynormversion = :dynormnext, #u1 = :u1 ADD #u0 :u0");
    CHECK(typed.values == R"(,":u0":{"N":"1"},":u1":{"S":"x"},":dynormnext":{"N":"4"})");
    const auto typed_set_first = with_version_bump<Doc>(compile_update(actions(set(attr_<&Doc::hits>, 2))), 5);
    CHECK(typed_set_first.text() == "SET #dynormversion = :dynormnext, #u0 = :u0");
    CHECK(with_version_bump<Doc>(compile_update(actions(add(attr_<&Doc::hits>, 1))), 3).text() ==
          "SET #dynormversion = :dynormnext ADD #u0 :u0");
    CHECK(with_version_bump<Doc>(compile_raw_update("ADD hits :one"), 2).text() ==
          "SET #dynormversion = :dynormnext ADD hits :one");
    // "set" inside a placeholder or a longer name is not the clause
    CHECK(with_version_bump<Doc>(compile_raw_update("REMOVE #set, settings set a = :set"), 2).text() ==
          "REMOVE #set, settings set #dynormversion = :dynormnext, a = :set");
}

TEST_CASE("expected_version is required, and only where it means something", "[version]") {
    using dynorm::detail::write_kind;
    using dynorm::detail::write_plan;
    struct options {
        std::optional<std::int64_t> expected_version;
        bool version_check = true;
        std::map<std::string, std::string> names;
        std::map<std::string, dynorm::value> values;
    };
    const dynorm::dsl::compiled_expression none;
    const auto update = compile_raw_update("SET hits = :h");
    CHECK_THROWS_WITH((write_plan<Doc>(write_kind::update, "update", "docs", options{}, none, &update)),
                      Catch::Contains("give .expected_version (the version you read) or .version_check = false"));
    CHECK_THROWS_WITH((write_plan<Doc>(write_kind::remove, "remove", "docs", options{-1}, none)),
                      Catch::Contains("must not be negative"));
    const write_plan<Doc> at_three(write_kind::update, "update", "docs", options{3}, none, &update);
    CHECK(at_three.stored_version() == 4);
    CHECK(at_three.request("docs", "{}").condition.text == "#dynormversion = :dynormexpected");
    CHECK(at_three.request("docs", "{}").update.text == "SET #dynormversion = :dynormnext, hits = :h");
    const write_plan<Doc> unchecked(write_kind::update, "update", "docs", options{std::nullopt, false}, none, &update);
    CHECK(unchecked.request("docs", "{}").condition.empty());
    CHECK(!unchecked.stored_version());

    const Doc doc{"a", 0, 6};
    CHECK_THROWS_WITH((write_plan<Doc>(write_kind::put, "put", "docs", options{3}, none, nullptr, &doc)),
                      Catch::Contains("the item's own"));
    const write_plan<Doc> put(write_kind::put, "put", "docs", options{}, none, nullptr, &doc);
    CHECK(put.stored_version() == 7);
    CHECK(dynorm::detail::stored_item_json(doc, put.stored_version()).find(R"("revision":{"N":"7"})") != std::string::npos);
    // a check of a versioned item may leave the version out
    CHECK(write_plan<Doc>(write_kind::check, "tx::check", "docs", options{}, none).request("docs", "{}").condition.empty());

    struct Plain {
        std::string id;
    };
    CHECK_THROWS_WITH((write_plan<Plain>(write_kind::remove, "remove", "plain", options{1}, none)),
                      Catch::Contains("remove: expected_version is given but the item type has no version member"));
    // the raw expressions' placeholder maps are compiled once, into one set of entries
    options raw;
    raw.version_check = false;
    raw.names = {{"#h", "hits"}};
    raw.values = {{":h", dynorm::value(1)}};
    const write_plan<Doc> placeholders(write_kind::update, "update", "docs", raw, none, &update);
    CHECK(placeholders.request("docs", "{}").placeholders.names == R"(,"#h":"hits")");
    CHECK(placeholders.request("docs", "{}").placeholders.values == R"(,":h":{"N":"1"})");
}
