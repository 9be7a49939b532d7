// Well-formed HTTP with a body dynorm doesn't expect (a broken or hostile server): each is a
// decode_error or a failed request in the batch writer's list, never a crash or a std:: exception.
// And what dynorm checks before sending: keys (empty, too long) and run-time text (UTF-8).
#include "support/batch_models.hpp"
#include "support/scripted_engine.hpp"

#include <dynorm/dynorm.hpp>

#include <catch2/catch.hpp>

using batch_models::Pair;
using batch_models::Tag;
using dynorm_test::scripted_engine;

namespace {
dynorm::client client_for(const scripted_engine& server) {
    auto config = server.client_config();
    config.max_attempts = 1;
    return server.client(config);
}
} // namespace

TEST_CASE("DescribeTable without a Table is a decode error", "[untrusted][responses]") {
    scripted_engine server;
    const auto db = client_for(server);
    for (const char* body : {"{}", "[]", R"({"Table":5})", R"({"Table":{"ItemCount":"many"}})",
                             R"({"Table":{"CreationDateTime":1.76463e19}})", R"({"Table":{"CreationDateTime":-1e300}})"}) {
        CAPTURE(body);
        server.script({{200, body}});
        CHECK_THROWS_AS(db.table<Tag>().describe(), dynorm::decode_error);
    }
}

TEST_CASE("UnprocessedItems entries without Item or Key leave the requests failed, not a crash", "[untrusted][responses]") {
    scripted_engine server;
    server.set_fallback({200, R"({"UnprocessedItems":{"pairs":[{"PutRequest":{}},{"DeleteRequest":{"Kee":{}}}]}})"});
    const auto db = client_for(server);
    auto batch = db.table<Pair>().batch_writer({.max_attempts = 1, .on_destroy_failure = [](const auto&) {}});
    batch.put({"p", "1", "x"});
    batch.remove({"p", "2"});
    CHECK_THROWS_AS(batch.flush(), dynorm::batch_write_error<Pair>);
    REQUIRE(batch.failed().size() == 2);
    CHECK_THAT(batch.failed()[0].reason, Catch::Contains("missing field 'Item'"));
}

TEST_CASE("TransactGetItems must answer once per read", "[untrusted][responses]") {
    scripted_engine server;
    const auto db = client_for(server);
    const auto tags = db.table<Tag>();
    for (const char* body : {"{}", R"({"Responses":[{"Item":{"name":{"S":"a"},"uses":{"N":"1"}}}]})",
                             R"({"Responses":[{},{},{}]})"}) {
        CAPTURE(body);
        server.script({{200, body}});
        CHECK_THROWS_AS(dynorm::transact_get(dynorm::tx::get(tags, "a"), dynorm::tx::get(tags, "b")), dynorm::decode_error);
    }
    server.script({{200, R"({"Responses":[{"Item":{"name":{"S":"a"},"uses":{"N":"1"}}},{}]})"}});
    const auto [a, b] = dynorm::transact_get(dynorm::tx::get(tags, "a"), dynorm::tx::get(tags, "b"));
    CHECK(a->uses == 1);
    CHECK(!b);
}

TEST_CASE("every put checks its keys before sending", "[untrusted][keys]") {
    scripted_engine server;
    const auto db = client_for(server);
    const auto pairs = db.table<Pair>();
    const auto tags = db.table<Tag>();
    CHECK_THROWS_WITH(pairs.put({"p", "", "x"}), "dynorm: key attribute must not be empty at sort_key");
    CHECK_THROWS_WITH(tags.put({"", 1}), "dynorm: key attribute must not be empty at name");
    CHECK_THROWS_AS(dynorm::transact_write(dynorm::tx::put(tags, Tag{"", 1})), dynorm::encode_error);
    CHECK_THROWS_WITH(tags.put({std::string(2049, 'k'), 1}),
                      "dynorm: key attribute is 2049 bytes, over DynamoDB's 2048-byte limit for this key at name");
    CHECK_THROWS_WITH(pairs.put({"p", std::string(1025, 's'), "x"}),
                      Catch::Contains("over DynamoDB's 1024-byte limit") && Catch::Contains("at sort_key"));
    CHECK_THROWS_AS(pairs.get("p", std::string(1025, 's')), dynorm::encode_error);
    CHECK_THROWS_AS(tags.remove(std::string(2049, 'k')), dynorm::encode_error);
    CHECK(server.request_count() == 0);
    // at the limits, the requests go out
    server.set_fallback({200, "{}"});
    CHECK_NOTHROW(tags.put({std::string(2048, 'k'), 1}));
    CHECK_NOTHROW(pairs.put({"p", std::string(1024, 's'), "x"}));
    CHECK(server.request_count() == 2);
}

TEST_CASE("run-time text that isn't UTF-8 is refused before sending", "[untrusted][utf8]") {
    scripted_engine server;
    const auto db = client_for(server);
    const auto tags = db.table<Tag>();
    const std::string bad = "\xc3\x28";
    CHECK_THROWS_AS(tags.scan({.filter = "attribute_exists(#n)", .names = {{"#n", bad}}}), dynorm::encode_error);
    CHECK_THROWS_AS(tags.scan({.filter = "attribute_exists(" + bad + ")"}), dynorm::encode_error);
    CHECK_THROWS_AS(tags.update("a", "SET uses = :v", {.values = {{":v" + bad, 1}}}), dynorm::encode_error);
    CHECK_THROWS_AS(dynorm::dsl::path("info." + bad), dynorm::encode_error);
    const auto documents = db.documents("docs");
    dynorm::value item;
    item["id"] = "a";
    item[bad] = 1;
    CHECK_THROWS_AS(documents.put(item), dynorm::encode_error);
    CHECK(server.request_count() == 0);
}
