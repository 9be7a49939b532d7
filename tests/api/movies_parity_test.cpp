// Generated Movies data (scripts/generate_movies.py, 2,000 movies of the moviedata.json shape):
// queries by year with between on the title, scans with a filter, and counts give what boto3
// gives on the same table: the same items, in the same order for queries.
#include "support/python.hpp"
#include "support/servers.hpp"

#include <sstream>

using namespace dynorm::dsl;

namespace movies_parity {
struct Info {
    std::optional<std::vector<std::string>> directors;
    std::optional<std::string> release_date;
    std::optional<double> rating;
    std::optional<std::vector<std::string>> genres;
    std::optional<std::string> image_url;
    std::optional<std::string> plot;
    std::optional<int> rank;
    std::optional<int> running_time_secs;
    std::optional<std::vector<std::string>> actors;
};
struct Movie {
    int year = 0;
    std::string title;
    Info info;
};
} // namespace movies_parity

template <>
struct dynorm::schema<movies_parity::Movie> {
    static constexpr std::string_view table = "Movies";
    static constexpr auto hash_key = &movies_parity::Movie::year;
    static constexpr auto range_key = &movies_parity::Movie::title;
};

using movies_parity::Info;
using movies_parity::Movie;

namespace {
const char* boto3_queries = R"PY(
import sys
import boto3
from boto3.dynamodb.conditions import Key, Attr
endpoint, name = sys.argv[1], sys.argv[2]
table = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="dynormlocal", aws_secret_access_key="dynormlocal").Table(name)
def all_pages(call, **kwargs):
    items = []
    while True:
        page = call(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
for year in (1936, 1977, 1999, 2013):
    items = all_pages(table.query, KeyConditionExpression=Key("year").eq(year) & Key("title").between("A", "L"),
                      ProjectionExpression="#yr, title", ExpressionAttributeNames={"#yr": "year"})
    print("|".join(i["title"] for i in items))
items = all_pages(table.scan, FilterExpression=Attr("info.rating").gte(8) & Attr("info.genres").contains("Drama"))
print("|".join(sorted("%d %s" % (i["year"], i["title"]) for i in items)))
count = 0
kwargs = {"Select": "COUNT", "FilterExpression": Attr("info.plot").not_exists()}
while True:
    page = table.scan(**kwargs)
    count += page["Count"]
    if "LastEvaluatedKey" not in page:
        break
    kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
print(count)
)PY";
} // namespace

TEST_CASE("generated Movies data: dynorm and boto3 agree", "[integration][movies][boto3]") {
    const std::string generator = std::string(DYNORM_SOURCE_DIR) + "/scripts/generate_movies.py";
    std::stringstream generated;
    {
        FILE* pipe = popen(("/usr/bin/python3 " + generator + " 2000 7").c_str(), "r");
        REQUIRE(pipe);
        char buffer[65536];
        while (const auto n = fread(buffer, 1, sizeof buffer, pipe)) generated.write(buffer, static_cast<std::streamsize>(n));
        REQUIRE(pclose(pipe) == 0);
    }
    const dynorm::value::list data = dynorm::value::from_json(generated.str()).as_list();
    REQUIRE(data.size() == 2000);
    std::vector<Movie> movies;
    for (const auto& entry : data) movies.push_back(entry.to<Movie>());

    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Movie> table(db, "movies");
        {
            auto batch = table->batch_writer();
            for (const Movie& m : movies) batch.put(m);
        }

        std::istringstream boto3(dynorm_test::run_python(boto3_queries, {server.endpoint, table->name()}));
        std::string line;
        for (const int year : {1936, 1977, 1999, 2013}) {
            INFO("year " << year);
            std::string ours;
            for (const Movie& m : table->query(key_<&Movie::year> == year && between(key_<&Movie::title>, "A", "L"),
                                               {.projection = project<&Movie::year, &Movie::title>()}))
                ours += (ours.empty() ? "" : "|") + m.title;
            REQUIRE(std::getline(boto3, line));
            CHECK(ours == line);
        }
        std::vector<std::string> scanned;
        for (const Movie& m : table->scan({.filter = attr_<&Movie::info, &Info::rating> >= 8.0 &&
                                                     contains(attr_<&Movie::info, &Info::genres>, "Drama")}))
            scanned.push_back(std::to_string(m.year) + " " + m.title);
        std::sort(scanned.begin(), scanned.end());
        std::string joined;
        for (const auto& s : scanned) joined += (joined.empty() ? "" : "|") + s;
        REQUIRE(std::getline(boto3, line));
        CHECK(joined == line);
        CHECK_FALSE(scanned.empty());
        REQUIRE(std::getline(boto3, line));
        CHECK(std::to_string(table->count({.filter = not_exists(attr_<&Movie::info, &Info::plot>)})) == line);
    }
}
