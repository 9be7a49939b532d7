#include <dynorm/codec/decode.hpp>
#include <dynorm/protocol/create_table.hpp>
#include <dynorm/schema.hpp>

#include <catch2/catch.hpp>

namespace schema_test {
struct User {
    std::string username;
    std::string last_name;
    int age = 0;
};
struct Device {
    std::string device_id;
    long long datacount = 0;
    std::string first_name;
};
struct Blob {
    dynorm::binary key;
};
} // namespace schema_test

template <>
struct dynorm::schema<schema_test::User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &schema_test::User::username;
    static constexpr auto range_key = &schema_test::User::last_name;
};
template <>
struct dynorm::schema<schema_test::Device> {
    static constexpr std::string_view table = "Devices";
    static constexpr auto hash_key = &schema_test::Device::device_id;
    static constexpr auto range_key = &schema_test::Device::datacount;
    static constexpr auto fields = dynorm::fields(dynorm::rename<&schema_test::Device::first_name>("fname"));
};
template <>
struct dynorm::schema<schema_test::Blob> {
    static constexpr std::string_view table = "blobs";
    static constexpr auto hash_key = &schema_test::Blob::key;
};

using namespace schema_test;

TEST_CASE("KeySchema and AttributeDefinitions come from the schema", "[schema]") {
    CHECK(dynorm::key_schema_json<User>() ==
          R"("KeySchema":[{"AttributeName":"username","KeyType":"HASH"},{"AttributeName":"last_name","KeyType":"RANGE"}],)"
          R"("AttributeDefinitions":[{"AttributeName":"username","AttributeType":"S"},{"AttributeName":"last_name","AttributeType":"S"}])");
    CHECK(dynorm::key_schema_json<Device>() ==
          R"("KeySchema":[{"AttributeName":"device_id","KeyType":"HASH"},{"AttributeName":"datacount","KeyType":"RANGE"}],)"
          R"("AttributeDefinitions":[{"AttributeName":"device_id","AttributeType":"S"},{"AttributeName":"datacount","AttributeType":"N"}])");
    CHECK(dynorm::key_schema_json<Blob>() ==
          R"("KeySchema":[{"AttributeName":"key","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"key","AttributeType":"B"}])");
}

TEST_CASE("typed keys take exactly the key members' types", "[schema]") {
    STATIC_REQUIRE(std::is_same_v<dynorm::primary_key<Device>::range_type, long long>);
    STATIC_REQUIRE(std::is_constructible_v<dynorm::primary_key<Device>, const char*, int>);
    STATIC_REQUIRE(std::is_constructible_v<dynorm::primary_key<User>, const char*, const char*>);
    // {"a", "b"} for a (string, number) key, a hash value alone for a (hash, range) key, and two
    // values for a hash-only key are rejected with dynorm's sentence when they are instantiated
    // (compile_fail/key_wrong_type_braced.cpp, key_without_range.cpp, key_range_on_hash_only.cpp),
    // so the traits can't see them
    STATIC_REQUIRE(std::is_constructible_v<dynorm::primary_key<Blob>, dynorm::binary>);

    std::string out;
    dynorm::append_key<Device>(out, {"10001", 3});
    CHECK(out == R"({"device_id":{"S":"10001"},"datacount":{"N":"3"}})");
    CHECK(dynorm::key_of(User{"jane", "Doe", 25}) == dynorm::primary_key<User>("jane", "Doe"));
}

TEST_CASE("empty key values are rejected before sending", "[schema]") {
    std::string out;
    try {
        dynorm::append_key<User>(out, {"jane", ""});
        FAIL("no error");
    } catch (const dynorm::encode_error& e) {
        CHECK(std::string(e.what()) == "dynorm: key attribute must not be empty at last_name");
    }
    CHECK_THROWS_AS(dynorm::append_key<Blob>(out, {dynorm::binary{}}), dynorm::encode_error);
}

TEST_CASE("renamed members are stored under their attribute names", "[schema]") {
    CHECK(dynorm::encode_item(Device{"d", 1, "Ann"}) ==
          R"({"device_id":{"S":"d"},"datacount":{"N":"1"},"fname":{"S":"Ann"}})");
    CHECK(dynorm::decode_item<Device>(R"({"device_id":{"S":"d"},"datacount":{"N":"1"},"fname":{"S":"Ann"}})")
              .first_name == "Ann");
}

TEST_CASE("table names are validated", "[schema]") {
    STATIC_REQUIRE(dynorm::valid_table_name("users"));
    STATIC_REQUIRE(dynorm::valid_table_name("my.table-1_x"));
    STATIC_REQUIRE_FALSE(dynorm::valid_table_name("ab"));
    STATIC_REQUIRE_FALSE(dynorm::valid_table_name("has space"));
}
