#pragma once
// The definitions of wire/transport.hpp's transport: inline in the header-only build, compiled
// once in the separately compiled one (<dynorm/src.hpp>). Included only by wire/transport.hpp and src.hpp. Included only by wire/transport.hpp and src.hpp.

#include <dynorm/wire/curl_engine.hpp>

#include <thread>

namespace dynorm::inline DYNORM_ABI {

DYNORM_DECL transport::transport(resolved_config config, std::function<void(const retry_event&)> on_retry,
                                 std::shared_ptr<http_engine> engine)
    : config_(std::move(config)), on_retry_(std::move(on_retry)) {
    detail::check_header_values(config_);
    if (config_.signing_region.empty()) config_.signing_region = config_.region;
    engine_ = engine ? std::move(engine) : std::make_shared<curl_engine>(config_);
    host_ = host_of(config_.endpoint);
}

DYNORM_DECL http_response transport::send(std::string_view action, std::string_view body) {
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

DYNORM_DECL std::shared_ptr<const transport::account_endpoint_state> transport::endpoint_for(const resolved_credentials& c) {
    std::lock_guard lock(endpoint_mutex_);
    if (account_endpoint_ && account_endpoint_->account_id == c.account_id) return account_endpoint_;
    endpoint_params rules = *config_.account_endpoint_rules;
    if (!c.account_id.empty()) rules.account_id = c.account_id;
    const resolved_endpoint e = resolve_dynamodb_endpoint(rules); // "required" without an account ID throws
    account_endpoint_ = std::make_shared<const account_endpoint_state>(
        account_endpoint_state{c.account_id, e.url + "/", host_of(e.url)});
    return account_endpoint_;
}

} // namespace dynorm
