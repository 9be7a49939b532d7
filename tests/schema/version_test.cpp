// Optimistic locking's expressions: the version condition joins the caller's, the version bump
// joins the update's SET clause (an UpdateExpression names each clause once).
#include <dynorm/dsl.hpp>
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

    const auto both = with_version_condition<Doc>(compile<'c'>(attr_<&Doc::hits> < 10), 7);
    CHECK(both.text() == "(#c0 < :c0) AND #dynormversion = :dynormexpected");
    CHECK(both.names() == R"(,"#c0":"hits","#dynormversion":"revision")");
    CHECK(both.values == R"(,":c0":{"N":"10"},":dynormexpected":{"N":"7"})");
}

TEST_CASE("the version bump joins the SET clause or starts one", "[version]") {
    using dynorm::detail::with_version_bump;
    const auto typed = with_version_bump<Doc>(compile<'u'>(actions(add(attr_<&Doc::hits>, 1), set(attr_<&Doc::id>, "x"))), 4);
    CHECK(typed.text() == "SET #dynormversion = :dynormnext, #u1 = :u1 ADD #u0 :u0");
    CHECK(typed.values == R"(,":u0":{"N":"1"},":u1":{"S":"x"},":dynormnext":{"N":"4"})");
    CHECK(with_version_bump<Doc>(compile_raw("ADD hits :one"), 2).text() == "SET #dynormversion = :dynormnext ADD hits :one");
    // "set" inside a placeholder or a longer name is not the clause
    CHECK(with_version_bump<Doc>(compile_raw("REMOVE #set, settings set a = :set"), 2).text() ==
          "REMOVE #set, settings set #dynormversion = :dynormnext, a = :set");
}

TEST_CASE("expected_version is required, and only where it means something", "[version]") {
    struct options {
        std::optional<std::int64_t> expected_version;
    };
    CHECK_THROWS_WITH(dynorm::detail::expected_version<Doc>(options{}, "docs", "update"),
                      Catch::Contains("give .expected_version (the version you read) or .version_check = false"));
    CHECK(dynorm::detail::expected_version<Doc>(options{3}, "docs", "update") == 3);
    CHECK_THROWS_WITH(dynorm::detail::check_put_version_options(options{3}), Catch::Contains("the item's own"));
    CHECK_NOTHROW(dynorm::detail::check_put_version_options(options{}));
    struct Plain {
        std::string id;
    };
    CHECK_THROWS_WITH(dynorm::detail::check_version_options<Plain>(options{1}, "remove"),
                      Catch::Contains("remove: expected_version is given but the item type has no version member"));
}
