// Request round trips: sequential GetItem calls through dynorm (building the body, signing,
// transport, decoding into a struct) next to the same loop with bare libcurl, against a local
// keep-alive server that answers every request with the same GetItem body. The reference sends
// the very same request bytes with the same libcurl settings (timeouts, keep-alive), signed once
// before the loop, and doesn't decode: the difference is what dynorm does per request. The CPU
// column is the calling thread's CPU time per request (the server runs on other threads).
// Target: dynorm within 1.25x of bare libcurl's CPU per request.
#include "canned_get_item.hpp"
#include "support/fake_http_server.hpp"

#include <dynorm/dynorm.hpp>

#include <benchmark/benchmark.h>

namespace {

using bench::User;

dynorm_test::fake_http_server& server() {
    static dynorm_test::fake_http_server s;
    return s;
}

void dynorm_get_item(benchmark::State& state) {
    server().set_fallback({200, bench::canned_get_item_body()});
    const dynorm::client db(server().client_config());
    const auto users = db.table<User>();
    int age = 0;
    for (auto _ : state) {
        const std::optional<User> user = users.get("janedoe", "Doe");
        age += user->age;
    }
    benchmark::DoNotOptimize(age);
    state.SetItemsProcessed(state.iterations());
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

void bare_libcurl_reference(benchmark::State& state) {
    server().set_fallback({200, bench::canned_get_item_body()});
    const std::string url = server().endpoint() + "/";
    const bench::signed_request request = bench::signed_get_item(server().endpoint(), *server().client_config().credentials);
    const std::string& body = request.body;
    CURL* h = curl_easy_init();
    curl_slist* headers = nullptr;
    for (const std::string& line : request.headers) headers = curl_slist_append(headers, line.c_str());
    std::string response;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 60000L);
    for (auto _ : state) {
        response.clear();
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        if (curl_easy_perform(h) != CURLE_OK) state.SkipWithError("request failed");
        benchmark::DoNotOptimize(response.data());
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    state.SetItemsProcessed(state.iterations());
}

} // namespace

BENCHMARK(bare_libcurl_reference)->UseRealTime();
BENCHMARK(dynorm_get_item)->UseRealTime();

BENCHMARK_MAIN();
