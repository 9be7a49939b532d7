#pragma once
// The transport: each attempt is a prepared request (DynamoDB's JSON protocol, SigV4-signed:
// wire/prepared_request.hpp) handed to an engine (wire/engine.hpp; by default libcurl with a pool
// of keep-alive handles, so one transport serves several threads), whose response is checked
// (status, CRC-32) and either returned or retried.
//
// Retries follow the AWS SDKs' "standard" mode (wire/retry_policy.hpp decides; this loop acts):
// up to max_attempts tries, full-jitter backoff, x-amz-retry-after, a 500-token quota per client.
// Client errors (validation, conditional check, missing table, access) are never retried.
//
// send() blocks its caller; send_async() runs the same attempts on the multi engine
// (wire/multi_engine.hpp, made at the first asynchronous call), the retry delays as timers on its
// loop, and reports the outcome to a completion.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/endpoint_rules.hpp>
#include <dynorm/wire/detail/crc32.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/errors.hpp>
#include <dynorm/wire/multi_engine.hpp>
#include <dynorm/wire/prepared_request.hpp>
#include <dynorm/wire/retry_policy.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace dynorm::inline DYNORM_ABI {

// What a retry observer sees before each retry's delay.
struct retry_event {
    std::string_view action;
    int attempt;           // the attempt that failed (1 = first try)
    std::string_view code; // error code, or "ConnectionError", "Timeout", "CRC32Mismatch"
    std::chrono::milliseconds delay;
};

class transport;

namespace detail {

// Whether the x-amz-crc32 header (decimal) is the CRC-32 of the body.
inline bool crc32_matches(std::string_view header, std::string_view body) {
    std::uint64_t expected = 0;
    for (const char c : header) {
        if (c < '0' || c > '9' || expected > 0xFFFFFFFFull) return false;
        expected = expected * 10 + static_cast<unsigned>(c - '0');
    }
    return expected == crc32(body);
}

// What carries over from one attempt of a request to the next.
struct attempt_state {
    int attempt = 1;
    int retry_cost_taken = 0;
    bool refetched_after_expiry = false;
};

// An account-ID endpoint, resolved once per account ID.
struct account_endpoint {
    std::string account_id, url, host;
};

// One asynchronous send: it owns the request's bytes until the completion has run.
struct async_send {
    transport* owner;
    std::string action, body;
    std::function<void(http_response*, std::exception_ptr)> done;
    std::shared_ptr<multi_loop> loop;
    std::shared_ptr<const account_endpoint> endpoint; // the current attempt's, when there is one
    std::shared_ptr<const resolved_credentials> signed_with; // the current attempt's
    attempt_state tries;

    std::mutex mutex; // guards what cancel() touches from other threads
    loop_ticket ticket = 0;
    bool cancelled = false, ended = false;
};

} // namespace detail

class transport {
public:
    // Over `engine`, or over libcurl (curl_engine) when none is given.
    explicit transport(resolved_config config, std::function<void(const retry_event&)> on_retry = {},
                       std::shared_ptr<http_engine> engine = {});
    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;

    const resolved_config& config() const noexcept { return config_; }
    int retry_quota() const noexcept { return quota_.available(); }
    // HTTP requests this transport has sent: every attempt, retries included (the curl engine
    // sends nothing more of its own, see detail::on_send).
    std::uint64_t requests_sent() const noexcept { return requests_sent_.load(); }

    // Sends one DynamoDB action ("PutItem") with its JSON body, retrying as the policy allows.
    // Returns the 2xx response; throws the mapped service_error or a transport_error.
    http_response send(std::string_view action, std::string_view body);

    // Told once how an asynchronous send ended: with the 2xx response (error null), or with the
    // error send() would have thrown (response null). Runs on the engine's loop thread, or on the
    // caller's before send_async returns over an engine that isn't a multi_engine.
    using async_completion = std::function<void(http_response*, std::exception_ptr)>;

    // A started asynchronous send. cancel() ends it as dynorm::cancelled, whether it is waiting for
    // a slot, in flight, or waiting to retry; after it has ended, cancel() does nothing.
    class async_handle {
    public:
        async_handle() = default;
        void cancel() const;

    private:
        friend class transport;
        explicit async_handle(std::shared_ptr<detail::async_send> s) : send_(std::move(s)) {}
        std::shared_ptr<detail::async_send> send_;
    };

    // send() without blocking: the same attempts, signatures and retry policy.
    async_handle send_async(std::string_view action, std::string body, async_completion done);

    // Runs `fn(false)` after `delay` on the asynchronous engine's loop (fn(true) if the engine
    // shuts down first); over an engine of another kind, sleeps and runs it here.
    void run_after(std::chrono::milliseconds delay, std::function<void(bool cancelled)> fn);

    // The engine of the asynchronous calls, made at the first one with the client's settings;
    // null over an engine other than libcurl's (curl_engine, multi_engine), such as memory_engine,
    // where the asynchronous calls complete before they return.
    multi_engine* async_engine();

private:
    // The request of one attempt, signed now with the current credentials. `endpoint` receives the
    // account-ID endpoint the request is for (its URL must outlive the request), if any.
    prepared_request prepare_attempt(std::string_view action, std::string_view body, const resolved_credentials& creds,
                                     std::shared_ptr<const detail::account_endpoint>& endpoint);
    // Checks one attempt's response: nullopt when it succeeded, else the delay before the next
    // attempt (the retry observer told); throws the mapped error when the policy stops.
    std::optional<std::chrono::milliseconds> review(http_response& r, std::string_view action, detail::attempt_state& s,
                                                    const credentials& signed_with);
    void start_attempt(const std::shared_ptr<detail::async_send>& s);
    void attempt_ended(const std::shared_ptr<detail::async_send>& s, http_response&& r);
    static void end_async(const std::shared_ptr<detail::async_send>& s, http_response* r, std::exception_ptr e);
    static void end_cancelled(const std::shared_ptr<detail::async_send>& s);
    static void remember_ticket(detail::async_send& s, detail::loop_ticket t);

    // The Host of an endpoint already checked to be http(s): its authority without user:password@.
    static std::string host_of(std::string_view url) {
        std::string_view host = detail::split_http_url(url).value_or(detail::url_parts{}).authority;
        if (const auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
        return std::string(host);
    }

    // The endpoint for the account the credentials name, resolved once per account ID.
    std::shared_ptr<const detail::account_endpoint> endpoint_for(const resolved_credentials& c);

    static void redact_secrets(detail::parsed_error& e, const credentials& c) {
        e.message = detail::redact(std::move(e.message), {c.session_token, c.secret_access_key});
        for (auto& reason : e.reasons)
            reason.message = detail::redact(std::move(reason.message), {c.session_token, c.secret_access_key});
    }

    resolved_config config_;
    std::string host_;
    std::mutex endpoint_mutex_;
    std::shared_ptr<const detail::account_endpoint> account_endpoint_;
    sigv4::signer signer_;
    std::shared_ptr<http_engine> engine_;
    std::function<void(const retry_event&)> on_retry_;
    retry_settings retry_settings_{config_.max_attempts, config_.transient_backoff_base,
                                   config_.throttling_backoff_base, config_.max_backoff};
    dynorm::retry_quota quota_; // qualified: retry_quota() names the accessor in here
    std::atomic<std::uint64_t> requests_sent_{0};
    std::mutex async_engine_mutex_;
    std::atomic<const multi_engine*> async_engine_seen_{nullptr}; // for send()'s check, without the mutex
    std::unique_ptr<multi_engine> async_engine_; // last: it goes first, cancelling what is in flight
};

} // namespace dynorm

#if !defined(DYNORM_SEPARATE_COMPILATION)
#include <dynorm/wire/impl/transport.ipp>
#endif
