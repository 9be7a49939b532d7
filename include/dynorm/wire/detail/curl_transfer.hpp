#pragma once
// One DynamoDB request on a libcurl easy handle, as both engines send it: the options every
// request shares (set once per handle), the request's own (URL, body, headers), the response's
// headers read as they arrive, and the outcome of a finished transfer. The blocking engine
// (wire/curl_engine.hpp) runs it with curl_easy_perform, the multi engine (wire/multi_engine.hpp)
// on its loop.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/http_client.hpp>

#include <curl/curl.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::detail {

struct curl_deleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using curl_handle = std::unique_ptr<CURL, curl_deleter>;

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
// policy decides and counts, so a second send within one transfer is refused here; the
// transport then sees a connection error and applies its policy.
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

// What every request of one client shares, from its configuration.
struct transfer_settings {
    explicit transfer_settings(const resolved_config& config)
        : url(config.endpoint + "/"), endpoint_for_messages(detail::endpoint_for_messages(config.endpoint)),
          connect_timeout(config.connect_timeout), request_timeout(config.request_timeout),
          ca_bundle(config.ca_bundle), proxy(config.proxy) {}

    std::string url;
    std::string endpoint_for_messages;
    std::chrono::milliseconds connect_timeout, request_timeout;
    std::string ca_bundle;
    std::string proxy;

    // A new handle with the options that never change (set once, not on every request).
    curl_handle new_handle() const {
        CURL* h = curl_easy_init();
        if (!h) throw transport_error("dynorm: curl_easy_init failed");
        curl_handle handle(h);
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &detail::on_body);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &detail::on_header);
        curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &detail::on_send);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request_timeout.count()));
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_bundle.c_str());
        // Only an explicit proxy is set: left alone, libcurl reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
        if (!proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, proxy.c_str());
        return handle;
    }
};

// One request's transfer: its header list, the response being read and the send counter, bound
// to a handle for the time of the transfer. Stays at one address while bound.
struct transfer {
    http_response response;
    header_list headers;
    int sends = 0;

    transfer() = default;
    transfer(const transfer&) = delete;
    transfer& operator=(const transfer&) = delete;

    void bind(CURL* h, const transfer_settings& settings, const prepared_request& request) {
        response.body.reserve(4096);
        for (const std::string& line : request.headers) append_header(headers, line);
        append_header(headers, "Expect:"); // no 100-continue round trip
        curl_easy_setopt(h, CURLOPT_URL, request.url.empty() ? settings.url.c_str() : request.url.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);
        curl_easy_setopt(h, CURLOPT_PREREQDATA, &sends);
    }

    // Reads the outcome of the finished transfer into `response`. Returns whether the handle may
    // be reused: a failed one may hold a broken connection.
    bool finish(CURL* h, CURLcode rc, const transfer_settings& settings) {
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
        if (rc != CURLE_OK) {
            response.status = 0;
            response.error_type = curl_failure_kind(rc);
            response.body = (sends > 1 ? std::string("the connection closed before a response") : curl_easy_strerror(rc)) +
                            std::string(" (") + settings.endpoint_for_messages + ")";
            return false;
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
        return true;
    }
};

} // namespace dynorm::detail
