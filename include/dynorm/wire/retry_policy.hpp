#pragma once
// The retry policy of the AWS SDKs' "standard" mode as a pure decision: given the attempt that
// failed, how it failed and the server's hint, whether to try again and after how long, drawing
// on a retry quota shared by the client's calls. No sockets, no clocks, no sleeping: the
// transport (or an asynchronous engine) acts on the decision, and tests check it directly.
//
//   delay  rand[0,1) * min(base * 2^(attempt-1), max_backoff); base 25 ms for transient errors,
//          1 s for throttling; x-amz-retry-after (ms) is honoured within [delay, delay + 5 s]
//   quota  500 tokens; a retry costs 5 when throttled, 10 after a timeout, 14 otherwise; a call
//          that succeeds gives back what its retries took, or 1 token after a first-try success

#include <dynorm/version.hpp>
#include <dynorm/wire/errors.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <random>

namespace dynorm::inline DYNORM_ABI {

struct retry_settings {
    int max_attempts = 4; // first try included
    std::chrono::milliseconds transient_backoff_base{25};
    std::chrono::milliseconds throttling_backoff_base{1000};
    std::chrono::milliseconds max_backoff{20000};
};

// The client's retry tokens, shared by every call (and thread) of one client.
class retry_quota {
public:
    static constexpr int capacity = 500;

    int available() const noexcept { return tokens_.load(); }
    bool take(int cost) noexcept {
        int current = tokens_.load();
        while (current >= cost)
            if (tokens_.compare_exchange_weak(current, current - cost)) return true;
        return false;
    }
    // After a successful call: what its retries took, or 1 token when it needed none.
    void refund(int taken) noexcept {
        const int back = taken > 0 ? taken : 1;
        int current = tokens_.load();
        while (!tokens_.compare_exchange_weak(current, std::min(capacity, current + back))) {}
    }

private:
    std::atomic<int> tokens_{capacity};
};

struct retry_decision {
    bool retry = false;
    bool quota_exhausted = false; // a retryable failure refused only for want of tokens
    int cost = 0;                 // tokens taken for this retry
    std::chrono::milliseconds delay{0};
};

namespace detail {

// The full-jitter ceiling of a retry: min(cap, base * 2^(retry-1)) milliseconds.
inline double backoff_ceiling_ms(double base_ms, double cap_ms, int retry) {
    return std::min(base_ms * static_cast<double>(1u << std::min(std::max(retry, 1) - 1, 20)), cap_ms);
}

inline double uniform_draw() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// Full jitter: a random delay up to the ceiling.
inline double full_jitter_ms(double base_ms, double cap_ms, int retry) {
    return uniform_draw() * backoff_ceiling_ms(base_ms, cap_ms, retry);
}

inline int retry_cost(retry_class kind) {
    return kind == retry_class::throttling ? 5 : kind == retry_class::timeout ? 10 : 14;
}

} // namespace detail

// After attempt `attempt` (1 = the first try) failed as `kind`: retry or not, and when. `draw` is
// the jitter, uniform in [0, 1). Takes the retry's cost from the quota when it says retry.
inline retry_decision decide_retry(const retry_settings& settings, retry_quota& quota, int attempt, detail::retry_class kind,
                                   std::optional<long> retry_after_ms, double draw) {
    retry_decision d;
    if (kind == detail::retry_class::none || attempt >= settings.max_attempts) return d;
    d.cost = detail::retry_cost(kind);
    if (!quota.take(d.cost)) {
        d.quota_exhausted = true;
        d.cost = 0;
        return d;
    }
    d.retry = true;
    const auto base =
        kind == detail::retry_class::throttling ? settings.throttling_backoff_base : settings.transient_backoff_base;
    double delay_ms = draw * detail::backoff_ceiling_ms(static_cast<double>(base.count()),
                                                        static_cast<double>(settings.max_backoff.count()), attempt);
    if (retry_after_ms) delay_ms = std::clamp(static_cast<double>(*retry_after_ms), delay_ms, delay_ms + 5000.0);
    d.delay = std::chrono::milliseconds(static_cast<long>(delay_ms));
    return d;
}

} // namespace dynorm
