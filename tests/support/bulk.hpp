#pragma once
// Loads many items fast for tests that need big tables: raw BatchWriteItem requests of 25 items,
// several in flight, resending UnprocessedItems. (The library's batch writer is its own feature;
// this helper only fills tables.)

#include <dynorm/dynorm.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace dynorm_test {

template <class T, class Make>
void bulk_put(const dynorm::client& db, const std::string& table, std::size_t count, Make make, int threads = 4) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (;;) {
            const std::size_t first = next.fetch_add(25);
            if (first >= count) return;
            std::string body = "{\"RequestItems\":{";
            dynorm::detail::append_json_string(body, table);
            body += ":[";
            for (std::size_t i = first; i < std::min(count, first + 25); ++i) {
                if (i != first) body += ',';
                body += "{\"PutRequest\":{\"Item\":";
                dynorm::append_item(body, make(i));
                body += "}}";
            }
            body += "]}}";
            for (int attempt = 0; attempt < 50; ++attempt) {
                const dynorm::value response = db.call("BatchWriteItem", body);
                const dynorm::value* unprocessed = response.find("UnprocessedItems");
                if (!unprocessed || unprocessed->as_map().empty()) break;
                // db.call reads the response as plain JSON, so to_json() gives back the service's own
                // attribute-value JSON for the items to resend
                body = "{\"RequestItems\":" + unprocessed->to_json() + "}";
                std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
}

} // namespace dynorm_test
