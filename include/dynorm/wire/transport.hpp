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
    std::shared_ptr<const account_endpoint_state> endpoint_for(const resolved_credentials& c);

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

#if !defined(DYNORM_SEPARATE_COMPILATION)
#include <dynorm/wire/impl/transport.ipp>
#endif
