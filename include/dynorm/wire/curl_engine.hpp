#pragma once
// The blocking engine: one curl_easy_perform per request on pooled easy handles, whose idle
// connections stay alive between requests. Safe to call from several threads at once (each
// call takes its own handle).

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/http_client.hpp>

#include <curl/curl.h>

#include <cctype>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

namespace detail {

struct curl_deleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using curl_handle = std::unique_ptr<CURL, curl_deleter>;

// Idle easy handles keep their connections alive between requests. A new handle gets the
// options that never change (set once, not on every request).
class handle_pool {
public:
    handle_pool(std::size_t max_idle, std::function<void(CURL*)> setup)
        : max_idle_(max_idle), setup_(std::move(setup)) {}
    curl_handle acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                curl_handle h = std::move(idle_.back());
                idle_.pop_back();
                return h;
            }
        }
        CURL* h = curl_easy_init();
        if (!h) throw transport_error("dynorm: curl_easy_init failed");
        curl_handle handle(h);
        setup_(h);
        return handle;
    }
    void release(curl_handle h) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < max_idle_) idle_.push_back(std::move(h));
    }

private:
    std::mutex mutex_;
    std::vector<curl_handle> idle_;
    std::size_t max_idle_;
    std::function<void(CURL*)> setup_;
};

inline bool header_is(std::string_view line, std::string_view name, std::string_view& value) {
    if (line.size() <= name.size() || line[name.size()] != ':') return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
    value = line.substr(name.size() + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
    return true;
}

inline std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<http_response*>(user)->body.append(data, size * count);
    return size * count;
}

inline std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<http_response*>(user);
    const std::string_view line(data, size * count);
    std::string_view v;
    if (line.rfind("HTTP/", 0) == 0) { // a new response (after a 100 Continue, say)
        r->request_id.clear();
        r->error_type.clear();
        r->crc32.clear();
        r->retry_after_ms.reset();
    } else if (header_is(line, "x-amzn-requestid", v)) r->request_id = v;
    else if (header_is(line, "x-amzn-errortype", v)) r->error_type = v;
    else if (header_is(line, "x-amz-crc32", v)) r->crc32 = v;
    else if (header_is(line, "x-amz-retry-after", v)) {
        char* end = nullptr;
        const std::string text(v);
        const long ms = std::strtol(text.c_str(), &end, 10);
        if (end != text.c_str() && ms >= 0) r->retry_after_ms = ms;
    }
    return size * count;
}

// libcurl sends a request again by itself when a reused connection turns out dead, even when
// the server may have received it. Every request on the wire must be an attempt the retry
// policy decides and counts, so a second send within one curl_easy_perform is refused here;
// the transport then sees a connection error and applies its policy.
inline int on_send(void* sends, char*, char*, int, int) {
    return ++*static_cast<int*>(sends) > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}

// How a failed transfer is retried: timeouts and connection errors are, a certificate that
// doesn't verify is not (trying again can't fix it).
inline const char* curl_failure_kind(CURLcode rc) {
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: return "Timeout";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return "TLSVerificationFailed";
    default: return "ConnectionError";
    }
}

} // namespace detail

class curl_engine : public http_engine {
public:
    explicit curl_engine(const resolved_config& config)
        : url_(config.endpoint + "/"), endpoint_for_messages_(detail::endpoint_for_messages(config.endpoint)),
          connect_timeout_(config.connect_timeout), request_timeout_(config.request_timeout),
          ca_bundle_(config.ca_bundle), proxy_(config.proxy), pool_(config.max_idle_connections, [this](CURL* h) { setup_handle(h); }) {
        detail::global_curl_init();
    }
    curl_engine(const curl_engine&) = delete;
    curl_engine& operator=(const curl_engine&) = delete;

    http_response perform(const prepared_request& request) override {
        http_response r;
        r.body.reserve(4096);
        detail::header_list headers;
        for (const std::string& line : request.headers) detail::append_header(headers, line);
        detail::append_header(headers, "Expect:"); // no 100-continue round trip

        detail::curl_handle handle = pool_.acquire();
        CURL* h = handle.get();
        curl_easy_setopt(h, CURLOPT_URL, request.url.empty() ? url_.c_str() : request.url.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &r);
        int sends = 0;
        curl_easy_setopt(h, CURLOPT_PREREQDATA, &sends);

        const CURLcode rc = curl_easy_perform(h);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
        if (rc != CURLE_OK) {
            // A failed handle may hold a broken connection: don't return it to the pool.
            r.status = 0;
            r.error_type = detail::curl_failure_kind(rc);
            r.body = (sends > 1 ? std::string("the connection closed before a response") : curl_easy_strerror(rc)) +
                     std::string(" (") + endpoint_for_messages_ + ")";
            return r;
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
        pool_.release(std::move(handle));
        return r;
    }

private:
    // The options every request of this engine shares.
    void setup_handle(CURL* h) const {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &detail::on_body);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &detail::on_header);
        curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &detail::on_send);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request_timeout_.count()));
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!ca_bundle_.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_bundle_.c_str());
        // Only an explicit proxy is set: left alone, libcurl reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
        if (!proxy_.empty()) curl_easy_setopt(h, CURLOPT_PROXY, proxy_.c_str());
    }

    std::string url_;
    std::string endpoint_for_messages_;
    std::chrono::milliseconds connect_timeout_, request_timeout_;
    std::string ca_bundle_;
    std::string proxy_;
    detail::handle_pool pool_;
};

} // namespace dynorm
