#pragma once
// A small forward proxy on 127.0.0.1 for the proxy tests: requests in absolute form
// ("POST http://host:port/ HTTP/1.1") are sent on to that host and its answer relayed;
// CONNECT host:port opens a tunnel when the host is 127.0.0.1 and is refused (502) otherwise,
// since tests never reach the internet. Every request line it saw is kept.

#include "support/loopback_listener.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dynorm_test {

class forward_proxy {
public:
    forward_proxy() = default;
    forward_proxy(const forward_proxy&) = delete;
    forward_proxy& operator=(const forward_proxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }
    std::vector<std::string> request_lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }

private:
    // Copies bytes from one socket to the other until either side closes.
    static void relay(int from, int to) {
        std::string chunk;
        while (read_more(from, chunk, 60000)) {
            if (!send_all(to, chunk)) break;
            chunk.clear();
        }
        ::shutdown(to, SHUT_WR);
    }

    int connect_local(int port) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr = loopback_address(port);
        if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            if (fd >= 0) ::close(fd);
            return -1;
        }
        listener_.track(fd);
        return fd;
    }

    void serve(int client) {
        std::string buffer;
        std::size_t head_end;
        while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos)
            if (!read_more(client, buffer)) return listener_.close(client);
        const std::string line = buffer.substr(0, buffer.find("\r\n"));
        {
            std::lock_guard lock(mutex_);
            lines_.push_back(line);
        }
        const std::string method = line.substr(0, line.find(' '));
        const std::string target = line.substr(method.size() + 1, line.rfind(' ') - method.size() - 1);
        if (method == "CONNECT") {
            const std::string host = target.substr(0, target.rfind(':'));
            const int upstream = host == "127.0.0.1" ? connect_local(std::stoi(target.substr(target.rfind(':') + 1))) : -1;
            if (upstream < 0) {
                send_all(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return listener_.close(client);
            }
            send_all(client, "HTTP/1.1 200 Connection established\r\n\r\n");
            send_all(upstream, buffer.substr(head_end + 4));
            std::thread back([&] { relay(upstream, client); });
            relay(client, upstream);
            back.join();
            listener_.close(upstream);
            return listener_.close(client);
        }
        // "http://127.0.0.1:PORT/path": forward in origin form, one request per connection.
        const std::size_t authority = target.find("://") + 3;
        const std::size_t path_at = target.find('/', authority);
        const std::string host_port = target.substr(authority, path_at - authority);
        const int upstream = connect_local(std::stoi(host_port.substr(host_port.rfind(':') + 1)));
        if (upstream < 0) {
            send_all(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return listener_.close(client);
        }
        std::string forwarded = method + " " + target.substr(path_at) + line.substr(line.rfind(' ')) +
                                buffer.substr(line.size(), head_end - line.size()) + "\r\nConnection: close\r\n\r\n" +
                                buffer.substr(head_end + 4);
        send_all(upstream, forwarded);
        std::thread up([&] { relay(client, upstream); });
        relay(upstream, client);
        ::shutdown(client, SHUT_RDWR); // one request per connection: the client reconnects
        up.join();
        listener_.close(upstream);
        listener_.close(client);
    }

    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    loopback_listener listener_{[this](int fd) { serve(fd); }}; // last: stops first
};

} // namespace dynorm_test
