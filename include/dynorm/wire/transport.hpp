#pragma once
// The transport: each attempt is a prepared request (DynamoDB's JSON protocol, SigV4-signed:
// wire/prepared_request.hpp) handed to an engine (wire/engine.hpp; by default libcurl with a pool
// of keep-alive handles, so one transport serves several threads), whose response is checked
// (status, CRC-32) and either returned or retried.
//
// Retries follow the AWS SDKs' "standard" mode (wire/retry_policy.hpp decides; this loop acts):
// up to max_attempts tries, full-jitter backoff, x-amz-retry-after, a 500-token quota per client.
// Client errors (validation, conditional check, missing table, access) are never retried.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/curl_engine.hpp>
#include <dynorm/wire/endpoint_rules.hpp>
#include <dynorm/wire/detail/crc32.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/errors.hpp>
#include <dynorm/wire/prepared_request.hpp>
#include <dynorm/wire/retry_policy.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
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

} // namespace detail

class transport {
public:
    // Over `engine`, or over libcurl (curl_engine) when none is given.
    explicit transport(resolved_config config, std::function<void(const retry_event&)> on_retry = {},
                       std::shared_ptr<http_engine> engine = {})
        : config_(std::move(config)), on_retry_(std::move(on_retry)) {
        detail::check_header_values(config_);
        if (config_.signing_region.empty()) config_.signing_region = config_.region;
        engine_ = engine ? std::move(engine) : std::make_shared<curl_engine>(config_);
        host_ = host_of(config_.endpoint);
    }
    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;

    const resolved_config& config() const noexcept { return config_; }
    int retry_quota() const noexcept { return quota_.available(); }
    // HTTP requests this transport has sent: every attempt, retries included (the curl engine
    // sends nothing more of its own, see detail::on_send).
    std::uint64_t requests_sent() const noexcept { return requests_sent_.load(); }

    // Sends one DynamoDB action ("PutItem") with its JSON body, retrying as the policy allows.
    // Returns the 2xx response; throws the mapped service_error or a transport_error.
    http_response send(std::string_view action, std::string_view body) {
        int retry_cost_taken = 0;
        bool refetched_after_expiry = false;
        for (int attempt = 1;; ++attempt) {
            // signed again for every attempt: a retry after a long backoff needs a fresh date
            // the cache hands out the current credentials; a refresh, if due, happens here
            const auto creds = config_.credentials->current();
            const auto account_endpoint = config_.account_endpoint_rules ? endpoint_for(*creds) : nullptr;
            prepared_request request =
                prepare_request(signer_, creds->credentials, config_.signing_region,
                                account_endpoint ? account_endpoint->host : host_, action, body, std::chrono::system_clock::now());
            if (account_endpoint) request.url = account_endpoint->url; // alive through perform()
            requests_sent_.fetch_add(1, std::memory_order_relaxed);
            http_response r = engine_->perform(request);
            r.attempts = attempt;
            if (r.body.capacity() < r.body.size() + response_padding) r.body.reserve(r.body.size() + response_padding);
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
                redact_secrets(*parsed, creds->credentials);
                kind = detail::classify_error(static_cast<int>(r.status), parsed->code);
                failure = parsed->code.empty() ? "HTTP " + std::to_string(r.status) : parsed->code;
            }

            // Credentials DynamoDB calls expired (revoked early, or a skewed clock): fetched
            // again, and the request tried once more with them.
            if (parsed && parsed->code == "ExpiredTokenException") {
                config_.credentials->invalidate();
                if (!refetched_after_expiry) {
                    refetched_after_expiry = true;
                    continue;
                }
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
    // The Host of an endpoint already checked to be http(s): its authority without user:password@.
    static std::string host_of(std::string_view url) {
        std::string_view host = detail::split_http_url(url).value_or(detail::url_parts{}).authority;
        if (const auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
        return std::string(host);
    }

    // The endpoint for the account the credentials name, resolved once per account ID.
    struct account_endpoint_state {
        std::string account_id, url, host;
    };
    std::shared_ptr<const account_endpoint_state> endpoint_for(const resolved_credentials& c) {
        std::lock_guard lock(endpoint_mutex_);
        if (account_endpoint_ && account_endpoint_->account_id == c.account_id) return account_endpoint_;
        endpoint_params rules = *config_.account_endpoint_rules;
        if (!c.account_id.empty()) rules.account_id = c.account_id;
        const resolved_endpoint e = resolve_dynamodb_endpoint(rules); // "required" without an account ID throws
        account_endpoint_ = std::make_shared<const account_endpoint_state>(
            account_endpoint_state{c.account_id, e.url + "/", host_of(e.url)});
        return account_endpoint_;
    }

    static void redact_secrets(detail::parsed_error& e, const credentials& c) {
        e.message = detail::redact(std::move(e.message), {c.session_token, c.secret_access_key});
        for (auto& reason : e.reasons)
            reason.message = detail::redact(std::move(reason.message), {c.session_token, c.secret_access_key});
    }

    resolved_config config_;
    std::string host_;
    std::mutex endpoint_mutex_;
    std::shared_ptr<const account_endpoint_state> account_endpoint_;
    sigv4::signer signer_;
    std::shared_ptr<http_engine> engine_;
    std::function<void(const retry_event&)> on_retry_;
    retry_settings retry_settings_{config_.max_attempts, config_.transient_backoff_base,
                                   config_.throttling_backoff_base, config_.max_backoff};
    dynorm::retry_quota quota_; // qualified: retry_quota() names the accessor in here
    std::atomic<std::uint64_t> requests_sent_{0};
};

} // namespace dynorm
