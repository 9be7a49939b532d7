#pragma once
// A scripted DynamoDB in memory: dynorm::memory_engine answering from a script of responses, then
// a fallback, for api tests whose point is what dynorm sends and how it reads answers, not a
// socket (the fake HTTP server in fake_http_server.hpp is for the tests where the socket is the
// point: broken connections, timeouts, keep-alive).

#include <dynorm/client.hpp>
#include <dynorm/wire/detail/crc32.hpp>
#include <dynorm/wire/memory_engine.hpp>

#include "support/received_request.hpp"

#include <cctype>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dynorm_test {

struct scripted_reply {
    int status = 200;
    std::string body = "{}";
    std::optional<std::string> crc32; // x-amz-crc32; default: none sent
    bool no_response = false;         // the connection failed before an answer
};

class scripted_engine {
public:
    scripted_engine()
        : engine_(std::make_shared<dynorm::memory_engine>(
              [this](const dynorm::memory_engine::request& r) { return answer(r); })) {}
    scripted_engine(const scripted_engine&) = delete;
    scripted_engine& operator=(const scripted_engine&) = delete;

    // A configuration for clients of this engine (any credentials do; nothing leaves the process).
    static dynorm::client_config client_config() {
        dynorm::client_config c;
        c.endpoint = "http://in-memory.invalid";
        c.region = "us-east-1";
        c.credentials = dynorm::credentials{"AKIDEXAMPLE", "secret-key", ""};
        c.transient_backoff_base = std::chrono::milliseconds(1);
        c.throttling_backoff_base = std::chrono::milliseconds(1);
        return c;
    }
    dynorm::client client(const dynorm::client_config& config = client_config(),
                          std::function<void(const dynorm::retry_event&)> on_retry = {}) const {
        return dynorm::client(config, engine_, std::move(on_retry));
    }

    // Responses for the next requests, in order; afterwards the fallback answers.
    void script(std::vector<scripted_reply> replies) {
        std::lock_guard lock(mutex_);
        for (auto& r : replies) script_.push_back(std::move(r));
    }
    void set_fallback(scripted_reply r) {
        std::lock_guard lock(mutex_);
        fallback_ = std::move(r);
    }
    std::vector<received_request> requests() const {
        std::vector<received_request> out;
        for (const auto& r : engine_->requests()) {
            received_request e;
            e.body = r.body;
            for (const std::string& line : r.headers) {
                const auto colon = line.find(':');
                std::string name = line.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                e.headers[name] = line.substr(colon + 2);
            }
            e.target = e.headers["x-amz-target"];
            out.push_back(std::move(e));
        }
        return out;
    }
    std::size_t request_count() const { return engine_->request_count(); }

private:
    dynorm::http_response answer(const dynorm::memory_engine::request&) {
        scripted_reply reply;
        {
            std::lock_guard lock(mutex_);
            if (script_.empty()) {
                reply = fallback_;
            } else {
                reply = std::move(script_.front());
                script_.pop_front();
            }
        }
        if (reply.no_response) return dynorm::memory_engine::no_response();
        dynorm::http_response r = dynorm::memory_engine::reply(reply.status, std::move(reply.body));
        if (reply.crc32) r.crc32 = *reply.crc32;
        return r;
    }

    std::shared_ptr<dynorm::memory_engine> engine_;
    mutable std::mutex mutex_;
    std::deque<scripted_reply> script_;
    scripted_reply fallback_;
};

} // namespace dynorm_test
