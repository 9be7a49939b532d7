// The version macros match the build's project version, and dynorm lives in its ABI namespace.
#include <dynorm/dynorm.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <type_traits>

namespace version_test {
struct Thing {
    std::string id;
};
} // namespace version_test

template <>
struct dynorm::schema<version_test::Thing> { // specialized as dynorm::, declared in dynorm::v0_1::
    static constexpr std::string_view table = "things";
    static constexpr auto hash_key = &version_test::Thing::id;
};

TEST_CASE("the version macros are the project's version", "[version]") {
    CHECK(std::string(DYNORM_VERSION_STRING) == DYNORM_PROJECT_VERSION);
    CHECK(std::to_string(DYNORM_VERSION_MAJOR) + "." + std::to_string(DYNORM_VERSION_MINOR) + "." +
              std::to_string(DYNORM_VERSION_PATCH) == DYNORM_VERSION_STRING);
    CHECK(DYNORM_VERSION == DYNORM_VERSION_MAJOR * 10000 + DYNORM_VERSION_MINOR * 100 + DYNORM_VERSION_PATCH);
}

TEST_CASE("dynorm is declared in its ABI namespace and used without it", "[version]") {
    CHECK(std::is_same_v<dynorm::client, dynorm::DYNORM_ABI::client>);
    CHECK(std::is_same_v<dynorm::detail::utc_time, dynorm::v0_1::detail::utc_time>);
    CHECK(dynorm::table_schema<version_test::Thing>::hash::name == "id");
    CHECK(dynorm::schema<version_test::Thing>::table == "things");
}
