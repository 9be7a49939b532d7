#pragma once
// What the benchmarks against a local server share: the users-like item (the boto3 scripts build
// the same ones), and a client for the server's endpoint.
#include <dynorm/dynorm.hpp>

#include <cstddef>
#include <string>

namespace bench {

struct User {
    std::string username;
    std::string last_name;
    std::string first_name;
    int age = 0;
    std::string account_type;
    struct Address {
        std::string road, city, state;
        int zipcode = 0;
    } address;
};

inline User make_user(std::size_t i) {
    return {"user" + std::to_string(i), "Last" + std::to_string(i % 997), "First", static_cast<int>(18 + i % 60),
            i % 3 ? "standard_user" : "super_user",
            {std::to_string(i) + " Jefferson Street", "Los Angeles", "CA", static_cast<int>(90000 + i % 1000)}};
}

inline dynorm::client local_client(const std::string& endpoint) {
    dynorm::client_config config;
    config.endpoint = endpoint;
    config.region = "us-east-1";
    config.credentials = dynorm::credentials{"dynormlocal", "dynormlocal", ""};
    return dynorm::client(config);
}

// A new empty on-demand table under this name (an old one is dropped first).
template <class T>
dynorm::table<T> fresh_table(const dynorm::client& db, const std::string& name) {
    const auto users = db.table<T>(name);
    try {
        users.drop();
        users.wait_until_not_exists();
    } catch (const dynorm::resource_not_found&) {
    }
    users.create(dynorm::on_demand);
    users.wait_until_exists();
    return users;
}

} // namespace bench

template <>
struct dynorm::schema<bench::User> {
    static constexpr std::string_view table = "bench_users";
    static constexpr auto hash_key = &bench::User::username;
    static constexpr auto range_key = &bench::User::last_name;
};
