// Full-table scan throughput against a DynamoDB-compatible server: dynorm sequential, dynorm with
// a parallel scan of 4 segments, and, in the same run, boto3's Table.scan loop over the same table
// (benchmarks/boto3_scan.py, run with /usr/bin/python3). Items/s for each and the ratios.
// Target: dynorm sequential >= 5x boto3.
//
//   bench_scan ENDPOINT [ITEMS]      (benchmarks/against_boto3.sh scan starts a DynamoDB Local for it)
#include "server_users.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

using bench::User;

template <class F>
double items_per_second(std::size_t expected, F scan) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t seen = scan();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seen != expected) {
        std::fprintf(stderr, "scan returned %zu items, expected %zu\n", seen, expected);
        std::exit(1);
    }
    return static_cast<double>(seen) / seconds;
}

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_scan ENDPOINT [ITEMS]\n");
        return 2;
    }
    const std::string endpoint = argv[1];
    const std::size_t count = argc > 2 ? std::stoul(argv[2]) : 100000;
    const dynorm::client db = bench::local_client(endpoint);
    const auto users = bench::fresh_table<User>(db, "scan_bench_" + std::to_string(count));
    {
        auto batch = users.batch_writer();
        for (std::size_t i = 0; i < count; ++i) batch.put(bench::make_user(i));
    }

    // The client's own CPU time during the sequential scan: the rest of the wall time is the
    // server's (each page needs the previous page's LastEvaluatedKey, so a sequential scan waits).
    timespec cpu_start{}, cpu_end{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_start);
    const auto wall_start = std::chrono::steady_clock::now();
    const double sequential = items_per_second(count, [&] {
        std::size_t n = 0;
        for (const User& u : users.scan()) n += !u.username.empty();
        return n;
    });
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_end);
    const double cpu = static_cast<double>(cpu_end.tv_sec - cpu_start.tv_sec) +
                       static_cast<double>(cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e9;
    const double parallel = items_per_second(count, [&] {
        std::size_t n = 0;
        for (const User& u : users.parallel_scan(4)) n += !u.username.empty();
        return n;
    });

    // boto3 on the same table, timed by the script itself
    const std::string command = "/usr/bin/python3 " + std::string(DYNORM_BENCHMARK_DIR) + "/boto3_scan.py " + endpoint +
                                " " + users.name() + " " + std::to_string(count);
    FILE* pipe = popen(command.c_str(), "r");
    double boto3 = 0;
    if (!pipe || std::fscanf(pipe, "%lf", &boto3) != 1 || pclose(pipe) != 0 || boto3 <= 0) {
        std::fprintf(stderr, "the boto3 scan failed\n");
        return 1;
    }
    std::printf("%-28s %12s %10s\n", ("scan of " + std::to_string(count) + " items").c_str(), "items/s", "vs boto3");
    std::printf("%-28s %12.0f %9.2fx\n", "boto3 Table.scan loop", boto3, 1.0);
    std::printf("%-28s %12.0f %9.2fx\n", "dynorm scan", sequential, sequential / boto3);
    std::printf("%-28s %12.0f %9.2fx\n", "dynorm parallel_scan(4)", parallel, parallel / boto3);
    std::printf("sequential scan: %.2f s wall, %.2f s of it dynorm's CPU (signing, transport, decoding)\n", wall, cpu);
    users.drop();
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
