#pragma once
// A fault-injecting HTTP/1.1 proxy on 127.0.0.1, put in front of a real DynamoDB server for the
// fault tests. Each request from a client is counted, then, as a seeded random draw decides:
// passed through; answered by the proxy itself with a 500 or a throttling error (the server never
// sees it); the connection reset before the request is forwarded, or after the server answered
// (the write happened, the client can't know); the response cut in the middle of its body, given
// a wrong x-amz-crc32, or held back past the client's timeout; or, for BatchWriteItem and
// BatchGetItem, only part of the batch forwarded and the rest answered as unprocessed.

#include "support/loopback_listener.hpp"

#include <dynorm/codec/value.hpp>
#include <dynorm/wire/detail/crc32.hpp>

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace dynorm_test {

enum class fault { none, server_error, throttle, reset_before, reset_after, truncate, bad_crc, timeout, partial_batch };

inline const char* fault_name(fault f) {
    constexpr const char* names[] = {"none",      "server_error", "throttle", "reset_before", "reset_after",
                                     "truncate", "bad_crc",      "timeout",  "partial_batch"};
    return names[static_cast<int>(f)];
}

// Chances of each fault per request (the rest pass through).
struct fault_mix {
    double server_error = 0, throttle = 0, reset_before = 0, reset_after = 0, truncate = 0, bad_crc = 0,
           timeout = 0, partial_batch = 0;
    // The same chance for every kind, `total` in all.
    static fault_mix even(double total) {
        const double each = total / 8;
        return {each, each, each, each, each, each, each, each};
    }
};

class fault_proxy {
public:
    // upstream: "http://127.0.0.1:PORT"; held_back: how long a `timeout` fault holds a response.
    fault_proxy(const std::string& upstream, fault_mix mix, std::uint64_t seed, std::chrono::milliseconds held_back)
        : mix_(mix), rng_(seed), held_back_(held_back), upstream_port_(std::stoi(upstream.substr(upstream.rfind(':') + 1))) {}
    fault_proxy(const fault_proxy&) = delete;
    fault_proxy& operator=(const fault_proxy&) = delete;

    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }
    // Requests that reached the proxy: every one a client put on the wire.
    std::size_t requests() const { return requests_.load(); }
    // How often each fault was injected.
    std::map<std::string, std::size_t> faults() const {
        std::lock_guard lock(mutex_);
        return injected_;
    }

private:
    struct message {
        std::string head; // start line and headers, without the final empty line
        std::string body;
    };

    // Calls f(lower-case name, whole line) for each header line of a message head.
    template <class F>
    static void for_each_header(const std::string& head, F&& f) {
        for (std::size_t at = head.find("\r\n"); at != std::string::npos && at + 2 < head.size();) {
            const std::size_t start = at + 2, end = head.find("\r\n", start);
            const std::string line = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
            std::string name = line.substr(0, line.find(':'));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            f(name, line);
            at = end;
        }
    }

    static std::optional<std::string> header(const std::string& head, std::string_view name) {
        std::optional<std::string> value;
        for_each_header(head, [&](const std::string& n, const std::string& line) {
            if (value || n != name) return;
            const std::size_t begin = line.find_first_not_of(' ', n.size() + 1);
            value = begin == std::string::npos ? std::string() : line.substr(begin);
        });
        return value;
    }

    static std::string without_headers(const std::string& head, std::initializer_list<std::string_view> names) {
        std::string out = head.substr(0, head.find("\r\n"));
        for_each_header(head, [&](const std::string& n, const std::string& line) {
            bool drop = false;
            for (const auto dropped : names) drop = drop || n == dropped;
            if (!drop) out += "\r\n" + line;
        });
        return out;
    }

    // One HTTP message (Content-Length or chunked body) from fd; buffer keeps what follows it.
    static std::optional<message> read_message(int fd, std::string& buffer) {
        std::size_t head_end;
        while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos)
            if (!read_more(fd, buffer)) return std::nullopt;
        message m{buffer.substr(0, head_end), {}};
        buffer.erase(0, head_end + 4);
        if (const auto length = header(m.head, "content-length")) {
            const std::size_t n = std::stoul(*length);
            while (buffer.size() < n)
                if (!read_more(fd, buffer)) return std::nullopt;
            m.body = buffer.substr(0, n);
            buffer.erase(0, n);
        } else if (const auto encoding = header(m.head, "transfer-encoding"); encoding && *encoding == "chunked") {
            for (;;) {
                std::size_t line_end;
                while ((line_end = buffer.find("\r\n")) == std::string::npos)
                    if (!read_more(fd, buffer)) return std::nullopt;
                const std::size_t n = std::stoul(buffer.substr(0, line_end), nullptr, 16);
                while (buffer.size() < line_end + 2 + n + 2)
                    if (!read_more(fd, buffer)) return std::nullopt;
                m.body += buffer.substr(line_end + 2, n);
                buffer.erase(0, line_end + 2 + n + 2);
                if (n == 0) break;
            }
            m.head = without_headers(m.head, {"transfer-encoding"});
        }
        return m;
    }

    static std::string with_body(const std::string& head, const std::string& body, std::optional<std::uint32_t> crc) {
        std::string out = without_headers(head, {"content-length", "x-amz-crc32"});
        out += "\r\nContent-Length: " + std::to_string(body.size());
        if (crc) out += "\r\nx-amz-crc32: " + std::to_string(*crc);
        return out + "\r\n\r\n" + body;
    }

    static std::string own_answer(int status, const std::string& code) {
        const std::string body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + code + R"(","message":"injected by the fault proxy"})";
        return with_body("HTTP/1.1 " + std::to_string(status) + " Injected\r\nContent-Type: application/x-amz-json-1.0",
                         body, dynorm::detail::crc32(body));
    }

    fault draw(bool batch) {
        std::lock_guard lock(mutex_);
        double x = std::uniform_real_distribution<double>(0, 1)(rng_);
        const std::pair<fault, double> chances[] = {
            {fault::server_error, mix_.server_error}, {fault::throttle, mix_.throttle},
            {fault::reset_before, mix_.reset_before}, {fault::reset_after, mix_.reset_after},
            {fault::truncate, mix_.truncate},         {fault::bad_crc, mix_.bad_crc},
            {fault::timeout, mix_.timeout},           {fault::partial_batch, batch ? mix_.partial_batch : 0.0}};
        fault f = fault::none;
        for (const auto& [kind, chance] : chances) {
            if (x < chance) {
                f = kind;
                break;
            }
            x -= chance;
        }
        ++injected_[fault_name(f)];
        return f;
    }

    // Splits a batch request: the part to forward, and per table the entries held back.
    static std::optional<std::pair<std::string, dynorm::value>> split_batch(const std::string& action, const std::string& body) {
        dynorm::value request = dynorm::value::from_json(body);
        dynorm::value held;
        bool any = false;
        for (auto& [table, entry] : request["RequestItems"].as_map()) {
            dynorm::value::list& items = action == "BatchWriteItem" ? entry.as_list() : entry["Keys"].as_list();
            if (items.size() < 2) continue;
            dynorm::value::list back(items.begin() + static_cast<std::ptrdiff_t>(items.size() / 2), items.end());
            items.resize(items.size() / 2);
            if (action == "BatchWriteItem") {
                held[table] = dynorm::value(std::move(back));
            } else {
                held[table] = entry;
                held[table]["Keys"] = dynorm::value(std::move(back));
            }
            any = true;
        }
        if (!any) return std::nullopt;
        return std::pair{request.to_json(), std::move(held)};
    }

    static std::string merge_unprocessed(const std::string& action, const std::string& response, const dynorm::value& held) {
        dynorm::value out = dynorm::value::from_json(response);
        dynorm::value& unprocessed = out[action == "BatchWriteItem" ? "UnprocessedItems" : "UnprocessedKeys"];
        for (const auto& [table, entry] : held.as_map()) {
            dynorm::value& mine = unprocessed[table];
            if (action == "BatchWriteItem") {
                if (mine.is_null()) mine = dynorm::value(dynorm::value::list{});
                for (const auto& e : entry.as_list()) mine.as_list().push_back(e);
            } else {
                if (mine.is_null()) mine = entry;
                else for (const auto& k : entry.at("Keys").as_list()) mine["Keys"].as_list().push_back(k);
            }
        }
        return out.to_json();
    }

    static void reset(int fd) {
        linger l{1, 0}; // close with RST, as a dropped connection looks to the client
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }

    void serve(int client) {
        int upstream = -1;
        std::string from_client, from_upstream;
        auto close_upstream = [&] {
            if (upstream < 0) return;
            listener_.close(upstream);
            upstream = -1;
            from_upstream.clear();
        };
        for (;;) {
            std::optional<message> request = read_message(client, from_client);
            if (!request) break;
            ++requests_;
            const std::string action = header(request->head, "x-amz-target").value_or("");
            const std::string short_action = action.substr(action.find('.') + 1);
            const fault f = draw(short_action == "BatchWriteItem" || short_action == "BatchGetItem");
            if (f == fault::server_error) {
                if (!send_all(client, own_answer(500, "InternalServerError"))) break;
                continue;
            }
            if (f == fault::throttle) {
                if (!send_all(client, own_answer(400, "ProvisionedThroughputExceededException"))) break;
                continue;
            }
            if (f == fault::reset_before) {
                reset(client);
                break;
            }
            std::optional<dynorm::value> held;
            std::string forwarded = request->body;
            if (f == fault::partial_batch) {
                if (auto split = split_batch(short_action, request->body)) {
                    forwarded = std::move(split->first);
                    held = std::move(split->second);
                }
            }
            if (upstream < 0) {
                upstream = ::socket(AF_INET, SOCK_STREAM, 0);
                listener_.track(upstream);
                sockaddr_in addr = loopback_address(upstream_port_);
                if (::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) break;
            }
            const std::string head = without_headers(request->head, {"content-length", "expect"}) +
                                     "\r\nContent-Length: " + std::to_string(forwarded.size()) + "\r\n\r\n";
            std::optional<message> response;
            if (send_all(upstream, head + forwarded)) response = read_message(upstream, from_upstream);
            if (!response) {
                close_upstream();
                reset(client);
                break;
            }
            if (header(response->head, "connection").value_or("") == "close") close_upstream();
            std::string body = response->body;
            if (held && response->head.find(" 200 ") != std::string::npos)
                body = merge_unprocessed(short_action, body, *held);
            const std::uint32_t crc = dynorm::detail::crc32(body);
            if (f == fault::reset_after) {
                reset(client);
                break;
            }
            if (f == fault::truncate) {
                const std::string whole = with_body(response->head, body, crc);
                send_all(client, std::string_view(whole).substr(0, whole.size() - body.size() / 2 - 1));
                reset(client);
                break;
            }
            if (f == fault::timeout) std::this_thread::sleep_for(held_back_);
            if (!send_all(client, with_body(response->head, body, f == fault::bad_crc ? crc + 1 : crc))) break;
            if (f == fault::timeout) break; // the client gave up on this connection
        }
        close_upstream();
        listener_.close(client);
    }

    fault_mix mix_;
    std::mt19937_64 rng_;
    std::chrono::milliseconds held_back_;
    int upstream_port_ = 0;
    std::atomic<std::size_t> requests_{0};
    mutable std::mutex mutex_;
    std::map<std::string, std::size_t> injected_;
    loopback_listener listener_{[this](int fd) { serve(fd); }}; // last: stops first
};

} // namespace dynorm_test
