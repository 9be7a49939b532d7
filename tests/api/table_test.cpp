// Table management and item operations against DynamoDB Local and dynalite.
#include "support/servers.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace table_test {
struct Address {
    std::string road, city, state;
    int zipcode = 0;
};
struct User {
    std::string username;
    std::string last_name;
    std::string first_name;
    int age = 0;
    std::string account_type;
    std::optional<Address> address;
};
struct Device {
    std::string device_id;
    long long datacount = 0;
    std::string note;
};
} // namespace table_test

template <>
struct dynorm::schema<table_test::User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &table_test::User::username;
    static constexpr auto range_key = &table_test::User::last_name;
};
template <>
struct dynorm::schema<table_test::Device> {
    static constexpr std::string_view table = "Devices";
    static constexpr auto hash_key = &table_test::Device::device_id;
    static constexpr auto range_key = &table_test::Device::datacount;
};

using namespace table_test;
using dynorm_test::scoped_table;

TEST_CASE("create, describe, list and drop a table", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        const std::string name = dynorm_test::unique_table_name("lifecycle");
        const auto users = db.table<User>(name);
        users.create(dynorm::provisioned{5, 7});
        users.wait_until_exists();
        const auto d = users.describe();
        CHECK(d.table_name == name);
        CHECK(d.table_status == "ACTIVE");
        CHECK(d.item_count == 0);
        CHECK(d.provisioned_throughput.read_capacity_units == 5);
        CHECK(d.provisioned_throughput.write_capacity_units == 7);
        REQUIRE(d.key_schema.size() == 2);
        CHECK(d.key_schema[0].attribute_name == "username");
        CHECK(d.key_schema[0].key_type == "HASH");
        CHECK(d.key_schema[1].attribute_name == "last_name");
        CHECK(d.key_schema[1].key_type == "RANGE");
        CHECK(d.attribute_definitions.size() == 2);
        const auto age = std::chrono::system_clock::now() - d.creation_date_time;
        CHECK(age < std::chrono::minutes(10));
        CHECK(age > -std::chrono::minutes(10));
        const auto names = db.list_tables();
        CHECK(std::find(names.begin(), names.end(), name) != names.end());
        CHECK_THROWS_AS(users.create(), dynorm::resource_in_use);
        users.drop();
        users.wait_until_not_exists();
        CHECK_THROWS_AS(users.describe(), dynorm::resource_not_found);
    }
}

TEST_CASE("describe reports secondary indexes", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        const std::string name = dynorm_test::unique_table_name("indexes");
        // Until schema<T> declares indexes, create them through the raw escape hatch.
        db.call("CreateTable", R"({"TableName":")" + name + R"(",)"
                R"("KeySchema":[{"AttributeName":"username","KeyType":"HASH"},{"AttributeName":"last_name","KeyType":"RANGE"}],)"
                R"("AttributeDefinitions":[{"AttributeName":"username","AttributeType":"S"},{"AttributeName":"last_name","AttributeType":"S"},)"
                R"({"AttributeName":"account_type","AttributeType":"S"},{"AttributeName":"age","AttributeType":"N"}],)"
                R"("GlobalSecondaryIndexes":[{"IndexName":"by_account","KeySchema":[{"AttributeName":"account_type","KeyType":"HASH"}],)"
                R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["first_name"]},)"
                R"("ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}}],)"
                R"("LocalSecondaryIndexes":[{"IndexName":"by_age","KeySchema":[{"AttributeName":"username","KeyType":"HASH"},)"
                R"({"AttributeName":"age","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],)"
                R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}})");
        const auto users = db.table<User>(name);
        users.wait_until_exists();
        const auto d = users.describe();
        REQUIRE(d.global_secondary_indexes.size() == 1);
        const auto& gsi = d.global_secondary_indexes[0];
        CHECK(gsi.index_name == "by_account");
        CHECK(gsi.key_schema.at(0).attribute_name == "account_type");
        CHECK(gsi.projection_type == "INCLUDE");
        CHECK(gsi.non_key_attributes == std::vector<std::string>{"first_name"});
        CHECK(gsi.provisioned_throughput.read_capacity_units == 3);
        CHECK(gsi.provisioned_throughput.write_capacity_units == 4);
        REQUIRE(d.local_secondary_indexes.size() == 1);
        CHECK(d.local_secondary_indexes[0].index_name == "by_age");
        CHECK(d.local_secondary_indexes[0].key_schema.at(1).attribute_name == "age");
        CHECK(d.local_secondary_indexes[0].projection_type == "KEYS_ONLY");
        CHECK(d.attribute_definitions.size() == 4);
        users.drop();
    }
}

TEST_CASE("on-demand tables", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        const auto devices = db.table<Device>(dynorm_test::unique_table_name("ondemand"));
        devices.create(dynorm::on_demand);
        devices.wait_until_exists();
        CHECK(devices.describe().billing_mode == "PAY_PER_REQUEST");
        CHECK(devices.describe().attribute_definitions.at(1).attribute_type == "N");
        devices.drop();
    }
}

TEST_CASE("put, get, update and remove items", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<User> users(db, "crud");

        const User jane{"janedoe", "Doe", "Jane", 25, "standard_user", std::nullopt};
        CHECK_FALSE(users->put(jane).has_value());
        auto got = users->get("janedoe", "Doe");
        REQUIRE(got);
        CHECK(got->first_name == "Jane");
        CHECK(got->age == 25);
        CHECK_FALSE(got->address.has_value());
        CHECK_FALSE(users->get("janedoe", "Nobody").has_value());

        users->update({"janedoe", "Doe"}, "SET age = :val1", {.values = {{":val1", 26}}});
        CHECK(users->get({"janedoe", "Doe"}, {.consistent_read = true})->age == 26);

        // ReturnValues: whole items and updated members only
        auto updated = users->update({"janedoe", "Doe"}, "SET age = age + :one, address = :a",
                                     {.values = {{":one", 1},
                                                 {":a", dynorm::value::from(Address{"1 Main", "LA", "CA", 90001})}},
                                      .returns = dynorm::return_values::updated_new});
        REQUIRE(updated);
        CHECK(updated->age == 27);
        CHECK(updated->address->zipcode == 90001);
        CHECK(updated->first_name.empty()); // not updated, so not returned
        auto old = users->update({"janedoe", "Doe"}, "REMOVE address", {.returns = dynorm::return_values::all_old});
        REQUIRE(old);
        CHECK(old->address->city == "LA");
        CHECK(old->first_name == "Jane");

        // put returning the item it replaced
        User jane2 = jane;
        jane2.age = 40;
        auto replaced = users->put(jane2, {.returns = dynorm::return_values::all_old});
        REQUIRE(replaced);
        CHECK(replaced->age == 27);

        // projections read partial items
        auto projected = users->get({"janedoe", "Doe"}, {.projection = "#a", .names = {{"#a", "age"}}});
        REQUIRE(projected);
        CHECK(projected->age == 40);
        CHECK(projected->username.empty());

        auto removed = users->remove({"janedoe", "Doe"}, {.returns = dynorm::return_values::all_old});
        REQUIRE(removed);
        CHECK(removed->age == 40);
        CHECK_FALSE(users->get("janedoe", "Doe").has_value());
    }
}

TEST_CASE("conditional writes raise conditional_check_failed", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Device> devices(db, "conditions");
        devices->put({"10001", 3, "first"});
        CHECK_THROWS_AS(devices->put({"10001", 3, "again"}, {.condition = "attribute_not_exists(device_id)"}),
                        dynorm::conditional_check_failed);
        CHECK(devices->get("10001", 3)->note == "first");
        try {
            devices->remove({"10001", 3}, {.condition = "note = :n", .values = {{":n", "other"}}});
            FAIL("no exception");
        } catch (const dynorm::conditional_check_failed& e) {
            CHECK(e.code() == "ConditionalCheckFailedException");
            CHECK(e.http_status() == 400);
            CHECK_THAT(e.message(), Catch::Contains("conditional request failed"));
        }
        devices->remove({"10001", 3}, {.condition = "note = :n", .values = {{":n", "first"}}});
        CHECK_FALSE(devices->get("10001", 3).has_value());
    }
}

TEST_CASE("service errors map to exception classes", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        const auto missing = db.table<Device>(dynorm_test::unique_table_name("missing"));
        CHECK_THROWS_AS(missing.get("x", 1), dynorm::resource_not_found);
        CHECK_THROWS_AS(missing.put({"x", 1, ""}), dynorm::resource_not_found);

        scoped_table<Device> devices(db, "errors");
        // a key of the wrong type: the table says N for datacount, the raw call sends S
        const std::string body = R"({"TableName":")" + devices->name() +
                                 R"(","Key":{"device_id":{"S":"x"},"datacount":{"S":"not a number"}}})";
        CHECK_THROWS_AS(db.call("GetItem", body), dynorm::validation_error);
        // an invalid update expression
        CHECK_THROWS_AS(devices->update({"x", 1}, "SET = nonsense"), dynorm::validation_error);
    }
}

TEST_CASE("a table name can be given at run time", "[integration][table]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Device> staging(db, "staging");
        staging->put({"d", 1, "staging"});
        CHECK(db.table<Device>(staging->name()).get("d", 1)->note == "staging");
        CHECK(db.table<Device>().name() == "Devices");
        CHECK_THROWS_AS(db.table<Device>("x"), dynorm::encode_error);
    }
}

TEST_CASE("one client is used from several threads", "[integration][table][concurrency]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        scoped_table<Device> devices(db, "threads");
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 20; ++i) {
                    try {
                        devices->put({"thread-" + std::to_string(t), i, "n"});
                        if (!devices->get("thread-" + std::to_string(t), i)) ++failures;
                    } catch (...) {
                        ++failures;
                    }
                }
            });
        for (auto& thread : threads) thread.join();
        CHECK(failures == 0);
        for (int t = 0; t < 6; ++t)
            for (int i = 0; i < 20; ++i) CHECK(devices->get("thread-" + std::to_string(t), i).has_value());
    }
}
