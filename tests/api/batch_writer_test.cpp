// The batch writer against both servers: many items, per-key order with duplicates.
#include "support/batch_models.hpp"
#include "support/servers.hpp"

#include <atomic>
#include <set>
#include <thread>

using namespace dynorm::dsl;

using batch_models::Pair;
using batch_models::Tag;

TEST_CASE("10,000 items written through the batch writer are all there", "[integration][batch][concurrency]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Pair> pairs(db, "batch");
        std::size_t requests = 0;
        {
            auto batch = pairs->batch_writer();
            for (int i = 0; i < 10000; ++i) batch.put({std::string("p") + std::to_string(i % 100), std::to_string(i), std::string("v") + std::to_string(i)});
            batch.flush();
            requests = batch.requests_sent();
            CHECK(batch.failed().empty());
        }
        CHECK(requests >= 400); // 25 per request
        CHECK(pairs->count() == 10000);
        CHECK(pairs->get("p7", "4207")->other == "v4207");
        std::size_t seen = 0;
        for (const Pair& p : pairs->query(key_<&Pair::partition_key> == "p42")) seen += p.other == std::string("v") + p.sort_key;
        CHECK(seen == 100);
    }
}

TEST_CASE("requests for one key keep their order, with or without de-duplication", "[integration][batch][concurrency]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Pair> pairs(db, "batchorder");
        for (const bool overwrite : {false, true}) {
            INFO("overwrite_by_pkeys " << overwrite);
            {
                auto batch = pairs->batch_writer({.overwrite_by_pkeys = overwrite, .max_in_flight = 4});
                for (int round = 0; round < 60; ++round)
                    for (int k = 0; k < 5; ++k) batch.put({"k", std::to_string(k), std::to_string(round)});
                batch.remove({"k", "3"});
            } // scope exit flushes
            for (int k = 0; k < 5; ++k) {
                const auto got = pairs->get({"k", std::to_string(k)}, {.consistent_read = true});
                if (k == 3) CHECK_FALSE(got.has_value());
                else CHECK(got->other == "59");
            }
        }
    }
}

TEST_CASE("an atomic counter under contention counts every increment", "[integration][counter][concurrency]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Pair> pairs(db, "counter");
        constexpr int threads = 8, increments = 25;
        std::vector<std::thread> workers;
        std::atomic<int> failures{0};
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&] {
                for (int i = 0; i < increments; ++i) {
                    try {
                        // ADD creates the attribute on first use
                        pairs->update({"counter", "c"}, "ADD hits :one", {.values = {{":one", 1}}});
                    } catch (...) {
                        ++failures;
                    }
                }
            });
        for (auto& w : workers) w.join();
        CHECK(failures == 0);
        const dynorm::value item = db.documents(pairs->name()).get(dynorm::value::from_json(R"({"partition_key":"counter","sort_key":"c"})"),
                                                                   {.consistent_read = true}).value();
        CHECK(item.find("hits")->as_number().as<int>() == threads * increments);
    }
}

TEST_CASE("batch_get of 250 keys with 10 missing", "[integration][batch]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Pair> pairs(db, "batchget");
        {
            auto batch = pairs->batch_writer();
            for (int i = 0; i < 240; ++i) batch.put({"g", std::to_string(i), std::string("v") + std::to_string(i)});
        }
        std::vector<dynorm::primary_key<Pair>> keys;
        for (int i = 0; i < 250; ++i) keys.emplace_back("g", std::to_string(i)); // 240..249 don't exist
        keys.emplace_back("g", "7");                                             // a duplicate
        const std::vector<Pair> found = pairs->batch_get(keys, {.consistent_read = true});
        CHECK(found.size() == 240);
        std::set<std::string> sorts;
        for (const Pair& p : found) {
            CHECK(p.other == std::string("v") + p.sort_key);
            sorts.insert(p.sort_key);
        }
        CHECK(sorts.size() == 240);
        CHECK(sorts.count("245") == 0);
        const auto projected = pairs->batch_get({{"g", "1"}, {"g", "2"}}, {.projection = project<&Pair::other>()});
        REQUIRE(projected.size() == 2);
        CHECK(projected[0].partition_key.empty());
        CHECK_FALSE(projected[0].other.empty());
    }
}

TEST_CASE("one batch writer and one batch_get for two tables of different types", "[integration][batch][concurrency]") {
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Pair> pairs(db, "multipairs");
        dynorm_test::scoped_table<Tag> tags(db, "multitags");
        {
            dynorm::batch_writer batch(*pairs, *tags); // batch_writer<Pair, Tag>
            for (int i = 0; i < 300; ++i) {
                batch.put(Pair{"m", std::to_string(i), "x" + std::to_string(i)});
                batch.put(Tag{"t" + std::to_string(i), i});
            }
            batch.remove<Tag>("t5");
            batch.remove<Pair>({"m", "7"});
            batch.flush();
            CHECK(batch.failed().empty());
            CHECK(batch.requests_sent() >= 24); // 602 requests, 25 per BatchWriteItem
        }
        CHECK(pairs->count() == 299);
        CHECK(tags->count() == 299);
        {
            dynorm::batch_writer<Pair, Tag> batch({.overwrite_by_pkeys = true, .max_in_flight = 2}, *pairs, *tags);
            batch.put(Tag{"t1", 100});
            batch.put(Tag{"t1", 101}); // replaces the buffered put
            batch.put(Pair{"m", "1", "y"});
        }
        std::vector<dynorm::primary_key<Pair>> pair_keys;
        for (int i = 0; i < 120; ++i) pair_keys.emplace_back("m", std::to_string(i)); // "7" is gone
        const auto [found_pairs, found_tags] =
            dynorm::batch_get(dynorm::keys_in(*pairs, pair_keys),
                              dynorm::keys_in(*tags, {"t1", "t2", "t5", "nope"}, {.consistent_read = true}));
        CHECK(found_pairs.size() == 119);
        REQUIRE(found_tags.size() == 2);
        for (const Tag& t : found_tags) CHECK(t.uses == (t.name == "t1" ? 101 : 2));
        for (const Pair& p : found_pairs) CHECK(p.other == (p.sort_key == "1" ? "y" : "x" + p.sort_key));
        // a projection per table
        const auto [names_only] = dynorm::batch_get(dynorm::keys_in(*tags, {"t3"}, {.projection = project<&Tag::name>()}));
        REQUIRE(names_only.size() == 1);
        CHECK(names_only[0].uses == 0);
    }
}
