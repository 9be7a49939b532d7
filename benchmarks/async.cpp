// Requests in flight from one calling thread: dynorm's asynchronous GetItem (get_async, each
// completion starting the next) next to a bare libcurl multi loop sending the same request bytes
// at the same concurrency, and to the blocking get() on as many threads, against a local
// keep-alive server answering a canned GetItem body. The server runs in a child process, so the
// process CPU time measured here is the client's alone: requests/s and CPU microseconds per
// request, and the ratio of each to bare libcurl's CPU per request (the target is <= 1.2x).
//
//   bench_async [REQUESTS]        (REQUESTS per row, default 20000)
#include "canned_get_item.hpp"
#include "support/fake_http_server.hpp"

#include <dynorm/dynorm.hpp>

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <functional>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using bench::User;

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct measured {
    double requests_per_second, cpu_us_per_request;
};

template <class F>
measured measure(std::size_t requests, F run) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    run();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    return {static_cast<double>(requests) / wall, cpu * 1e6 / static_cast<double>(requests)};
}

// The server in a child process; returns its port. The child stops when the pipe closes.
int start_server_process(int& keep_open) {
    int port_pipe[2], stop_pipe[2];
    if (pipe(port_pipe) != 0 || pipe(stop_pipe) != 0) std::exit(1);
    if (fork() == 0) {
        close(port_pipe[0]);
        close(stop_pipe[1]);
        {
            dynorm_test::fake_http_server server;
            server.set_fallback({200, bench::canned_get_item_body()});
            const std::string endpoint = server.endpoint();
            const int port = std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
            if (write(port_pipe[1], &port, sizeof port) != sizeof port) std::_Exit(1);
            char c;
            while (read(stop_pipe[0], &c, 1) > 0) {
            }
        }
        std::_Exit(0);
    }
    close(port_pipe[1]);
    close(stop_pipe[0]);
    int port = 0;
    if (read(port_pipe[0], &port, sizeof port) != sizeof port) std::exit(1);
    keep_open = stop_pipe[1];
    return port;
}

dynorm::client_config config_for(const std::string& endpoint, std::size_t in_flight) {
    dynorm::client_config c;
    c.endpoint = endpoint;
    c.region = "us-east-1";
    c.credentials = dynorm::credentials{"AKIDEXAMPLE", "secret-key", ""};
    c.max_requests_in_flight = in_flight;
    c.max_idle_connections = std::max<std::size_t>(32, in_flight);
    return c;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// The reference: one thread, `in_flight` easy handles on a multi handle, each sending the same
// signed bytes again as soon as its response is in.
void bare_multi(const std::string& endpoint, std::size_t in_flight, std::size_t requests) {
    const std::string url = endpoint + "/";
    const bench::signed_request request = bench::signed_get_item(endpoint, dynorm::credentials{"AKIDEXAMPLE", "secret-key", ""});
    const std::string& body = request.body;
    curl_slist* headers = nullptr;
    for (const std::string& line : request.headers) headers = curl_slist_append(headers, line.c_str());
    CURLM* multi = curl_multi_init();
    std::vector<CURL*> handles;
    std::size_t started = 0, finished = 0;
    for (std::size_t i = 0; i < in_flight && started < requests; ++i, ++started) {
        CURL* h = curl_easy_init();
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &discard);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_multi_add_handle(multi, h);
        handles.push_back(h);
    }
    while (finished < requests) {
        int running = 0;
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
            if (m->msg != CURLMSG_DONE) continue;
            CURL* h = m->easy_handle;
            if (m->data.result != CURLE_OK) std::exit(1);
            ++finished;
            curl_multi_remove_handle(multi, h);
            if (started < requests) {
                ++started;
                curl_multi_add_handle(multi, h);
            }
        }
        if (finished < requests) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    for (CURL* h : handles) {
        curl_multi_remove_handle(multi, h);
        curl_easy_cleanup(h);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(headers);
}

// get_async with `in_flight` outstanding: each completion checks its item and starts the next.
void dynorm_async(const dynorm::table<User>& users, std::size_t in_flight, std::size_t requests) {
    std::mutex m;
    std::condition_variable all_done;
    std::size_t started = 0, finished = 0;
    bool failed = false;
    std::function<void()> start_one = [&] {
        users.get_async({"janedoe", "Doe"}).then([&](dynorm::operation<std::optional<User>> done) {
            bool next = false;
            try {
                const auto u = done.get();
                if (!u || u->age != 25) failed = true;
            } catch (const std::exception&) {
                failed = true;
            }
            {
                std::lock_guard lock(m);
                ++finished;
                if (started < requests) {
                    ++started;
                    next = true;
                }
                if (finished == requests) all_done.notify_all();
            }
            if (next) start_one();
        });
    };
    {
        std::lock_guard lock(m);
        started = std::min(in_flight, requests);
    }
    for (std::size_t i = 0; i < std::min(in_flight, requests); ++i) start_one();
    std::unique_lock lock(m);
    all_done.wait(lock, [&] { return finished == requests; });
    if (failed) std::exit(1);
}

// The blocking get() on `threads` threads.
void dynorm_sync(const dynorm::table<User>& users, std::size_t threads, std::size_t requests) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            while (next.fetch_add(1) < requests)
                if (const auto u = users.get({"janedoe", "Doe"}); !u || u->age != 25) failed = true;
        });
    for (auto& t : pool) t.join();
    if (failed) std::exit(1);
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t requests = argc > 1 ? std::stoul(argv[1]) : 20000;
    int keep_server = -1;
    const std::string endpoint = "http://127.0.0.1:" + std::to_string(start_server_process(keep_server));
    curl_global_init(CURL_GLOBAL_DEFAULT);

    std::printf("%zu GetItem requests per row against a local keep-alive server (client CPU only)\n", requests);
    std::printf("%-10s %-28s %12s %14s %14s\n", "in flight", "client", "requests/s", "CPU us/req", "vs bare curl");
    for (const std::size_t in_flight : {1, 16, 64, 256}) {
        const dynorm::client db(config_for(endpoint, in_flight));
        const auto users = db.table<User>();
        users.get_async({"janedoe", "Doe"}).get(); // the engine and a connection exist before timing
        const measured bare = measure(requests, [&] { bare_multi(endpoint, in_flight, requests); });
        const measured async = measure(requests, [&] { dynorm_async(users, in_flight, requests); });
        const measured sync = measure(requests, [&] { dynorm_sync(users, in_flight, requests); });
        const auto row = [&](const char* name, const measured& r) {
            std::printf("%-10zu %-28s %12.0f %14.1f %13.2fx\n", in_flight, name, r.requests_per_second,
                        r.cpu_us_per_request, r.cpu_us_per_request / bare.cpu_us_per_request);
        };
        row("bare libcurl multi", bare);
        row("dynorm get_async", async);
        row(("dynorm get, " + std::to_string(in_flight) + " thread(s)").c_str(), sync);
    }
    close(keep_server);
    wait(nullptr);
    return 0;
}
