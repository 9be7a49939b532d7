// Golden bodies: every request builder of dynorm/protocol/ against the exact text it must write,
// without a server (compare(__LINE__, built, expected) reports the line of a mismatch). Each
// test case's bodies are then validated by botocore against DynamoDB's own API model, so a field
// name or type the service would reject fails here too.
#include <dynorm/detail/write_plan.hpp>
#include <dynorm/dsl.hpp>
#include <dynorm/options.hpp>
#include <dynorm/protocol/batch_get_item.hpp>
#include <dynorm/protocol/batch_write_item.hpp>
#include <dynorm/protocol/create_table.hpp>
#include <dynorm/protocol/delete_item.hpp>
#include <dynorm/protocol/delete_table.hpp>
#include <dynorm/protocol/describe_table.hpp>
#include <dynorm/protocol/get_item.hpp>
#include <dynorm/protocol/list_tables.hpp>
#include <dynorm/protocol/put_item.hpp>
#include <dynorm/protocol/query.hpp>
#include <dynorm/protocol/scan.hpp>
#include <dynorm/protocol/transact_get_items.hpp>
#include <dynorm/protocol/transact_write_items.hpp>
#include <dynorm/protocol/update_item.hpp>

#include "protocol/movie_model.hpp"
#include "support/python.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// Two global indexes: clang 14 crashed generating CreateTable's index definitions for these (the
// unit tests are also built with clang 14, under the sanitizers, by scripts/test).
namespace builders_test {
struct Account {
    std::string id;
    std::string kind;
    int age = 0;
    std::string referrer;
};
} // namespace builders_test

template <>
struct dynorm::schema<builders_test::Account> {
    using Account = builders_test::Account;
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &Account::id;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"by_kind", &Account::kind, &Account::age, dynorm::keys_only>{{1, 1}},
        dynorm::global_index<"by_referrer", &Account::referrer>{}};
};

namespace {
using protocol_test::Movie;
using namespace dynorm::dsl;
namespace protocol = dynorm::protocol;

// Every body built here, for the botocore validation at the end.
std::vector<std::pair<std::string, std::string>>& built() {
    static std::vector<std::pair<std::string, std::string>> bodies;
    return bodies;
}

void compare(int line, std::string_view action, const std::string& body, std::string_view expected) {
    INFO("builders_test.cpp:" << line << " (" << action << ")");
    CHECK(body == expected);
    built().emplace_back(std::string(action), body);
}

const std::string movie_key = R"({"year":{"N":"2015"},"title":{"S":"Rush"}})";

// The bodies a test case built, checked by botocore's validator against DynamoDB's API model
// (names, types and required members of each action's input), then forgotten.
void check_with_botocore() {
    REQUIRE_FALSE(built().empty());
    std::string lines;
    for (const auto& [action, body] : built()) lines += action + "\t" + body + "\n";
    built().clear();
    const auto path = std::filesystem::temp_directory_path() / ("dynorm_bodies_" + std::to_string(::getpid()));
    std::ofstream(path) << lines;
    const std::string report = dynorm_test::run_python(R"PY(
import json, sys
import botocore.session
from botocore.validate import ParamValidator
model = botocore.session.get_session().get_service_model("dynamodb")
for line in open(sys.argv[1]):
    action, body = line.rstrip("\n").split("\t", 1)
    report = ParamValidator().validate(json.loads(body), model.operation_model(action).input_shape)
    if report.has_errors():
        print(action, report.generate_report())
print("checked")
)PY",
                                                       {path.string()});
    std::filesystem::remove(path);
    CHECK(report == "checked\n");
}
} // namespace

TEST_CASE("table management bodies", "[protocol]") {
    compare(__LINE__, "CreateTable", protocol::create_table_body<Movie>("movies", dynorm::provisioned{5, 7}),
            R"({"TableName":"movies","KeySchema":[{"AttributeName":"year","KeyType":"HASH"},)"
            R"({"AttributeName":"title","KeyType":"RANGE"}],"AttributeDefinitions":[)"
            R"({"AttributeName":"year","AttributeType":"N"},{"AttributeName":"title","AttributeType":"S"},)"
            R"({"AttributeName":"genre","AttributeType":"S"},{"AttributeName":"rating","AttributeType":"N"}],)"
            R"("GlobalSecondaryIndexes":[{"IndexName":"by_genre","KeySchema":[{"AttributeName":"genre","KeyType":"HASH"},)"
            R"({"AttributeName":"rating","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"},)"
            R"("ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":3}}],)"
            R"("LocalSecondaryIndexes":[{"IndexName":"by_rating","KeySchema":[{"AttributeName":"year","KeyType":"HASH"},)"
            R"({"AttributeName":"rating","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE",)"
            R"("NonKeyAttributes":["genre"]}}],"BillingMode":"PROVISIONED",)"
            R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":7}})");
    // on demand: no throughput anywhere, the indexes' included
    const std::string on_demand = protocol::create_table_body<Movie>("movies-2", std::nullopt);
    CHECK(on_demand.find("ProvisionedThroughput") == std::string::npos);
    CHECK(on_demand.ends_with(R"("BillingMode":"PAY_PER_REQUEST"})"));
    built().emplace_back("CreateTable", on_demand);

    compare(__LINE__, "CreateTable", protocol::create_table_body<builders_test::Account>("accounts", std::nullopt),
            R"({"TableName":"accounts","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"AttributeDefinitions":[)"
            R"({"AttributeName":"id","AttributeType":"S"},{"AttributeName":"kind","AttributeType":"S"},)"
            R"({"AttributeName":"age","AttributeType":"N"},{"AttributeName":"referrer","AttributeType":"S"}],)"
            R"("GlobalSecondaryIndexes":[{"IndexName":"by_kind","KeySchema":[{"AttributeName":"kind","KeyType":"HASH"},)"
            R"({"AttributeName":"age","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}},)"
            R"({"IndexName":"by_referrer","KeySchema":[{"AttributeName":"referrer","KeyType":"HASH"}],)"
            R"("Projection":{"ProjectionType":"ALL"}}],"BillingMode":"PAY_PER_REQUEST"})");
    compare(__LINE__, "DescribeTable", protocol::describe_table_body("movies"), R"({"TableName":"movies"})");
    compare(__LINE__, "DeleteTable", protocol::delete_table_body("movies"), R"({"TableName":"movies"})");
    compare(__LINE__, "ListTables", protocol::list_tables_body(""), "{}");
    compare(__LINE__, "ListTables", protocol::list_tables_body("movies"), R"({"ExclusiveStartTableName":"movies"})");
    check_with_botocore();
}

TEST_CASE("item write bodies: PutItem, UpdateItem, DeleteItem", "[protocol]") {
    const std::string item = R"({"year":{"N":"2015"},"title":{"S":"Rush"},"rating":{"N":"8.1"}})";
    compare(__LINE__, "PutItem", protocol::put_item_body({"movies", item}),
            R"({"TableName":"movies","Item":{"year":{"N":"2015"},"title":{"S":"Rush"},"rating":{"N":"8.1"}}})");

    const auto condition = compile<placeholder_kind::condition>(not_exists(attr_<&Movie::title>));
    protocol::item_write put{"movies", item, {}, condition};
    put.returns = dynorm::return_values::all_old;
    compare(__LINE__, "PutItem", protocol::put_item_body(put),
            R"({"TableName":"movies","Item":{"year":{"N":"2015"},"title":{"S":"Rush"},"rating":{"N":"8.1"}},)"
            R"~("ConditionExpression":"attribute_not_exists(#c0)","ExpressionAttributeNames":{"#c0":"title"},)~"
            R"("ReturnValues":"ALL_OLD"})");

    // the update's and the condition's placeholders, and a raw expression's maps, in one map each
    const auto update = compile<placeholder_kind::update>(actions(set(attr_<&Movie::rating>, 9.5)));
    const auto rated = compile<placeholder_kind::condition>(attr_<&Movie::rating> < 9.0);
    const auto raw = compile_raw("", {{"#g", "genre"}}, {{":g", dynorm::value("drama")}});
    protocol::item_write w{"movies", movie_key, update, rated, raw};
    w.returns = dynorm::return_values::updated_new;
    compare(__LINE__, "UpdateItem", protocol::update_item_body(w),
            R"({"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}},)"
            R"("UpdateExpression":"SET #u0 = :u0","ConditionExpression":"#c0 < :c0",)"
            R"("ExpressionAttributeNames":{"#u0":"rating","#c0":"rating","#g":"genre"},)"
            R"("ExpressionAttributeValues":{":u0":{"N":"9.5"},":c0":{"N":"9"},":g":{"S":"drama"}},)"
            R"("ReturnValues":"UPDATED_NEW"})");

    compare(__LINE__, "DeleteItem", protocol::delete_item_body({"movies", movie_key}),
            R"({"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}}})");
    check_with_botocore();
}

TEST_CASE("the write plan: optimistic locking once for every write", "[protocol]") {
    using dynorm::detail::write_kind;
    using dynorm::detail::write_plan;
    const dynorm::write_options<Movie> options{.expected_version = 4};
    const auto update = compile_update(actions(add(attr_<&Movie::rating>, 1)));
    const write_plan<Movie> plan(write_kind::update, "update", "movies", options, options.condition.compiled(), &update);
    compare(__LINE__, "UpdateItem", protocol::update_item_body(plan.request("movies", movie_key)),
            R"({"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}},)"
            R"("UpdateExpression":"SET #dynormversion = :dynormnext ADD #u0 :u0",)"
            R"("ConditionExpression":"#dynormversion = :dynormexpected",)"
            R"("ExpressionAttributeNames":{"#u0":"rating","#dynormversion":"version"},)"
            R"("ExpressionAttributeValues":{":u0":{"N":"1"},":dynormnext":{"N":"5"},":dynormexpected":{"N":"4"}}})");

    // the same plan serves a transaction's action
    const write_plan<Movie> remove(write_kind::remove, "tx::remove", "movies", options, options.condition.compiled());
    protocol::item_write w = remove.request("movies", movie_key);
    w.return_item_on_failure = true;
    const std::string action = protocol::transact_write_action(protocol::transact_write_kind::remove, w);
    CHECK(action == R"({"Delete":{"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}},)"
                    R"("ConditionExpression":"#dynormversion = :dynormexpected",)"
                    R"("ExpressionAttributeNames":{"#dynormversion":"version"},)"
                    R"("ExpressionAttributeValues":{":dynormexpected":{"N":"4"}},)"
                    R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD"}})");
    const std::string_view actions_json[] = {action};
    compare(__LINE__, "TransactWriteItems", protocol::transact_write_items_body(actions_json, "token-1"),
            R"({"TransactItems":[)" + action + R"(],"ClientRequestToken":"token-1"})");
    check_with_botocore();
}

TEST_CASE("GetItem and TransactGetItems bodies", "[protocol]") {
    const auto projection = compile<placeholder_kind::projection>(project<&Movie::title, &Movie::rating>());
    compare(__LINE__, "GetItem", protocol::get_item_body({"movies", movie_key, true, projection}),
            R"({"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}},"ConsistentRead":true,)"
            R"("ProjectionExpression":"#p0, #p1","ExpressionAttributeNames":{"#p0":"title","#p1":"rating"}})");
    const std::string get = protocol::transact_get_action({"movies", movie_key, true, projection});
    CHECK(get == R"({"Get":{"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}},)"
                 R"("ProjectionExpression":"#p0, #p1","ExpressionAttributeNames":{"#p0":"title","#p1":"rating"}}})");
    const std::string plain = protocol::transact_get_action({"users", R"({"id":{"S":"a"}})"});
    const std::string_view gets[] = {get, plain};
    compare(__LINE__, "TransactGetItems", protocol::transact_get_items_body(gets),
            R"({"TransactItems":[)" + get + "," + plain + "]}");
    CHECK_THROWS_AS(protocol::transact_get_items_body({}), dynorm::encode_error);
    check_with_botocore();
}

TEST_CASE("Query and Scan bodies, and the pages after the first", "[protocol]") {
    const auto key = compile<placeholder_kind::key_condition>(key_<&Movie::year> == 1985 &&
                                                              begins_with(key_<&Movie::title>, "B"));
    const auto filter = compile<placeholder_kind::filter>(attr_<&Movie::rating> > 7.5);
    protocol::query_input q;
    q.read.table = "movies";
    q.read.index = "by_rating";
    q.read.limit = 10;
    q.read.consistent_read = true;
    q.read.return_consumed_capacity = dynorm::consumed_capacity::total;
    q.read.filter = filter;
    q.key_condition = key;
    q.forward = false;
    const std::string query = protocol::query_body_start(q);
    compare(__LINE__, "Query", protocol::page_body(query, std::nullopt),
            R"({"TableName":"movies","IndexName":"by_rating","Limit":10,"ConsistentRead":true,)"
            R"("ReturnConsumedCapacity":"TOTAL","ScanIndexForward":false,)"
            R"~("KeyConditionExpression":"#k0 = :k0 AND begins_with(#k1, :k1)","FilterExpression":"#f0 > :f0",)~"
            R"("ExpressionAttributeNames":{"#k0":"year","#k1":"title","#f0":"rating"},)"
            R"("ExpressionAttributeValues":{":k0":{"N":"1985"},":k1":{"S":"B"},":f0":{"N":"7.5"}}})");
    dynorm::value start;
    start["year"] = 1985;
    start["title"] = "Back to the Future";
    compare(__LINE__, "Query", protocol::page_body(query, start),
            query + R"(,"ExclusiveStartKey":{"title":{"S":"Back to the Future"},"year":{"N":"1985"}}})");

    protocol::scan_input s;
    s.read.table = "movies";
    s.read.count_only = true;
    s.read.return_consumed_capacity = dynorm::consumed_capacity::indexes;
    s.segment = 1;
    s.total_segments = 4;
    compare(__LINE__, "Scan", protocol::page_body(protocol::scan_body_start(s), std::nullopt),
            R"({"TableName":"movies","ReturnConsumedCapacity":"INDEXES","Segment":1,"TotalSegments":4,"Select":"COUNT"})");
    s.read.limit = 0;
    CHECK_THROWS_WITH(protocol::scan_body_start(s), "dynorm: limit (page_size) must be at least 1");
    check_with_botocore();
}

TEST_CASE("BatchWriteItem and BatchGetItem bodies", "[protocol]") {
    const std::string tables[] = {"movies", "users"};
    const std::string put = protocol::put_request_json(R"({"id":{"S":"a"}})");
    const std::string del = protocol::delete_request_json(movie_key);
    CHECK(put == R"({"PutRequest":{"Item":{"id":{"S":"a"}}}})");
    const protocol::batch_write_entry entries[] = {{1, put}, {0, del}, {1, put}};
    compare(__LINE__, "BatchWriteItem", protocol::batch_write_item_body(tables, entries),
            R"({"RequestItems":{"movies":[{"DeleteRequest":{"Key":{"year":{"N":"2015"},"title":{"S":"Rush"}}}}],)"
            R"("users":[{"PutRequest":{"Item":{"id":{"S":"a"}}}},{"PutRequest":{"Item":{"id":{"S":"a"}}}}]}})");

    const auto projection = compile<placeholder_kind::projection>(project<&Movie::title>());
    const std::string settings = protocol::batch_get_settings(true, projection, {});
    const std::string movie_keys[] = {movie_key};
    const std::string user_keys[] = {R"({"id":{"S":"a"}})", R"({"id":{"S":"b"}})"};
    const protocol::batch_get_table request[] = {{"movies", settings, movie_keys}, {"users", "", user_keys}};
    compare(__LINE__, "BatchGetItem", protocol::batch_get_item_body(request),
            R"({"RequestItems":{"movies":{"Keys":[{"year":{"N":"2015"},"title":{"S":"Rush"}}],"ConsistentRead":true,)"
            R"("ProjectionExpression":"#p0","ExpressionAttributeNames":{"#p0":"title"}},)"
            R"("users":{"Keys":[{"id":{"S":"a"}},{"id":{"S":"b"}}]}}})");
    check_with_botocore();
}
