#pragma once
// The definitions of wire/transport.hpp's transport: inline in the header-only build, compiled
// once in the separately compiled one (<dynorm/src.hpp>). Included only by wire/transport.hpp and
// src.hpp.

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

DYNORM_DECL prepared_request transport::prepare_attempt(std::string_view action, std::string_view body,
                                                        const resolved_credentials& creds,
                                                        std::shared_ptr<const detail::account_endpoint>& endpoint) {
    endpoint = config_.account_endpoint_rules ? endpoint_for(creds) : nullptr;
    // signed again for every attempt: a retry after a long backoff needs a fresh date
    prepared_request request = prepare_request(signer_, creds.credentials, config_.signing_region,
                                               endpoint ? endpoint->host : host_, action, body,
                                               std::chrono::system_clock::now());
    if (endpoint) request.url = endpoint->url;
    requests_sent_.fetch_add(1, std::memory_order_relaxed);
    return request;
}

DYNORM_DECL std::optional<std::chrono::milliseconds> transport::review(http_response& r, std::string_view action,
                                                                       detail::attempt_state& s,
                                                                       const credentials& signed_with) {
    r.attempts = s.attempt;
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
            quota_.refund(s.retry_cost_taken);
            return std::nullopt;
        }
    } else {
        parsed = detail::parse_error_body(r.body, r.error_type);
        redact_secrets(*parsed, signed_with);
        kind = detail::classify_error(static_cast<int>(r.status), parsed->code);
        failure = parsed->code.empty() ? "HTTP " + std::to_string(r.status) : parsed->code;
    }

    // Credentials DynamoDB calls expired (revoked early, or a skewed clock): fetched again, and
    // the request tried once more with them.
    if (parsed && parsed->code == "ExpiredTokenException") {
        config_.credentials->invalidate();
        if (!s.refetched_after_expiry) {
            s.refetched_after_expiry = true;
            return std::chrono::milliseconds(0);
        }
    }
    const retry_decision decision =
        decide_retry(retry_settings_, quota_, s.attempt, kind, r.retry_after_ms, detail::uniform_draw());
    if (!decision.retry) {
        if (r.status == 0 || (r.status >= 200 && r.status < 300))
            throw transport_error("dynorm: " + std::string(action) + " failed after " + std::to_string(s.attempt) +
                                  " attempt(s): " + (r.status == 0 ? r.body : failure) +
                                  (decision.quota_exhausted ? " (retry quota exhausted)" : ""));
        detail::throw_service_error(static_cast<int>(r.status), std::move(*parsed), r.request_id);
    }
    s.retry_cost_taken += decision.cost;
    if (on_retry_) on_retry_(retry_event{action, s.attempt, failure, decision.delay});
    return decision.delay;
}

DYNORM_DECL http_response transport::send(std::string_view action, std::string_view body) {
    if (const multi_engine* loop = async_engine_seen_.load(); loop && loop->on_loop_thread())
        throw error("dynorm: " + std::string(action) +
                    ": a blocking call inside an asynchronous completion would stall every request in flight; "
                    "use the _async call (co_await it) instead");
    for (detail::attempt_state s;; ++s.attempt) {
        // the cache hands out the current credentials; a refresh, if due, happens here
        const auto creds = config_.credentials->current();
        std::shared_ptr<const detail::account_endpoint> endpoint; // alive through perform()
        const prepared_request request = prepare_attempt(action, body, *creds, endpoint);
        http_response r = engine_->perform(request);
        const auto delay = review(r, action, s, creds->credentials);
        if (!delay) return r;
        if (delay->count() > 0) std::this_thread::sleep_for(*delay);
    }
}

DYNORM_DECL multi_engine* transport::async_engine() {
    std::lock_guard lock(async_engine_mutex_);
    // Its own engine, never one shared with another transport: destroying it (the transport's
    // last member) ends every send of this transport before any other member goes.
    if (!async_engine_ && (std::dynamic_pointer_cast<curl_engine>(engine_) || std::dynamic_pointer_cast<multi_engine>(engine_))) {
        async_engine_ = std::make_unique<multi_engine>(config_);
        async_engine_seen_ = async_engine_.get();
    }
    return async_engine_.get();
}

DYNORM_DECL void transport::run_after(std::chrono::milliseconds delay, std::function<void(bool cancelled)> fn) {
    if (multi_engine* engine = async_engine()) {
        engine->after(delay, std::move(fn));
        return;
    }
    std::this_thread::sleep_for(delay);
    fn(false);
}

DYNORM_DECL transport::async_handle transport::send_async(std::string_view action, std::string body,
                                                          async_completion done) {
    auto s = std::make_shared<detail::async_send>();
    s->owner = this;
    s->action = std::string(action);
    s->body = std::move(body);
    s->done = std::move(done);
    multi_engine* engine = async_engine();
    if (!engine) { // an engine of another kind: the blocking call, completed before returning
        try {
            http_response r = send(s->action, s->body);
            end_async(s, &r, nullptr);
        } catch (...) {
            end_async(s, nullptr, std::current_exception());
        }
        return async_handle(std::move(s));
    }
    s->loop = engine->loop();
    start_attempt(s);
    return async_handle(std::move(s));
}

// Signs and submits the next attempt, unless the send was cancelled meanwhile.
DYNORM_DECL void transport::start_attempt(const std::shared_ptr<detail::async_send>& s) {
    bool cancelled_already = false;
    {
        std::lock_guard lock(s->mutex);
        cancelled_already = s->cancelled;
    }
    if (cancelled_already) { // a cancel() from now on is applied by remember_ticket
        end_cancelled(s);
        return;
    }
    prepared_request request;
    try {
        // a due refresh happens here: for a retry, on the loop thread, which waits for it (README)
        s->signed_with = config_.credentials->current();
        request = prepare_attempt(s->action, s->body, *s->signed_with, s->endpoint);
    } catch (...) {
        end_async(s, nullptr, std::current_exception());
        return;
    }
    // the completion keeps the send, and with it the request's bytes, alive
    remember_ticket(*s, s->loop->submit(std::move(request),
                                        [s](http_response&& r) { s->owner->attempt_ended(s, std::move(r)); }));
}

DYNORM_DECL void transport::attempt_ended(const std::shared_ptr<detail::async_send>& s, http_response&& r) {
    if (r.status == 0 && r.error_type == "Cancelled") { // the transport may be gone: touch only s
        end_cancelled(s);
        return;
    }
    std::optional<std::chrono::milliseconds> delay;
    try {
        delay = review(r, s->action, s->tries, s->signed_with->credentials);
    } catch (...) {
        end_async(s, nullptr, std::current_exception());
        return;
    }
    if (!delay) {
        end_async(s, &r, nullptr);
        return;
    }
    ++s->tries.attempt;
    if (delay->count() == 0) {
        start_attempt(s);
        return;
    }
    remember_ticket(*s, s->loop->after(*delay, [s](bool cancelled_first) {
        if (cancelled_first)
            end_cancelled(s);
        else
            s->owner->start_attempt(s);
    }));
}

// The ticket of the send's newest step, for cancel(). A cancel() that came while the step was
// being handed over saw the previous ticket, so it is applied here.
DYNORM_DECL void transport::remember_ticket(detail::async_send& s, detail::loop_ticket t) {
    bool cancel_now = false;
    {
        std::lock_guard lock(s.mutex);
        if (t <= s.ticket) return; // a later step already replaced it
        s.ticket = t;
        cancel_now = s.cancelled && !s.ended;
    }
    if (cancel_now) s.loop->cancel(t);
}

DYNORM_DECL void transport::end_async(const std::shared_ptr<detail::async_send>& s, http_response* r,
                                      std::exception_ptr e) {
    {
        std::lock_guard lock(s->mutex);
        s->ended = true;
    }
    auto done = std::move(s->done);
    if (done) done(r, std::move(e));
}

DYNORM_DECL void transport::end_cancelled(const std::shared_ptr<detail::async_send>& s) {
    end_async(s, nullptr, std::make_exception_ptr(cancelled("dynorm: " + s->action + " was cancelled")));
}

DYNORM_DECL void transport::async_handle::cancel() const {
    if (!send_) return;
    std::unique_lock lock(send_->mutex);
    if (send_->ended || send_->cancelled) return;
    send_->cancelled = true;
    const detail::loop_ticket t = send_->ticket;
    lock.unlock();
    if (send_->loop && t != 0) send_->loop->cancel(t);
}

DYNORM_DECL std::shared_ptr<const detail::account_endpoint> transport::endpoint_for(const resolved_credentials& c) {
    std::lock_guard lock(endpoint_mutex_);
    if (account_endpoint_ && account_endpoint_->account_id == c.account_id) return account_endpoint_;
    endpoint_params rules = *config_.account_endpoint_rules;
    if (!c.account_id.empty()) rules.account_id = c.account_id;
    const resolved_endpoint e = resolve_dynamodb_endpoint(rules); // "required" without an account ID throws
    account_endpoint_ = std::make_shared<const detail::account_endpoint>(
        detail::account_endpoint{c.account_id, e.url + "/", host_of(e.url)});
    return account_endpoint_;
}

} // namespace dynorm
