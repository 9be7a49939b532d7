#pragma once
// The HTTP transport: DynamoDB's JSON protocol (POST / with X-Amz-Target), SigV4-signed, over
// libcurl with a pool of keep-alive handles, so one transport serves several threads.
//
// Retries follow the AWS SDKs' "standard" mode (wire/retry_policy.hpp decides; this loop acts):
// up to max_attempts tries, full-jitter backoff, x-amz-retry-after, a 500-token quota per client.
// Client errors (validation, conditional check, missing table, access) are never retried.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/detail/crc32.hpp>
#include <dynorm/wire/errors.hpp>
#include <dynorm/wire/retry_policy.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// Bytes kept free after a response body so simdjson can read it in place.
inline constexpr std::size_t response_padding = 64;

struct http_response {
    long status = 0;
    std::string body; // capacity >= size + response_padding
    std::string request_id;
    std::string error_type;   // X-Amzn-ErrorType
    std::string crc32;        // x-amz-crc32
    std::optional<long> retry_after_ms;
    int attempts = 1;
};

// What a retry observer sees before each retry's delay.
struct retry_event {
    std::string_view action;
    int attempt;           // the attempt that failed (1 = first try)
    std::string_view code; // error code, or "ConnectionError", "Timeout", "CRC32Mismatch"
    std::chrono::milliseconds delay;
};

namespace detail {

inline void global_curl_init() {
    static const bool initialized = [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw transport_error("dynorm: curl_global_init failed");
        return true;
    }();
    (void)initialized;
}

struct curl_deleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using curl_handle = std::unique_ptr<CURL, curl_deleter>;

struct curl_slist_deleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

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

// Whether the x-amz-crc32 header (decimal) is the CRC-32 of the body.
inline bool crc32_matches(std::string_view header, std::string_view body) {
    std::uint64_t expected = 0;
    for (const char c : header) {
        if (c < '0' || c > '9' || expected > 0xFFFFFFFFull) return false;
        expected = expected * 10 + static_cast<unsigned>(c - '0');
    }
    return expected == crc32(body);
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

class transport {
public:
    explicit transport(resolved_config config,
                       std::function<void(const retry_event&)> on_retry = {})
        : config_(std::move(config)), url_(config_.endpoint + "/"),
          pool_(config_.max_idle_connections, [this](CURL* h) { setup_handle(h); }),
          on_retry_(std::move(on_retry)) {
        detail::global_curl_init();
        detail::check_header_values(config_);
        const std::string_view rest = std::string_view(config_.endpoint).substr(config_.endpoint.find("//") + 2);
        host_ = std::string(rest.substr(0, rest.find_first_of("/?#")));
        if (const auto at = host_.rfind('@'); at != std::string::npos) host_.erase(0, at + 1);
        endpoint_for_messages_ = detail::endpoint_for_messages(config_.endpoint);
    }
    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;

    const resolved_config& config() const noexcept { return config_; }
    int retry_quota() const noexcept { return quota_.available(); }
    // HTTP requests this transport has sent: every attempt, retries included (libcurl sends
    // nothing more of its own, see detail::on_send).
    std::uint64_t requests_sent() const noexcept { return requests_sent_.load(); }

    // Sends one DynamoDB action ("PutItem") with its JSON body, retrying as the policy allows.
    // Returns the 2xx response; throws the mapped service_error or a transport_error.
    http_response send(std::string_view action, std::string_view body) {
        if (action.empty() || action.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
                                  std::string_view::npos)
            throw encode_error("the action name must be letters and digits (as in PutItem)");
        int retry_cost_taken = 0;
        for (int attempt = 1;; ++attempt) {
            http_response r = perform(action, body);
            r.attempts = attempt;
            std::string failure; // empty: success or a non-retryable error
            detail::retry_class kind = detail::retry_class::none;
            std::optional<detail::parsed_error> parsed;
            if (r.status == 0) {
                kind = r.error_type == "Timeout"                 ? detail::retry_class::timeout
                       : r.error_type == "TLSVerificationFailed" ? detail::retry_class::none
                                                                 : detail::retry_class::transient;
                failure = r.error_type;
            } else if (r.status >= 200 && r.status < 300) {
                if (!r.crc32.empty() && !detail::crc32_matches(r.crc32, r.body)) {
                    kind = detail::retry_class::transient;
                    failure = "CRC32Mismatch";
                } else {
                    quota_.refund(retry_cost_taken);
                    return r;
                }
            } else {
                parsed = detail::parse_error_body(r.body, r.error_type);
                redact_secrets(*parsed);
                kind = detail::classify_error(static_cast<int>(r.status), parsed->code);
                failure = parsed->code.empty() ? "HTTP " + std::to_string(r.status) : parsed->code;
            }

            const retry_decision decision =
                decide_retry(retry_settings_, quota_, attempt, kind, r.retry_after_ms, detail::uniform_draw());
            if (!decision.retry) {
                if (r.status == 0 || (r.status >= 200 && r.status < 300))
                    throw transport_error("dynorm: " + std::string(action) + " failed after " +
                                          std::to_string(attempt) + " attempt(s): " +
                                          (r.status == 0 ? r.body : failure) +
                                          (decision.quota_exhausted ? " (retry quota exhausted)" : ""));
                detail::throw_service_error(static_cast<int>(r.status), std::move(*parsed), r.request_id);
            }
            retry_cost_taken += decision.cost;
            if (on_retry_) on_retry_(retry_event{action, attempt, failure, decision.delay});
            std::this_thread::sleep_for(decision.delay);
        }
    }

private:
    void redact_secrets(detail::parsed_error& e) const {
        const auto& c = config_.credentials;
        e.message = detail::redact(std::move(e.message), {c.session_token, c.secret_access_key});
        for (auto& reason : e.reasons)
            reason.message = detail::redact(std::move(reason.message), {c.session_token, c.secret_access_key});
    }

    http_response perform(std::string_view action, std::string_view body) {
        http_response r;
        r.body.reserve(4096);
        const std::string target = "DynamoDB_20120810." + std::string(action);
        const std::string date = sigv4::amz_date(std::chrono::system_clock::now());

        // The signed headers, already in canonical form (lower-case names, sorted).
        const std::string& token = config_.credentials.session_token;
        std::string canonical_headers;
        canonical_headers.reserve(160 + token.size());
        canonical_headers.append("content-type:application/x-amz-json-1.0\nhost:").append(host_);
        canonical_headers.append("\nx-amz-date:").append(date).append("\n");
        if (!token.empty()) canonical_headers.append("x-amz-security-token:").append(token).append("\n");
        canonical_headers.append("x-amz-target:").append(target).append("\n");
        const std::string_view signed_headers =
            token.empty() ? "content-type;host;x-amz-date;x-amz-target"
                          : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
        const sigv4::signature sig = signer_.sign_canonical("POST", "/", "", canonical_headers, signed_headers,
                                                            body, config_.credentials, config_.region,
                                                            "dynamodb", date);

        std::unique_ptr<curl_slist, detail::curl_slist_deleter> headers;
        auto add = [&](const std::string& line) {
            curl_slist* next = curl_slist_append(headers.get(), line.c_str());
            if (!next) throw transport_error("dynorm: out of memory building headers");
            (void)headers.release();
            headers.reset(next);
        };
        add("Content-Type: application/x-amz-json-1.0");
        add("X-Amz-Target: " + target);
        add("X-Amz-Date: " + date);
        if (!config_.credentials.session_token.empty())
            add("X-Amz-Security-Token: " + config_.credentials.session_token);
        add("Authorization: " + sig.authorization);
        add("Expect:"); // no 100-continue round trip

        detail::curl_handle handle = pool_.acquire();
        CURL* h = handle.get();
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &r);
        int sends = 0;
        curl_easy_setopt(h, CURLOPT_PREREQDATA, &sends);

        requests_sent_.fetch_add(1, std::memory_order_relaxed);
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
        r.body.reserve(r.body.size() + response_padding);
        return r;
    }

    // The options every request of this transport shares.
    void setup_handle(CURL* h) const {
        curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &detail::on_body);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &detail::on_header);
        curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &detail::on_send);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.request_timeout.count()));
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!config_.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, config_.ca_bundle.c_str());
    }

    resolved_config config_;
    std::string url_;
    std::string host_;
    std::string endpoint_for_messages_;
    sigv4::signer signer_;
    detail::handle_pool pool_;
    std::function<void(const retry_event&)> on_retry_;
    retry_settings retry_settings_{config_.max_attempts, config_.transient_backoff_base,
                                   config_.throttling_backoff_base, config_.max_backoff};
    dynorm::retry_quota quota_; // qualified: retry_quota() names the accessor in here
    std::atomic<std::uint64_t> requests_sent_{0};
};

} // namespace dynorm
