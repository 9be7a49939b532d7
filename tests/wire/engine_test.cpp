// The transport's parts on their own: the prepared request (signed as botocore signs it), and the
// transport over the in-memory engine (retries, CRC checks, failures without a response), and the
// api over it: what a table call sends is exactly what its protocol builder writes.
#include "support/botocore_sigv4.hpp"
#include "support/scripted_engine.hpp"

#include <dynorm/dynorm.hpp>
#include <dynorm/wire/prepared_request.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using dynorm_test::scripted_engine;
using dynorm_test::scripted_reply;

namespace engine_test {
struct Song {
    std::string artist;
    std::string title;
    int plays = 0;
};
} // namespace engine_test

template <>
struct dynorm::schema<engine_test::Song> {
    static constexpr std::string_view table = "songs";
    static constexpr auto hash_key = &engine_test::Song::artist;
    static constexpr auto range_key = &engine_test::Song::title;
};

using engine_test::Song;

TEST_CASE("a prepared request is signed as botocore signs it", "[engine][boto3]") {
    const dynorm::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session/token+="};
    const std::string body = R"({"TableName":"songs"})";
    const auto at = std::chrono::sys_days(std::chrono::year(2026) / 11 / 21) + std::chrono::hours(8) +
                    std::chrono::minutes(30);
    const dynorm::prepared_request r =
        dynorm::prepare_request(dynorm::sigv4::signer{}, creds, "eu-west-1", "dynamodb.eu-west-1.amazonaws.com",
                                "DescribeTable", body, at);
    CHECK(r.action == "DescribeTable");
    CHECK(r.body == body);
    REQUIRE(r.headers.size() == 5);
    CHECK(r.headers[0] == "Content-Type: application/x-amz-json-1.0");
    CHECK(r.headers[1] == "X-Amz-Target: DynamoDB_20120810.DescribeTable");
    CHECK(r.headers[2] == "X-Amz-Date: 20261121T083000Z");
    CHECK(r.headers[3] == "X-Amz-Security-Token: session/token+=");
    const auto reference =
        dynorm_test::botocore_sign(body, "DynamoDB_20120810.DescribeTable", "eu-west-1", "session/token+=");
    CHECK(reference.amz_date == "20261121T083000Z");
    CHECK(r.headers[4] == "Authorization: " + reference.authorization);

    CHECK_THROWS_AS(dynorm::prepare_request(dynorm::sigv4::signer{}, creds, "eu-west-1", "h", "Put Item", body, at),
                    dynorm::encode_error);
}

TEST_CASE("the transport over the in-memory engine: retries, CRC checks, failures", "[engine]") {
    scripted_engine server;
    std::vector<std::string> retried;
    auto config = scripted_engine::client_config();
    const dynorm::client db = server.client(config, [&](const dynorm::retry_event& e) { retried.emplace_back(e.code); });

    // a 500, a bad CRC and a dropped connection are retried; the fourth attempt answers
    server.script({{500, R"({"__type":"com.amazon.coral.service#InternalFailure","message":"x"})"},
                   {200, R"({"TableNames":[]})", "1"},
                   {200, "", std::nullopt, true},
                   {200, R"({"TableNames":["a"]})", std::to_string(dynorm::detail::crc32(R"({"TableNames":["a"]})"))}});
    CHECK(db.list_tables() == std::vector<std::string>{"a"});
    CHECK(retried == std::vector<std::string>{"InternalFailure", "CRC32Mismatch", "ConnectionError"});
    CHECK(db.wire().requests_sent() == 4);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 4);
    for (const auto& r : requests) {
        CHECK(r.target == "DynamoDB_20120810.ListTables");
        CHECK(r.body == "{}");
        CHECK_THAT(r.headers.at("authorization"), Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    }

    // no answer at all, every time: a transport_error after max_attempts
    server.set_fallback({200, "", std::nullopt, true});
    CHECK_THROWS_WITH(db.list_tables(), Catch::Contains("failed after 4 attempt(s)"));
    // a service error that isn't retried comes back as its class, after one attempt
    server.set_fallback({400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no"})"});
    const auto before = server.request_count();
    CHECK_THROWS_AS(db.table<Song>().describe(), dynorm::resource_not_found);
    CHECK(server.request_count() == before + 1);
}

TEST_CASE("a table call sends what its protocol builder writes and reads what comes back", "[engine]") {
    scripted_engine server;
    const dynorm::client db = server.client();
    const auto songs = db.table<Song>();
    using namespace dynorm::dsl;

    server.script({{200, R"({"Item":{"artist":{"S":"Nina"},"title":{"S":"Sinnerman"},"plays":{"N":"7"}}})"}});
    const auto song = songs.get({"Nina", "Sinnerman"}, {.consistent_read = true});
    REQUIRE(song);
    CHECK(song->plays == 7);
    const std::string key = R"({"artist":{"S":"Nina"},"title":{"S":"Sinnerman"}})";
    CHECK(server.requests().back().body ==
          dynorm::protocol::get_item_body({"songs", key, true}));

    server.script({{200, R"({"Attributes":{"plays":{"N":"8"}}})"}});
    const auto updated =
        songs.update({"Nina", "Sinnerman"}, add(attr_<&Song::plays>, 1), {.returns = dynorm::return_values::updated_new});
    REQUIRE(updated);
    CHECK(updated->plays == 8);
    const auto update = compile<placeholder_kind::update>(actions(add(attr_<&Song::plays>, 1)));
    dynorm::protocol::item_write w{"songs", key, update};
    w.returns = dynorm::return_values::updated_new;
    CHECK(server.requests().back().target == "DynamoDB_20120810.UpdateItem");
    CHECK(server.requests().back().body == dynorm::protocol::update_item_body(w));

    // a query reads page after page, each request with the previous page's LastEvaluatedKey
    server.script({{200, R"({"Items":[{"artist":{"S":"Nina"},"title":{"S":"A"},"plays":{"N":"1"}}],"Count":1,"ScannedCount":1,)"
                         R"("LastEvaluatedKey":{"artist":{"S":"Nina"},"title":{"S":"A"}}})"},
                   {200, R"({"Items":[{"artist":{"S":"Nina"},"title":{"S":"B"},"plays":{"N":"2"}}],"Count":1,"ScannedCount":1})"}});
    std::vector<std::string> titles;
    for (const Song& s : songs.query(key_<&Song::artist> == "Nina")) titles.push_back(s.title);
    CHECK(titles == std::vector<std::string>{"A", "B"});
    const auto requests = server.requests();
    CHECK(requests[requests.size() - 2].body.find("ExclusiveStartKey") == std::string::npos);
    CHECK_THAT(requests.back().body,
               Catch::EndsWith(R"(,"ExclusiveStartKey":{"artist":{"S":"Nina"},"title":{"S":"A"}}})"));
}

TEST_CASE("the README's memory_engine example", "[engine]") {
    auto engine = std::make_shared<dynorm::memory_engine>([](const dynorm::memory_engine::request& r) {
        if (r.action == "GetItem") return dynorm::memory_engine::ok(R"({"Item":{"artist":{"S":"Nina"},)"
                                                                    R"("title":{"S":"Sinnerman"},"plays":{"N":"1"}}})");
        return dynorm::memory_engine::reply(400, R"({"__type":"#ValidationException","message":"no"})");
    });
    dynorm::client db(dynorm::client_config{.region = "us-east-1", .endpoint = "http://test.invalid",
                                            .credentials = dynorm::credentials{"id", "secret", ""}},
                      engine);
    CHECK(db.table<Song>().get({"Nina", "Sinnerman"})->plays == 1);
    CHECK_THROWS_AS(db.table<Song>().remove({"Nina", "Sinnerman"}), dynorm::validation_error);
    REQUIRE(engine->requests().size() == 2);
    CHECK(engine->requests()[1].action == "DeleteItem");
}
