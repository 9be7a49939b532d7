#pragma once
// A small scripted HTTP/1.1 server on 127.0.0.1 for transport tests and the round-trip benchmark:
// answers each request with the next scripted response (or the fallback, or what a responder
// function makes of the request), keeps connections
// alive, and can misbehave on purpose (wrong CRC32, connection closed mid-body, slow answer).

#include "support/loopback_listener.hpp"
#include "support/received_request.hpp"

#include <dynorm/wire/config.hpp>
#include <dynorm/wire/detail/crc32.hpp>


#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace dynorm_test {

struct scripted_response {
    int status = 200;
    std::string body = "{}";
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<std::string> crc32;         // default: the body's correct CRC32
    std::chrono::milliseconds delay{0};       // wait before answering
    bool close_mid_body = false;              // send half the body, then close the connection
    bool drop_after_request = false;          // read the request, close without any answer
};

class fake_http_server {
public:
    fake_http_server() = default;
    fake_http_server(const fake_http_server&) = delete;
    fake_http_server& operator=(const fake_http_server&) = delete;

    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }

    // A client configuration that talks to this server (any credentials do).
    dynorm::client_config client_config() const {
        dynorm::client_config c;
        c.endpoint = endpoint();
        c.region = "us-east-1";
        c.credentials = dynorm::credentials{"AKIDEXAMPLE", "secret-key", ""};
        return c;
    }

    // Responses for the next requests, in order; afterwards the fallback answers.
    void script(std::vector<scripted_response> responses) {
        std::lock_guard lock(mutex_);
        for (auto& r : responses) script_.push_back(std::move(r));
    }
    void clear_script() {
        std::lock_guard lock(mutex_);
        script_.clear();
    }
    void forget_requests() {
        std::lock_guard lock(mutex_);
        requests_.clear();
    }
    // Answers every request from now on by what it asks (a recorded exchange, say).
    void set_responder(std::function<scripted_response(const received_request&)> responder) {
        std::lock_guard lock(mutex_);
        responder_ = std::move(responder);
    }
    void set_fallback(scripted_response r) {
        std::lock_guard lock(mutex_);
        fallback_ = std::move(r);
    }
    std::vector<received_request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::size_t request_count() const {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }
    // Connections accepted so far (keep-alive reuses them).
    std::size_t connection_count() const { return listener_.accepted(); }

private:
    void serve(int fd) {
        std::string buffer;
        for (;;) {
            std::size_t header_end;
            while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos)
                if (!read_more(fd, buffer)) return finish(fd);
            received_request request;
            std::size_t content_length = 0;
            const std::size_t request_line_end = buffer.find("\r\n");
            const std::string request_line = buffer.substr(0, request_line_end);
            request.method = request_line.substr(0, request_line.find(' '));
            request.path = request_line.substr(request.method.size() + 1,
                                               request_line.rfind(' ') - request.method.size() - 1);
            std::size_t line_start = request_line_end + 2;
            while (line_start < header_end) {
                const std::size_t line_end = buffer.find("\r\n", line_start);
                const std::string line = buffer.substr(line_start, line_end - line_start);
                const std::size_t colon = line.find(':');
                std::string name = line.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::string value = line.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.erase(0, 1);
                if (name == "content-length") content_length = std::stoul(value);
                if (name == "x-amz-target") request.target = value;
                request.headers[name] = value;
                line_start = line_end + 2;
            }
            while (buffer.size() < header_end + 4 + content_length)
                if (!read_more(fd, buffer)) return finish(fd);
            request.body = buffer.substr(header_end + 4, content_length);
            buffer.erase(0, header_end + 4 + content_length);

            scripted_response response;
            {
                std::lock_guard lock(mutex_);
                if (responder_) {
                    response = responder_(request);
                } else if (!script_.empty()) {
                    response = std::move(script_.front());
                    script_.pop_front();
                } else {
                    response = fallback_;
                }
                requests_.push_back(std::move(request));
            }
            if (response.drop_after_request) return finish(fd);
            if (response.delay.count() > 0) std::this_thread::sleep_for(response.delay);
            std::string head = "HTTP/1.1 " + std::to_string(response.status) + " X\r\n" +
                               "Content-Type: application/x-amz-json-1.0\r\n" +
                               "Content-Length: " + std::to_string(response.body.size()) + "\r\n" +
                               "x-amzn-RequestId: fake-" + std::to_string(request_count()) + "\r\n" +
                               "x-amz-crc32: " +
                               response.crc32.value_or(std::to_string(dynorm::detail::crc32(response.body))) + "\r\n";
            for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
            head += "\r\n";
            if (response.close_mid_body) {
                send_all(fd, head + response.body.substr(0, response.body.size() / 2));
                return finish(fd);
            }
            send_all(fd, head + response.body);
        }
    }

    void finish(int fd) { listener_.close(fd); }

    mutable std::mutex mutex_;
    std::deque<scripted_response> script_;
    scripted_response fallback_;
    std::function<scripted_response(const received_request&)> responder_;
    std::vector<received_request> requests_;
    loopback_listener listener_{[this](int fd) { serve(fd); }}; // last: stops first
};

} // namespace dynorm_test
