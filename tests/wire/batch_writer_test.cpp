// The batch writer against a scripted DynamoDB in memory (tests/support/scripted_engine.hpp): what it sends (de-duplication as in the boto3
// guide), resending unprocessed items with backoff, the failed list, and destruction during an
// exception.
#include "support/batch_models.hpp"
#include "support/scripted_engine.hpp"

#include <dynorm/dynorm.hpp>

#include <catch2/catch.hpp>

using batch_models::Pair;
using batch_models::Tag;
using dynorm_test::scripted_engine;

namespace {
dynorm::client client_for(const scripted_engine& server) { return server.client(); }

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// An UnprocessedItems answer naming some of the pairs of a request.
std::string unprocessed(const std::vector<Pair>& pairs) {
    std::string out = R"({"UnprocessedItems":{"pairs":[)";
    for (std::size_t i = 0; i < pairs.size(); ++i)
        out += std::string(i ? "," : "") + R"({"PutRequest":{"Item":)" + dynorm::encode_item(pairs[i]) + "}}";
    return out + "]}}";
}
} // namespace

TEST_CASE("overwrite_by_pkeys de-duplicates as in the boto3 guide", "[batch][concurrency]") {
    scripted_engine server;
    server.set_fallback({200, R"({"UnprocessedItems":{}})"});
    const auto db = client_for(server);
    {
        auto batch = db.table<Pair>().batch_writer({.overwrite_by_pkeys = true});
        batch.put({"p1", "s1", "111"});
        batch.put({"p1", "s1", "222"});
        batch.remove({"p1", "s2"});
        batch.put({"p1", "s2", "444"});
    }
    REQUIRE(server.request_count() == 1);
    const std::string body = server.requests()[0].body;
    CHECK(occurrences(body, "PutRequest") == 2);
    CHECK(occurrences(body, "DeleteRequest") == 0);
    CHECK(body.find("222") != std::string::npos);
    CHECK(body.find("444") != std::string::npos);
    CHECK(body.find("111") == std::string::npos);
}

TEST_CASE("without de-duplication, a repeated key waits for the next request", "[batch][concurrency]") {
    scripted_engine server;
    server.set_fallback({200, R"({"UnprocessedItems":{}})"});
    const auto db = client_for(server);
    {
        auto batch = db.table<Pair>().batch_writer({.max_in_flight = 1});
        batch.put({"p1", "s1", "111"});
        batch.put({"p1", "s1", "222"});
        batch.put({"p1", "s2", "333"});
    }
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(occurrences(requests[0].body, "PutRequest") == 2);
    CHECK(requests[0].body.find("111") != std::string::npos);
    CHECK(occurrences(requests[1].body, "PutRequest") == 1);
    CHECK(requests[1].body.find("222") != std::string::npos);
}

TEST_CASE("unprocessed items are resent until written", "[batch][concurrency]") {
    scripted_engine server;
    const std::vector<Pair> stubborn{{"p", "3", "v3"}, {"p", "7", "v7"}};
    server.script({{200, unprocessed(stubborn)}, {200, unprocessed({stubborn[1]})}});
    server.set_fallback({200, R"({"UnprocessedItems":{}})"});
    const auto db = client_for(server);
    auto batch = db.table<Pair>().batch_writer({.backoff_base = std::chrono::milliseconds(2)});
    for (int i = 0; i < 10; ++i) batch.put({"p", std::to_string(i), "v" + std::to_string(i)});
    batch.flush();
    CHECK(batch.failed().empty());
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(occurrences(requests[0].body, "PutRequest") == 10);
    CHECK(occurrences(requests[1].body, "PutRequest") == 2); // exactly the unprocessed ones
    CHECK(requests[1].body.find("\"v3\"") != std::string::npos);
    CHECK(occurrences(requests[2].body, "PutRequest") == 1);
    CHECK(requests[2].body.find("\"v7\"") != std::string::npos);
}

TEST_CASE("items that never get through are reported, not lost", "[batch][concurrency]") {
    scripted_engine server;
    server.set_fallback({200, unprocessed({{"p", "5", "v5"}})});
    const auto db = client_for(server);
    auto batch = db.table<Pair>().batch_writer(
        {.max_attempts = 4, .backoff_base = std::chrono::milliseconds(1), .on_destroy_failure = [](const auto&) {}});
    for (int i = 0; i < 10; ++i) batch.put({"p", std::to_string(i), "v" + std::to_string(i)});
    try {
        batch.flush();
        FAIL("no exception");
    } catch (const dynorm::batch_write_error<Pair>& e) {
        REQUIRE(e.failed().size() == 1);
        CHECK(std::get<Pair>(e.failed()[0].request).sort_key == "5");
        CHECK(e.failed()[0].reason == "still unprocessed after 4 attempt(s)");
        CHECK_THAT(std::string(e.what()), Catch::Contains("could not write 1 request(s) (first: table pairs, still unprocessed after 4 attempt(s))"));
    }
    CHECK(server.request_count() == 4);
    CHECK(batch.failed().size() == 1);
}

TEST_CASE("a writer destroyed during an exception keeps its failed items", "[batch][concurrency]") {
    scripted_engine server;
    server.set_fallback({200, unprocessed({{"p", "1", "v1"}})});
    const auto db = client_for(server);
    std::shared_ptr<const std::vector<dynorm::failed_write<Pair>>> failures;
    std::size_t reported = 0;
    try {
        auto batch = db.table<Pair>().batch_writer(
            {.max_attempts = 2,
             .backoff_base = std::chrono::milliseconds(1),
             .on_destroy_failure = [&](const std::vector<dynorm::failed_write<Pair>>& f) { reported = f.size(); }});
        failures = batch.failures();
        batch.put({"p", "1", "v1"});
        batch.put({"p", "2", "v2"});
        throw std::runtime_error("the caller fails before flushing");
    } catch (const std::runtime_error&) {
    }
    CHECK(reported == 1);
    REQUIRE(failures->size() == 1);
    CHECK(std::get<Pair>((*failures)[0].request).sort_key == "1");
}

TEST_CASE("bad items fail at put(), before anything is sent", "[batch][concurrency]") {
    scripted_engine server;
    const auto db = client_for(server);
    auto batch = db.table<Pair>().batch_writer();
    CHECK_THROWS_WITH(batch.put({"p", "", "x"}), "dynorm: key attribute must not be empty at sort_key");
    CHECK_THROWS_AS(batch.put({"p", "s", std::string("\xff")}), dynorm::encode_error);
    batch.flush();
    CHECK(server.request_count() == 0);
}

TEST_CASE("batch_get requests unprocessed keys again, in chunks of 100", "[batch][concurrency]") {
    scripted_engine server;
    // first answer: one item, one key unprocessed; second: the last item
    server.script({{200, std::string(R"({"Responses":{"pairs":[)") + dynorm::encode_item(Pair{"p", "1", "v1"}) +
                             R"(]},"UnprocessedKeys":{"pairs":{"Keys":[{"partition_key":{"S":"p"},"sort_key":{"S":"2"}}]}}})"},
                   {200, std::string(R"({"Responses":{"pairs":[)") + dynorm::encode_item(Pair{"p", "2", "v2"}) + "]}}"}});
    server.set_fallback({200, R"({"Responses":{"pairs":[]}})"});
    const auto db = client_for(server);
    const auto found = db.table<Pair>().batch_get({{"p", "1"}, {"p", "2"}}, {.backoff_base = std::chrono::milliseconds(1)});
    CHECK(found.size() == 2);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(occurrences(requests[0].body, "partition_key") == 2);
    CHECK(occurrences(requests[1].body, "partition_key") == 1);
    CHECK(requests[1].body.find(R"("sort_key":{"S":"2"})") != std::string::npos);

    std::vector<dynorm::primary_key<Pair>> many;
    for (int i = 0; i < 250; ++i) many.emplace_back("p", std::to_string(i));
    const std::size_t before = server.request_count();
    CHECK(db.table<Pair>().batch_get(many).empty());
    CHECK(server.request_count() - before == 3); // 100 + 100 + 50

    server.set_fallback({200, R"({"Responses":{"pairs":[]},"UnprocessedKeys":{"pairs":{"Keys":[{"partition_key":{"S":"p"},"sort_key":{"S":"9"}}]}}})"});
    CHECK_THROWS_WITH(db.table<Pair>().batch_get({{"p", "9"}}, {.max_attempts = 3, .backoff_base = std::chrono::milliseconds(1)}),
                      "dynorm: batch_get: 1 key(s) of table pairs still unprocessed after 3 attempts");

    // every table left is named once, also one whose name contains another's
    server.set_fallback({200, R"({"Responses":{},"UnprocessedKeys":{)"
                              R"("archived_pairs":{"Keys":[{"partition_key":{"S":"p"},"sort_key":{"S":"8"}}]},)"
                              R"("pairs":{"Keys":[{"partition_key":{"S":"p"},"sort_key":{"S":"9"}}]}}})"});
    CHECK_THROWS_WITH(dynorm::batch_get({.max_attempts = 2, .backoff_base = std::chrono::milliseconds(1)},
                                        dynorm::keys_in(db.table<Pair>("archived_pairs"), {{"p", "8"}}),
                                        dynorm::keys_in(db.table<Pair>(), {{"p", "9"}})),
                      "dynorm: batch_get: 2 key(s) of tables archived_pairs, pairs still unprocessed after 2 attempts");
}

TEST_CASE("a malformed answer leaves the items in the failed list, not lost", "[batch][concurrency]") {
    scripted_engine server;
    server.set_fallback({200, "this is not JSON"});
    const auto db = client_for(server);
    auto batch = db.table<Pair>().batch_writer({.max_attempts = 2, .backoff_base = std::chrono::milliseconds(1),
                                                .on_destroy_failure = [](const auto&) {}});
    for (int i = 0; i < 30; ++i) batch.put({"p", std::to_string(i), "v"});
    CHECK_THROWS_AS(batch.flush(), dynorm::batch_write_error<Pair>);
    CHECK(batch.failed().size() == 30);
    CHECK(server.request_count() == 4); // two requests (25 + 5), two attempts each
}

TEST_CASE("a writer of two tables groups its requests by table and resends each table's unprocessed ones", "[batch][concurrency]") {
    scripted_engine server;
    server.script({{200, R"({"UnprocessedItems":{"pairs":[{"PutRequest":{"Item":)" + dynorm::encode_item(Pair{"p", "2", "v"}) +
                             R"(}}],"tags":[{"DeleteRequest":{"Key":{"name":{"S":"t1"}}}}]}})"}});
    server.set_fallback({200, R"({"UnprocessedItems":{}})"});
    const auto db = client_for(server);
    {
        dynorm::batch_writer batch({.backoff_base = std::chrono::milliseconds(1)}, db.table<Pair>(), db.table<Tag>());
        batch.put(Pair{"p", "1", "v"});
        batch.put(Tag{"t0", 1});
        batch.put(Pair{"p", "2", "v"});
        batch.remove<Tag>("t1");
        batch.flush();
        CHECK(batch.failed().empty());
    }
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].body.find(R"({"RequestItems":{"pairs":[{"PutRequest")") == 0);
    CHECK(occurrences(requests[0].body, R"("tags":[)") == 1);
    CHECK(occurrences(requests[0].body, "PutRequest") == 3);
    CHECK(occurrences(requests[1].body, "PutRequest") == 1); // exactly the two unprocessed ones
    CHECK(occurrences(requests[1].body, R"("sort_key":{"S":"2"})") == 1);
    CHECK(occurrences(requests[1].body, R"({"DeleteRequest":{"Key":{"name":{"S":"t1"}}}})") == 1);

    // never processed: each failure names its table and keeps its request
    server.set_fallback({200, R"({"UnprocessedItems":{"tags":[{"DeleteRequest":{"Key":{"name":{"S":"t9"}}}}]}})"});
    dynorm::batch_writer<Pair, Tag> batch({.max_attempts = 2, .backoff_base = std::chrono::milliseconds(1),
                                           .on_destroy_failure = [](const auto&) {}},
                                          db.table<Pair>(), db.table<Tag>());
    batch.remove<Tag>("t9");
    batch.put(Pair{"p", "3", "v"});
    using two_table_error = dynorm::batch_write_error<Pair, Tag>;
    CHECK_THROWS_AS(batch.flush(), two_table_error);
    REQUIRE(batch.failed().size() == 1);
    CHECK(batch.failed()[0].table == "tags");
    CHECK(std::get<dynorm::primary_key<Tag>>(batch.failed()[0].request).hash == "t9");
}
