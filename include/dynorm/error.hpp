#pragma once
// The exceptions dynorm throws. Every one derives from dynorm::error.
//
//  - service errors (a DynamoDB error response) carry the error code, the message,
//    the HTTP status and the request id; one class per code a user is likely to catch;
//  - client-side errors are thrown before anything is sent (encode_error, config_error)
//    or when a response does not fit the C++ type it is read into (decode_error);
//  - transport_error: the request could not be completed (connection, timeout, CRC).
// No message ever contains a secret key, a session token or a signature.

#include <dynorm/version.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An error response from DynamoDB (or a compatible server).
class service_error : public error {
public:
    service_error(std::string code, std::string message, int http_status, std::string request_id)
        : error("dynorm: " + code + ": " + message + " (HTTP " + std::to_string(http_status) +
                (request_id.empty() ? std::string() : ", request id " + request_id) + ")"),
          code_(std::move(code)), message_(std::move(message)), http_status_(http_status),
          request_id_(std::move(request_id)) {}

    // The DynamoDB error code, e.g. "ConditionalCheckFailedException".
    const std::string& code() const noexcept { return code_; }
    // The service's own message, e.g. "The conditional request failed".
    const std::string& message() const noexcept { return message_; }
    int http_status() const noexcept { return http_status_; }
    const std::string& request_id() const noexcept { return request_id_; }

private:
    std::string code_, message_;
    int http_status_;
    std::string request_id_;
};

class conditional_check_failed : public service_error {
public:
    using service_error::service_error;
};
class resource_not_found : public service_error {
public:
    using service_error::service_error;
};
class resource_in_use : public service_error {
public:
    using service_error::service_error;
};
class validation_error : public service_error {
public:
    using service_error::service_error;
};
// Throttling that outlasted the retry policy (ProvisionedThroughputExceeded, ThrottlingException, ...).
class throttled : public service_error {
public:
    using service_error::service_error;
};
class access_denied : public service_error {
public:
    using service_error::service_error;
};

// transaction_canceled, with its cancellation reasons: dynorm/protocol/transaction_canceled.hpp.

// The request never got a usable response: connection refused or reset, timeout, CRC mismatch,
// a malformed response. Thrown once retries are exhausted.
class transport_error : public error {
public:
    using error::error;
};

// An asynchronous operation ended before its result: cancelled (operation::cancel, its stop
// token), or its client went away while it was in flight.
class cancelled : public error {
public:
    using error::error;
};

// Configuration or credentials could not be resolved.
class config_error : public error {
public:
    using error::error;
};

// A credentials source that is configured but failed (a profile that doesn't parse, a helper
// process that exits 1, STS refusing the role). source() names it; no secret is in the message.
class credentials_error : public config_error {
public:
    credentials_error(std::string source, const std::string& why)
        : config_error("dynorm: credentials from " + source + ": " + why), source_(std::move(source)) {}
    const std::string& source() const noexcept { return source_; }

private:
    std::string source_;
};

// A C++ value that DynamoDB cannot store (NaN, number out of range, invalid UTF-8, an empty
// key, an item over 400 KB ...). Thrown before anything is sent.
class encode_error : public error {
public:
    encode_error(std::string what, std::string path = {})
        : error(""), what_(std::move(what)), path_(std::move(path)) {
        rebuild();
    }
    const char* what() const noexcept override { return full_.c_str(); }
    // The attribute path, e.g. "address.zipcode" or "tags[3]"; empty for the whole item.
    const std::string& path() const noexcept { return path_; }
    void prepend(std::string_view segment) {
        prepend_path(path_, segment);
        rebuild();
    }

    static void prepend_path(std::string& path, std::string_view segment) {
        if (path.empty())
            path = segment;
        else if (path.front() == '[')
            path.insert(0, segment);
        else
            path.insert(0, std::string(segment) + ".");
    }

private:
    void rebuild() { full_ = "dynorm: " + what_ + (path_.empty() ? "" : " at " + path_); }
    std::string what_, path_, full_;
};

// A response value that does not fit the C++ member it is read into: a type mismatch, a number
// out of range, a missing attribute. Never a silent truncation.
class decode_error : public error {
public:
    decode_error(std::string what, std::string path = {})
        : error(""), what_(std::move(what)), path_(std::move(path)) {
        rebuild();
    }
    const char* what() const noexcept override { return full_.c_str(); }
    const std::string& path() const noexcept { return path_; }
    void prepend(std::string_view segment) {
        encode_error::prepend_path(path_, segment);
        rebuild();
    }

private:
    void rebuild() { full_ = "dynorm: " + what_ + (path_.empty() ? "" : " at " + path_); }
    std::string what_, path_, full_;
};

} // namespace dynorm
