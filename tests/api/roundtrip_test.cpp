// Every codec type round-trips exactly through DynamoDB Local and dynalite.
#include "codec/models.hpp"
#include "support/servers.hpp"

using namespace codec_models;

TEST_CASE("every supported type round-trips through the servers", "[integration][codec]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Everything> table(db, "roundtrip");
        const Everything e = sample();
        table->put(e);
        const auto back = table->get(e.id, {.consistent_read = true});
        REQUIRE(back);
        CHECK(*back == e);
        CHECK(back->exact == e.exact); // numerically; the service returns it fully expanded
        CHECK(back->u64 == UINT64_MAX);
        CHECK(back->i64 == INT64_MIN);
        CHECK(back->d == 0.1 + 0.2);
        CHECK(back->text == e.text);

        Everything empty_sets = e;
        empty_sets.id = "empty-sets";
        empty_sets.string_set.clear();
        empty_sets.number_set.clear();
        empty_sets.maybe.reset();
        table->put(empty_sets);
        CHECK(*table->get("empty-sets") == empty_sets);
    }
}

TEST_CASE("an item over 400 KB is rejected before it is sent", "[integration][codec]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Everything> table(db, "toolarge");
        Everything e = sample();
        e.text = std::string(410 * 1024, 'x');
        CHECK_THROWS_AS(table->put(e), dynorm::encode_error);
        CHECK_FALSE(table->get(e.id).has_value());
    }
}
