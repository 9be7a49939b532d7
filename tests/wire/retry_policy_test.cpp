// The standard retry mode as a pure decision, without sockets or sleeping: attempts, delay bounds
// per kind, x-amz-retry-after, quota costs, draining and refilling.
#include <dynorm/wire/retry_policy.hpp>

#include <catch2/catch.hpp>

using dynorm::decide_retry;
using dynorm::retry_quota;
using dynorm::retry_settings;
using dynorm::detail::retry_class;
using std::chrono::milliseconds;

TEST_CASE("retries stop at max_attempts and never for client errors", "[retry]") {
    const retry_settings settings;
    retry_quota quota;
    CHECK(decide_retry(settings, quota, 1, retry_class::transient, {}, 0.5).retry);
    CHECK(decide_retry(settings, quota, 3, retry_class::transient, {}, 0.5).retry);
    CHECK_FALSE(decide_retry(settings, quota, 4, retry_class::transient, {}, 0.5).retry); // the 4th was the last
    CHECK_FALSE(decide_retry(settings, quota, 1, retry_class::none, {}, 0.5).retry);
    CHECK(quota.available() == 500 - 2 * 14); // refusals take nothing
    const retry_settings once{.max_attempts = 1};
    CHECK_FALSE(decide_retry(once, quota, 1, retry_class::throttling, {}, 0.5).retry);
}

TEST_CASE("delays are full jitter under base * 2^(attempt-1), capped", "[retry]") {
    const retry_settings settings{.max_attempts = 30};
    retry_quota quota;
    // the largest draw gives the ceiling (less than a millisecond of it), the smallest nothing
    CHECK(decide_retry(settings, quota, 1, retry_class::transient, {}, 0.0).delay == milliseconds(0));
    CHECK(decide_retry(settings, quota, 1, retry_class::transient, {}, 0.9999).delay == milliseconds(24));
    CHECK(decide_retry(settings, quota, 3, retry_class::transient, {}, 0.9999).delay == milliseconds(99));
    CHECK(decide_retry(settings, quota, 1, retry_class::throttling, {}, 0.9999).delay == milliseconds(999));
    CHECK(decide_retry(settings, quota, 2, retry_class::throttling, {}, 0.5).delay == milliseconds(1000));
    CHECK(decide_retry(settings, quota, 10, retry_class::throttling, {}, 0.9999).delay == milliseconds(19998)); // cap 20 s
    CHECK(decide_retry(settings, quota, 5, retry_class::timeout, {}, 0.5).delay == milliseconds(200));
}

TEST_CASE("x-amz-retry-after is honoured within [delay, delay + 5 s]", "[retry]") {
    const retry_settings settings;
    retry_quota quota;
    CHECK(decide_retry(settings, quota, 1, retry_class::throttling, 300, 0.5).delay == milliseconds(500));   // below: the delay
    CHECK(decide_retry(settings, quota, 1, retry_class::throttling, 2000, 0.5).delay == milliseconds(2000)); // inside
    CHECK(decide_retry(settings, quota, 1, retry_class::throttling, 60000, 0.5).delay == milliseconds(5500)); // above: +5 s
}

TEST_CASE("the quota drains by each retry's cost and fills up on success", "[retry]") {
    const retry_settings settings{.max_attempts = 100};
    retry_quota quota;
    auto retry = [&](retry_class kind) { return decide_retry(settings, quota, 1, kind, {}, 0.0); };
    CHECK(retry(retry_class::throttling).cost == 5);
    CHECK(retry(retry_class::timeout).cost == 10);
    CHECK(retry(retry_class::transient).cost == 14);
    CHECK(quota.available() == 500 - 29);
    quota.refund(29); // the call succeeded after those retries
    CHECK(quota.available() == 500);
    int retries = 0;
    while (retry(retry_class::transient).retry) ++retries;
    CHECK(retries == 35); // 500 / 14
    const auto refused = retry(retry_class::transient);
    CHECK_FALSE(refused.retry);
    CHECK(refused.quota_exhausted);
    CHECK(retry(retry_class::throttling).retry); // 10 tokens left: a throttling retry still fits
    CHECK(quota.available() == 5);
    quota.refund(0); // a first-try success gives back one token
    CHECK(quota.available() == 6);
    for (int i = 0; i < 1000; ++i) quota.refund(0);
    CHECK(quota.available() == retry_quota::capacity);
}
