#pragma once
// An engine without a network, for tests: each request is answered by a function of the request
// (a scripted server in memory), and every request is kept for inspection. Used through
// dynorm::client(config, engine) or dynorm::transport(config, {}, engine); the transport signs,
// retries and checks CRCs as it does over libcurl.

#include <dynorm/version.hpp>
#include <dynorm/wire/engine.hpp>

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class memory_engine : public http_engine {
public:
    // A request as the engine saw it (the body copied: the caller's is gone once answered).
    struct request {
        std::string action;
        std::string body;
        std::vector<std::string> headers;
        std::string url; // empty: the client's endpoint; else the account-ID endpoint it chose
    };
    using responder = std::function<http_response(const request&)>;

    explicit memory_engine(responder respond) : respond_(std::move(respond)) {}

    // A 200 response with this body; a response with this status, body and error type.
    static http_response ok(std::string body) { return reply(200, std::move(body)); }
    static http_response reply(long status, std::string body, std::string error_type = {}) {
        http_response r;
        r.status = status;
        r.body = std::move(body);
        r.error_type = std::move(error_type);
        return r;
    }
    // No response: what a dropped connection (or a timeout) looks like to the transport.
    static http_response no_response(std::string kind = "ConnectionError") {
        http_response r;
        r.error_type = std::move(kind);
        r.body = "no response (in-memory engine)";
        return r;
    }

    http_response perform(const prepared_request& r) override {
        request copy{r.action, std::string(r.body), r.headers, std::string(r.url)};
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(copy);
        }
        return respond_(copy);
    }

    std::vector<request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::size_t request_count() const {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }

private:
    responder respond_;
    mutable std::mutex mutex_;
    std::vector<request> requests_;
};

} // namespace dynorm
