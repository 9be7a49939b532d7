#pragma once
// What the request benchmarks (roundtrip.cpp, async.cpp) share: the users item, the canned GetItem
// answer of the local server, and the request bare libcurl sends as the reference -- the same
// bytes dynorm sends for users.get("janedoe", "Doe"), signed once.

#include <dynorm/dynorm.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bench {

struct Address {
    std::string road, city, state;
    int zipcode = 0;
};
struct User {
    std::string username, last_name, first_name;
    int age = 0;
    std::string account_type;
    std::optional<Address> address;
};

} // namespace bench

template <>
struct dynorm::schema<bench::User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &bench::User::username;
    static constexpr auto range_key = &bench::User::last_name;
};

namespace bench {

inline const std::string& canned_get_item_body() {
    static const std::string body =
        "{\"Item\":" +
        dynorm::encode_item(User{"janedoe", "Doe", "Jane", 25, "standard_user",
                                 Address{"1 Jefferson Street", "Los Angeles", "CA", 90001}}) +
        "}";
    return body;
}

struct signed_request {
    std::string body;
    std::vector<std::string> headers; // "Name: value" lines for curl, Expect: included
};

// GetItem of ("janedoe", "Doe") for `endpoint` (http://host:port), signed now.
inline signed_request signed_get_item(const std::string& endpoint, const dynorm::credentials& credentials) {
    signed_request out;
    out.body = R"({"TableName":"users","Key":{"username":{"S":"janedoe"},"last_name":{"S":"Doe"}}})";
    const std::string date = dynorm::sigv4::amz_date(std::chrono::system_clock::now());
    dynorm::sigv4::request req;
    req.headers = {{"host", endpoint.substr(endpoint.find("//") + 2)},
                   {"content-type", "application/x-amz-json-1.0"},
                   {"x-amz-date", date},
                   {"x-amz-target", "DynamoDB_20120810.GetItem"}};
    req.payload = out.body;
    const auto signature = dynorm::sigv4::signer{}.sign(req, credentials, "us-east-1", "dynamodb", date);
    out.headers = {"Content-Type: application/x-amz-json-1.0", "X-Amz-Target: DynamoDB_20120810.GetItem",
                   "X-Amz-Date: " + date, "Authorization: " + signature.authorization, "Expect:"};
    return out;
}

} // namespace bench
