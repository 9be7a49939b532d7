#pragma once
// Plain HTTP calls for the credential sources (instance metadata, container credentials, STS,
// IAM Identity Center). They are rare, so each call takes a fresh libcurl handle; unlike the
// DynamoDB engine, any method and URL. libcurl's own proxy variables (HTTPS_PROXY, HTTP_PROXY,
// NO_PROXY) apply unless client_config names a proxy.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

struct http_call {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds connect_timeout{1000};
    std::chrono::milliseconds timeout{1000};
};

struct http_reply {
    long status = 0;   // 0: no response; `error` says why
    std::string body;
    std::string error;
};

class http_client {
public:
    virtual ~http_client() = default;
    virtual http_reply send(const http_call& call) = 0;
};

// Credential responses are small; a larger one is refused rather than buffered.
inline constexpr std::size_t max_credentials_response = 1 << 20;

namespace detail {

inline void global_curl_init() {
    static const bool initialized = [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw transport_error("dynorm: curl_global_init failed");
        return true;
    }();
    (void)initialized;
}

struct curl_slist_deleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using header_list = std::unique_ptr<curl_slist, curl_slist_deleter>;

inline void append_header(header_list& headers, const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) throw transport_error("dynorm: out of memory building headers");
    (void)headers.release(); // now owned by next
    headers.reset(next);
}

inline std::size_t on_credentials_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    if (body->size() + size * count > max_credentials_response) return 0; // aborts the transfer
    body->append(data, size * count);
    return size * count;
}

} // namespace detail

class curl_http_client : public http_client {
public:
    explicit curl_http_client(std::string ca_bundle = {}, std::string proxy = {})
        : ca_bundle_(std::move(ca_bundle)), proxy_(std::move(proxy)) {
        detail::global_curl_init();
    }

    http_reply send(const http_call& call) override {
        http_reply reply;
        const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
        if (!handle) throw transport_error("dynorm: curl_easy_init failed");
        CURL* h = handle.get();
        detail::header_list headers;
        for (const auto& [name, value] : call.headers) detail::append_header(headers, name + ": " + value);
        curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
        if (call.method == "POST" || call.method == "PUT" || !call.body.empty()) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &detail::on_credentials_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(call.connect_timeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!ca_bundle_.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_bundle_.c_str());
        if (!proxy_.empty()) curl_easy_setopt(h, CURLOPT_PROXY, proxy_.c_str());
        const CURLcode rc = curl_easy_perform(h);
        if (rc != CURLE_OK) {
            reply.error = rc == CURLE_WRITE_ERROR ? "the response is larger than 1 MiB" : curl_easy_strerror(rc);
            reply.body.clear();
            return reply;
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
        return reply;
    }

private:
    std::string ca_bundle_;
    std::string proxy_;
};

} // namespace dynorm
