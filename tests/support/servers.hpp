#pragma once
// Integration-test fixture: the local DynamoDB servers started by scripts/test (their endpoints
// come in DYNORM_TEST_DYNAMODB_LOCAL and DYNORM_TEST_DYNALITE), a client for each, and tables
// with unique names that are dropped afterwards, so tests are independent and run in parallel.

#include <dynorm/dynorm.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace dynorm_test {

struct server {
    std::string name;     // "dynamodb-local" or "dynalite"
    std::string endpoint; // "http://127.0.0.1:PORT"
};

// Both servers; a missing variable fails the test (run the suite through scripts/test).
inline std::vector<server> servers() {
    std::vector<server> out;
    for (const auto& [name, variable] :
         {std::pair{"dynamodb-local", "DYNORM_TEST_DYNAMODB_LOCAL"}, std::pair{"dynalite", "DYNORM_TEST_DYNALITE"}}) {
        const char* endpoint = std::getenv(variable);
        if (!endpoint || !*endpoint)
            FAIL(std::string(variable) + " is not set: run the tests through scripts/test, which starts the servers");
        out.push_back({name, endpoint});
    }
    return out;
}

inline dynorm::client_config config_for(const server& s) {
    dynorm::client_config config;
    config.endpoint = s.endpoint;
    config.region = "us-east-1";
    config.credentials = dynorm::credentials{"dynormlocal", "dynormlocal", ""};
    return config;
}

inline dynorm::client client_for(const server& s) { return dynorm::client(config_for(s)); }

// "dynorm-<prefix>-<pid>-<counter>-<random>": unique across parallel test processes.
inline std::string unique_table_name(const std::string& prefix) {
    static std::atomic<int> counter{0};
    static const unsigned salt = std::random_device{}();
    return "dynorm-" + prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
           "-" + std::to_string(salt % 100000);
}

// A freshly created table of T under a unique name, dropped when the scope ends.
template <class T>
class scoped_table {
public:
    scoped_table(const dynorm::client& db, const std::string& prefix)
        : table_(db.table<T>(unique_table_name(prefix))) {
        table_.create(dynorm::provisioned{5, 5});
        table_.wait_until_exists();
    }
    ~scoped_table() {
        try {
            table_.drop();
        } catch (...) { // a failed drop must not hide the test's own result
        }
    }
    scoped_table(const scoped_table&) = delete;
    scoped_table& operator=(const scoped_table&) = delete;

    const dynorm::table<T>& operator*() const { return table_; }
    const dynorm::table<T>* operator->() const { return &table_; }

private:
    dynorm::table<T> table_;
};

} // namespace dynorm_test
