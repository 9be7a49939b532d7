#pragma once
// Time points. std::chrono::system_clock::time_point is stored as ISO-8601 UTC text with a fixed
// nine-digit fraction ("2026-11-21T08:24:46.123456789Z"): exact to the nanosecond, and strings
// sort in time order, so it works as a sort key. dynorm::epoch_seconds is stored as a number of
// seconds since 1970 — the form DynamoDB's time-to-live (TTL) attributes require.

#include <dynorm/version.hpp>
#include <chrono>
#include <compare>

namespace dynorm::inline DYNORM_ABI {

struct epoch_seconds {
    std::chrono::sys_seconds time{};

    epoch_seconds() = default;
    epoch_seconds(std::chrono::sys_seconds t) : time(t) {} // NOLINT: implicit by design
    template <class Duration>
    static epoch_seconds from(std::chrono::time_point<std::chrono::system_clock, Duration> t) {
        return {std::chrono::floor<std::chrono::seconds>(t)};
    }
    friend auto operator<=>(const epoch_seconds&, const epoch_seconds&) = default;
};

} // namespace dynorm
