// boto3 parity: the same conditions written with boto3's Key/Attr (Debian's boto3, run by
// /usr/bin/python3) and with dynorm's DSL select the same items from the same table, and key
// conditions return them in the same order.
#include "api/dsl_model.hpp"
#include "support/python.hpp"

#include <sstream>

using namespace dsl_test;
using namespace dynorm::dsl;

namespace {

// One line per boto3 expression: the keys it selected, "id/sort" joined with spaces.
const char* boto3_script = R"PY(
import sys
import boto3
from boto3.dynamodb.conditions import Key, Attr
endpoint, table_name = sys.argv[1], sys.argv[2]
table = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="dynormlocal", aws_secret_access_key="dynormlocal").Table(table_name)
filters = [
    Attr("n").lt(3),
    Attr("n").ne(3),
    Attr("n").between(2, 4),
    Attr("s").begins_with("ap"),
    Attr("labels").contains("fruit"),
    Attr("tags").contains("red"),
    Attr("maybe").exists(),
    Attr("maybe").not_exists(),
    Attr("n").is_in([1, 5, 7]),
    Attr("tags").size().gte(2),
    Attr("place.city").eq("Paris"),
    (Attr("n").eq(1) | Attr("n").eq(4)) & Attr("flag").eq(False),
    ~Attr("flag").eq(True),
    Attr("labels").attribute_type("SS"),
    Attr("year").lt(2000),
]
for f in filters:
    keys, kwargs = [], {"FilterExpression": f}
    while True:
        page = table.scan(**kwargs)
        keys += [i["id"] + "/" + i["sort"] for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    print(" ".join(sorted(keys)))
queries = [
    Key("id").eq("a"),
    Key("id").eq("a") & Key("sort").between("01", "09"),
    Key("id").eq("a") & Key("sort").begins_with("1"),
    Key("id").eq("a") & Key("sort").gt("01"),
]
for q in queries:
    print(" ".join(i["sort"] for i in table.query(KeyConditionExpression=q)["Items"]))
)PY";

} // namespace

TEST_CASE("the DSL selects what boto3's Key and Attr select", "[integration][dsl][boto3]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Item> items(db, "parity");
        for (const Item& i : data()) items->put(i);

        const std::vector<dynorm::dsl::filter<Item>> filters{
            attr_<&Item::n> < 3,
            attr_<&Item::n> != 3,
            between(attr_<&Item::n>, 2, 4),
            begins_with(attr_<&Item::s>, "ap"),
            contains(attr_<&Item::labels>, "fruit"),
            contains(attr_<&Item::tags>, "red"),
            exists(attr_<&Item::maybe>),
            not_exists(attr_<&Item::maybe>),
            in(attr_<&Item::n>, 1, 5, 7),
            size(attr_<&Item::tags>) >= 2,
            attr_<&Item::place, &Place::city> == "Paris",
            (attr_<&Item::n> == 1 || attr_<&Item::n> == 4) && attr_<&Item::flag> == false,
            !(attr_<&Item::flag> == true),
            type_is(attr_<&Item::labels>, dynorm::attribute_type::SS),
            attr_<&Item::year> < 2000,
        };
        std::istringstream boto3(dynorm_test::run_python(boto3_script, {server.endpoint, items->name()}));
        std::string line;
        for (std::size_t f = 0; f < filters.size(); ++f) {
            INFO("filter " << f);
            REQUIRE(std::getline(boto3, line));
            std::set<std::string> ours;
            for (const Item& i : items->scan({.filter = filters[f]})) ours.insert(i.id + "/" + i.sort);
            std::string joined;
            for (const auto& k : ours) joined += (joined.empty() ? "" : " ") + k;
            CHECK(joined == line);
        }
        auto sorts = [](auto&& range) {
            std::string out;
            for (const Item& i : range) out += (out.empty() ? "" : " ") + i.sort;
            return out;
        };
        const std::vector<std::string> ours{
            sorts(items->query(key_<&Item::id> == "a")),
            sorts(items->query(key_<&Item::id> == "a" && between(key_<&Item::sort>, "01", "09"))),
            sorts(items->query(key_<&Item::id> == "a" && begins_with(key_<&Item::sort>, "1"))),
            sorts(items->query(key_<&Item::id> == "a" && key_<&Item::sort> > "01")),
        };
        for (const auto& expected : ours) {
            REQUIRE(std::getline(boto3, line));
            CHECK(expected == line);
        }
    }
}
