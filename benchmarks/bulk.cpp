// Bulk-load throughput against a DynamoDB-compatible server: dynorm's batch writer with 1, 4, 16
// and 64 requests in flight (on the asynchronous engine), and, in the same run, boto3's Table.batch_writer writing the same items
// (benchmarks/boto3_bulk.py, run with /usr/bin/python3). Each writes into a table of its own;
// every table is counted afterwards. Items/s for each and the ratios, and the CPU time each client
// spent (the rest of the wall time is the server's). Target: 4 in flight >= 5x boto3.
//
//   bench_bulk ENDPOINT [ITEMS]      (benchmarks/against_boto3.sh bulk starts a DynamoDB Local for it)
#include "server_users.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

using bench::User;

namespace {
double process_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct result {
    double items_per_second, cpu_seconds;
};

void expect_count(const dynorm::table<User>& users, std::size_t count) {
    const auto stored = static_cast<std::size_t>(users.count({.consistent_read = true}));
    if (stored != count) {
        std::fprintf(stderr, "table %s holds %zu items, expected %zu\n", users.name().c_str(), stored, count);
        std::exit(1);
    }
}
} // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_bulk ENDPOINT [ITEMS]\n");
        return 2;
    }
    const std::string endpoint = argv[1];
    const std::size_t count = argc > 2 ? std::stoul(argv[2]) : 10000;
    const dynorm::client db = bench::local_client(endpoint);
    std::vector<User> items;
    for (std::size_t i = 0; i < count; ++i) items.push_back(bench::make_user(i));

    const auto dynorm_load = [&](int in_flight) {
        const auto users = bench::fresh_table<User>(db, "bulk_bench_dynorm" + std::to_string(in_flight));
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = process_cpu_seconds();
        {
            auto batch = users.batch_writer({.max_in_flight = in_flight});
            for (const User& u : items) batch.put(u);
            batch.flush();
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double cpu = process_cpu_seconds() - cpu_start;
        expect_count(users, count);
        users.drop();
        return result{static_cast<double>(count) / seconds, cpu};
    };
    dynorm_load(4); // warms the server up (its JIT), so that the first measured load isn't penalized
    const result one = dynorm_load(1);
    const result four = dynorm_load(4);
    const result sixteen = dynorm_load(16);
    const result sixty_four = dynorm_load(64);

    // boto3 on a table of its own, timed by the script itself
    const auto reference = bench::fresh_table<User>(db, "bulk_bench_boto3");
    const std::string command = "/usr/bin/python3 " + std::string(DYNORM_BENCHMARK_DIR) + "/boto3_bulk.py " + endpoint +
                                " " + reference.name() + " " + std::to_string(count);
    FILE* pipe = popen(command.c_str(), "r");
    result boto3{0, 0};
    if (!pipe || std::fscanf(pipe, "%lf %lf", &boto3.items_per_second, &boto3.cpu_seconds) != 2 || pclose(pipe) != 0 ||
        boto3.items_per_second <= 0) {
        std::fprintf(stderr, "the boto3 load failed\n");
        return 1;
    }
    expect_count(reference, count);
    reference.drop();

    std::printf("%-34s %10s %9s %13s %9s\n", ("bulk load of " + std::to_string(count) + " items").c_str(), "items/s",
                "vs boto3", "client CPU s", "less CPU");
    const auto row = [&](const char* name, const result& r) {
        std::printf("%-34s %10.0f %8.2fx %13.3f %8.2fx\n", name, r.items_per_second,
                    r.items_per_second / boto3.items_per_second, r.cpu_seconds, boto3.cpu_seconds / r.cpu_seconds);
    };
    row("boto3 Table.batch_writer", boto3);
    row("dynorm batch_writer, 1 in flight", one);
    row("dynorm batch_writer, 4 in flight", four);
    row("dynorm batch_writer, 16 in flight", sixteen);
    row("dynorm batch_writer, 64 in flight", sixty_four);
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
