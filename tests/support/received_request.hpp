#pragma once
// A request as a test's scripted server saw it, over a socket (fake_http_server.hpp) or in memory
// (scripted_engine.hpp).

#include <map>
#include <string>

namespace dynorm_test {

struct received_request {
    std::string method;                         // over a socket only
    std::string path;                           // as in the request line, with the query
    std::string target;                         // X-Amz-Target
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
};

} // namespace dynorm_test
