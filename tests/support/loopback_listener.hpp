#pragma once
// A TCP listener on 127.0.0.1 for the tests' scripted server and fault proxy: each accepted
// connection is served by the handler on a thread of its own; destruction stops accepting, shuts
// every tracked socket down (so blocked handlers return) and joins the threads. Declare it as the
// owner's last member, so it stops before what its handlers use is destroyed.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dynorm_test {

inline sockaddr_in loopback_address(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    return addr;
}

// Appends what fd has to read; false on end of stream, an error, or nothing within the timeout.
inline bool read_more(int fd, std::string& buffer, int timeout_ms = 30000) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char chunk[65536];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
}

inline bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

class loopback_listener {
public:
    explicit loopback_listener(std::function<void(int)> handler) : handler_(std::move(handler)) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (listen_fd_ < 0) throw std::runtime_error("socket failed");
        const int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr = loopback_address(0);
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0)
            throw std::runtime_error("bind/listen failed");
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~loopback_listener() {
        stop_ = true;
        acceptor_.join();
        {
            std::lock_guard lock(mutex_);
            for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);
        }
        for (auto& t : workers_) t.join();
        ::close(listen_fd_);
    }
    loopback_listener(const loopback_listener&) = delete;
    loopback_listener& operator=(const loopback_listener&) = delete;

    int port() const noexcept { return port_; }
    std::size_t accepted() const noexcept { return accepted_.load(); }

    // Sockets a handler opens itself (an upstream connection) are shut down on destruction too.
    void track(int fd) {
        std::lock_guard lock(mutex_);
        open_.push_back(fd);
    }
    // Closes a socket (the handler's own connection, or one it tracked).
    void close(int fd) {
        std::lock_guard lock(mutex_);
        std::erase(open_, fd);
        ::close(fd);
    }

private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listen_fd_, nullptr, nullptr);
            if (fd < 0) continue;
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            ++accepted_;
            std::lock_guard lock(mutex_);
            open_.push_back(fd);
            workers_.emplace_back([this, fd] { handler_(fd); });
        }
    }

    std::function<void(int)> handler_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> accepted_{0};
    std::thread acceptor_;
    std::mutex mutex_;
    std::vector<int> open_;
    std::vector<std::thread> workers_;
};

} // namespace dynorm_test
