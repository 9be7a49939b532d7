// The response readers of dynorm/protocol/ on recorded responses: DynamoDB Local's own bodies
// (tests/data/protocol-responses), the awsJson1_0 protocol vectors (tests/data/protocol-tests),
// and the shapes no local server sends (unprocessed items and keys). Every reader either reads a
// body or throws a named dynorm error.
#include <dynorm/protocol/batch_get_item.hpp>
#include <dynorm/protocol/batch_write_item.hpp>
#include <dynorm/protocol/delete_item.hpp>
#include <dynorm/protocol/describe_table.hpp>
#include <dynorm/protocol/get_item.hpp>
#include <dynorm/protocol/list_tables.hpp>
#include <dynorm/protocol/paged_read.hpp>
#include <dynorm/protocol/put_item.hpp>
#include <dynorm/protocol/transact_get_items.hpp>
#include <dynorm/protocol/update_item.hpp>
#include <dynorm/wire/errors.hpp>

#include "protocol/movie_model.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using protocol_test::Movie;
namespace protocol = dynorm::protocol;

namespace {
std::string file_text(const std::string& path) {
    std::ifstream in(std::string(DYNORM_TEST_DATA_DIR) + "/" + path);
    REQUIRE(in);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The recorded bodies of an action, in the order they were recorded.
std::vector<std::string> recorded(const std::string& action) {
    static const dynorm::value all = dynorm::value::from_json(file_text("protocol-responses/dynamodb-local-3.3.1.json"));
    std::vector<std::string> out;
    for (const dynorm::value& body : all.at(action).as_list()) out.push_back(body.as_string());
    return out;
}
} // namespace

TEST_CASE("items of GetItem, PutItem, UpdateItem and DeleteItem responses", "[protocol]") {
    auto get = recorded("GetItem");
    const auto found = protocol::read_get_item<Movie>(get[0], false);
    REQUIRE(found);
    CHECK(found->title == "Rush");
    CHECK(found->rating == 8.2);
    CHECK(found->version == 2);
    CHECK_FALSE(protocol::read_get_item<Movie>(get[1], false)); // {}: no such item

    auto put = recorded("PutItem");
    CHECK_FALSE(protocol::read_put_item<Movie>(put[0]));
    const auto old = protocol::read_put_item<Movie>(put[1]); // ReturnValues=ALL_OLD
    REQUIRE(old);
    CHECK(old->rating == 8.1);

    auto update = recorded("UpdateItem"); // UPDATED_NEW: only the attribute set
    const auto updated = protocol::read_update_item<Movie>(update[0], dynorm::return_values::updated_new);
    REQUIRE(updated);
    CHECK(updated->rating == 9);
    CHECK(updated->title.empty());
    CHECK_THROWS_AS(protocol::read_update_item<Movie>(update[0], dynorm::return_values::all_new), dynorm::decode_error);

    auto removed = recorded("DeleteItem");
    const auto deleted = protocol::read_delete_item<dynorm::value>(removed[0]);
    REQUIRE(deleted);
    CHECK(deleted->at("title").as_string() == "Spy");

    std::string empty; // some servers answer a write with no body at all
    CHECK_FALSE(protocol::read_put_item<Movie>(empty));
}

TEST_CASE("pages of Query and Scan responses", "[protocol]") {
    auto query = recorded("Query");
    const auto page = protocol::read_page<Movie>(query[0], false);
    REQUIRE(page.items.size() == 1);
    CHECK(page.items[0].genre == "drama");
    CHECK(page.count == 1);
    CHECK(page.scanned_count == 1);
    REQUIRE(page.last_evaluated_key);
    CHECK(page.last_evaluated_key->at("year").as_number().as<int>() == 2015);
    CHECK(page.consumed_capacity == 0.5);

    auto scan = recorded("Scan"); // Select=COUNT: counts, no items, last page
    const auto counted = protocol::read_page<dynorm::value>(scan[0], false);
    CHECK(counted.items.empty());
    CHECK(counted.count == 2);
    CHECK_FALSE(counted.last_evaluated_key);
}

TEST_CASE("DescribeTable, CreateTable's description and ListTables", "[protocol]") {
    const auto d = protocol::read_describe_table(recorded("DescribeTable")[0]);
    CHECK(d.table_name == "movies");
    CHECK(d.table_status == "ACTIVE");
    CHECK(d.billing_mode == "PROVISIONED");
    REQUIRE(d.key_schema.size() == 2);
    CHECK(d.key_schema[1].attribute_name == "title");
    CHECK(d.key_schema[1].key_type == "RANGE");
    CHECK(d.attribute_definitions.size() == 4);
    CHECK(d.provisioned_throughput.write_capacity_units == 7);
    REQUIRE(d.global_secondary_indexes.size() == 1);
    CHECK(d.global_secondary_indexes[0].index_name == "by_genre");
    CHECK(d.global_secondary_indexes[0].projection_type == "KEYS_ONLY");
    CHECK(d.global_secondary_indexes[0].provisioned_throughput.read_capacity_units == 2);
    REQUIRE(d.local_secondary_indexes.size() == 1);
    CHECK(d.local_secondary_indexes[0].non_key_attributes == std::vector<std::string>{"genre"});
    CHECK(d.creation_date_time.time_since_epoch().count() > 0);
    // CreateTable answers a TableDescription, not a Table: not a DescribeTable response
    CHECK_THROWS_AS(protocol::read_describe_table(recorded("CreateTable")[0]), dynorm::decode_error);

    const auto names = protocol::read_list_tables(recorded("ListTables")[0]);
    CHECK(names.names == std::vector<std::string>{"movies"});
    CHECK(names.last_evaluated.empty());
    const auto more = protocol::read_list_tables(R"({"TableNames":["a","b"],"LastEvaluatedTableName":"b"})");
    CHECK(more.last_evaluated == "b");
}

TEST_CASE("BatchGetItem and BatchWriteItem responses, unprocessed parts included", "[protocol]") {
    auto get = recorded("BatchGetItem");
    std::vector<std::string> titles;
    const auto none_left = protocol::read_batch_get_item(get[0], [&](std::string_view table, auto item) {
        CHECK(table == "movies");
        Movie m;
        protocol::detail::read_item(item, m, false);
        titles.push_back(m.title);
    });
    CHECK(titles == std::vector<std::string>{"Rush", "Spy"});
    CHECK(none_left.empty());

    // a throttled table's keys come back as the service wrote them
    std::string partly = R"({"Responses":{"movies":[]},"UnprocessedKeys":{"movies":{"Keys":[{"year":{"N":"2.015E3"},)"
                         R"("title":{"S":"Rush"}}],"ConsistentRead":true}}})";
    const auto left = protocol::read_batch_get_item(partly, [](std::string_view, auto) {});
    REQUIRE(left.size() == 1);
    CHECK(left[0].table == "movies");
    CHECK(left[0].keys == std::vector<std::string>{R"({"title":{"S":"Rush"},"year":{"N":"2.015E3"}})"});

    CHECK(protocol::read_batch_write_item(recorded("BatchWriteItem")[0]).empty());
    const auto unprocessed = protocol::read_batch_write_item(
        R"({"UnprocessedItems":{"movies":[{"PutRequest":{"Item":{"year":{"N":"1999"},"title":{"S":"Matrix"}}}},)"
        R"({"DeleteRequest":{"Key":{"year":{"N":"1"},"title":{"S":"x"}}}}]}})");
    REQUIRE(unprocessed.size() == 2);
    CHECK(unprocessed[0].put);
    CHECK(unprocessed[0].item_or_key.at("title").as_string() == "Matrix");
    CHECK_FALSE(unprocessed[1].put);
    CHECK_THROWS_AS(protocol::read_batch_write_item(R"({"UnprocessedItems":{"movies":[{"Other":{}}]}})"),
                    dynorm::decode_error);
}

TEST_CASE("TransactGetItems responses pair items with reads by position", "[protocol]") {
    auto body = recorded("TransactGetItems");
    std::vector<std::size_t> with_item;
    protocol::read_transact_get_items(body[0], 2, [&](std::size_t i, auto) { with_item.push_back(i); });
    CHECK(with_item == std::vector<std::size_t>{0}); // the second read found nothing
    CHECK_THROWS_WITH(protocol::read_transact_get_items(body[0], 3, [](std::size_t, auto) {}),
                      "dynorm: TransactGetItems answered 2 responses for 3 reads");
}

TEST_CASE("the awsJson1_0 protocol vectors", "[protocol]") {
    const dynorm::value suites = dynorm::value::from_json(file_text("protocol-tests/awsjson1_0/output-json_1_0.json"));
    std::size_t errors = 0, successes = 0;
    for (const dynorm::value& suite : suites.as_list())
        for (const dynorm::value& c : suite.at("cases").as_list()) {
            const dynorm::value& response = c.at("response");
            const dynorm::value* body = response.find("body");
            std::string text = body ? body->as_string() : std::string();
            INFO(c.at("id").as_string());
            if (const dynorm::value* code = c.find("errorCode")) {
                // error code: X-Amzn-Errortype first, else __type or code, namespace and URI cut off
                std::string header;
                if (const dynorm::value* h = response.at("headers").find("X-Amzn-Errortype")) header = h->as_string();
                const auto parsed = dynorm::detail::parse_error_body(text, header);
                CHECK(parsed.code == code->as_string());
                if (const dynorm::value* message = c.find("errorMessage")) CHECK(parsed.message == message->as_string());
                ++errors;
                continue;
            }
            // a successful response of another shape: every reader reads it as "nothing there"
            // (unknown fields are ignored) or names what is missing; none crashes
            ++successes;
            const auto nothing_or_named_error = [&](auto&& read) {
                std::string copy = text;
                bool nothing = false;
                try {
                    nothing = read(copy);
                } catch (const dynorm::error&) {
                    return; // named: a decode_error or another dynorm error
                }
                CHECK(nothing);
            };
            nothing_or_named_error([](std::string& b) { return !protocol::read_get_item<dynorm::value>(b, false); });
            nothing_or_named_error([](std::string& b) { return !protocol::read_put_item<Movie>(b); });
            nothing_or_named_error([](std::string& b) { return protocol::read_page<Movie>(b, false).items.empty(); });
            nothing_or_named_error([](std::string& b) { return protocol::read_batch_write_item(b).empty(); });
            nothing_or_named_error([](std::string& b) { return protocol::read_list_tables(b).names.empty(); });
            nothing_or_named_error([](std::string& b) {
                bool no_items = true;
                const bool none_left =
                    protocol::read_batch_get_item(b, [&](std::string_view, auto) { no_items = false; }).empty();
                return no_items && none_left;
            });
            // DescribeTable needs its Table, TransactGetItems its Responses: named errors
            std::string copy = text;
            CHECK_THROWS_AS(protocol::read_describe_table(copy), dynorm::decode_error);
            CHECK_THROWS_AS(protocol::read_transact_get_items(copy, 1, [](std::size_t, auto) {}), dynorm::decode_error);
        }
    CHECK(errors == 12);
    CHECK(successes == 20);
}
