#pragma once
// The seam between the transport and what moves bytes. The transport prepares a signed request
// (dynorm/wire/prepared_request.hpp), hands it to an engine, and applies the retry policy to what
// comes back; an engine sends one request and returns one response, never retrying. Engines: the
// blocking libcurl one (dynorm/wire/curl_engine.hpp, the default) and an in-memory one for tests
// (dynorm/wire/memory_engine.hpp); an asynchronous engine plugs in here too.

#include <dynorm/version.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// Bytes kept free after a response body so simdjson can read it in place.
inline constexpr std::size_t response_padding = 64;

struct http_response {
    long status = 0;          // 0: no response (error_type says why, body has the message)
    std::string body;         // capacity >= size + response_padding once the transport has it
    std::string request_id;   // x-amzn-RequestId
    std::string error_type;   // X-Amzn-ErrorType; with status 0: ConnectionError, Timeout, TLSVerificationFailed
    std::string crc32;        // x-amz-crc32
    std::optional<long> retry_after_ms;
    int attempts = 1;
};

// One signed DynamoDB request, ready to send: POST / with these headers and this body.
struct prepared_request {
    std::string action;               // PutItem, Query, ...
    // Empty: the engine's endpoint; else an account-ID endpoint's URL, a NUL-terminated string the
    // transport keeps alive until the response is in (no copy per request).
    std::string_view url;
    std::string_view body;            // the caller's, alive until the response is in
    std::vector<std::string> headers; // "Name: value" lines, the signature's included
};

class http_engine {
public:
    virtual ~http_engine() = default;
    // Sends the request and waits for the response, or for the failure that ended it (status 0).
    virtual http_response perform(const prepared_request& request) = 0;
};

} // namespace dynorm
