// Untyped document tables with paths by name, against both servers.
#include "support/servers.hpp"

using namespace dynorm::dsl;

namespace document_test {
// Only used to create the table; the test then works with documents.
struct Device {
    std::string device_id;
    long long datacount = 0;
};
} // namespace document_test

template <>
struct dynorm::schema<document_test::Device> {
    static constexpr std::string_view table = "Devices";
    static constexpr auto hash_key = &document_test::Device::device_id;
    static constexpr auto range_key = &document_test::Device::datacount;
};

TEST_CASE("documents are written, read, updated, queried and removed by path", "[integration][documents]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<document_test::Device> created(db, "documents");
        const dynorm::document_table devices = db.documents(created->name());

        for (const auto& json : {R"({"device_id":"10001","datacount":1,"info":{"temperature1":37.2,"tags":["a","b"]}})",
                                 R"({"device_id":"10001","datacount":2,"info":{"temperature1":24.34,"tags":[]}})",
                                 R"({"device_id":"10002","datacount":1,"info":{"temperature1":14.34}})"})
            devices.put(dynorm::value::from_json(json));
        const auto key = dynorm::value::from_json(R"({"device_id":"10001","datacount":1})");
        const auto item = devices.get(key);
        REQUIRE(item);
        CHECK(item->find("info")->find("temperature1")->as_number() == dynorm::number("37.2"));

        devices.update(key, set(path("info.temperature1"), dynorm::number("33.74")));
        devices.update(key, remove(path("info.tags[0]")));
        auto updated = devices.get(key, {.consistent_read = true});
        CHECK(updated->find("info")->find("temperature1")->as_number().text() == "33.74");
        CHECK(updated->find("info")->find("tags")->as_list().size() == 1);

        std::vector<long long> counts;
        for (const dynorm::value& d : devices.query(path("device_id") == "10001"))
            counts.push_back(d.find("datacount")->as_number().as<long long>());
        CHECK(counts == std::vector<long long>{1, 2});
        int hot = 0;
        for (const dynorm::value& d : devices.scan({.filter = path("info.temperature1") > 20})) {
            (void)d;
            ++hot;
        }
        CHECK(hot == 2);

        CHECK_THROWS_AS(devices.remove(key, {.condition = path("info.temperature1") > 100}),
                        dynorm::conditional_check_failed);
        devices.remove(key, {.condition = exists(path("info"))});
        CHECK_FALSE(devices.get(key).has_value());
        CHECK_THROWS_WITH(devices.put(dynorm::value("not a map")), "dynorm: an item must be a map document");
    }
}
