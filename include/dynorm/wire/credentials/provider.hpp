#pragma once
// A credentials source and what it yields. Each source (environment, profile, process, container,
// instance metadata, STS, IAM Identity Center) is a credentials_provider; the default chain asks
// them in the SDKs' order, and a refreshing cache sits in front of those whose credentials expire.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <chrono>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

// Credentials with what is known about them. Printing them is not offered: only `source`,
// `expiry` and `account_id` are meant for logs.
struct resolved_credentials {
    dynorm::credentials credentials;
    std::optional<std::chrono::system_clock::time_point> expiry; // none: they don't expire
    std::string account_id;                                      // empty when the source doesn't say
    std::string source;                                          // e.g. "environment", "profile dev (static keys)"
};

// Thrown by a source that isn't configured here (no AWS_ACCESS_KEY_ID, no role ARN, ...): the chain
// moves on and lists the reason if no source has credentials.
class credentials_unavailable : public config_error {
public:
    explicit credentials_unavailable(std::string reason) : config_error("dynorm: " + reason), reason_(std::move(reason)) {}
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string reason_;
};

namespace detail {
template <class>
inline constexpr bool printable_credentials = false;

// Visible ASCII only: what may go into a header value or the URL without changing the request's
// shape (a CR or LF would start another header). Keys, tokens and endpoints are checked with it.
inline bool visible_ascii(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return false;
    return true;
}
} // namespace detail

// Writing credentials to a stream doesn't compile: print `source`, `expiry` or `account_id`.
template <class Stream, class C>
    requires std::same_as<C, credentials> || std::same_as<C, resolved_credentials>
Stream& operator<<(Stream& out, const C&) {
    static_assert(detail::printable_credentials<C>,
                  "dynorm: credentials are not printable; print .source, .expiry or .account_id instead");
    return out;
}

class credentials_provider {
public:
    virtual ~credentials_provider() = default;
    // Names the source in messages: "environment", "instance metadata (IMDSv2)".
    virtual std::string name() const = 0;
    // Fresh credentials from the source. Throws credentials_unavailable when the source isn't
    // configured, credentials_error when it is and fails.
    virtual resolved_credentials fetch() = 0;
    // Whether, when the source is down, expired credentials may be served a little longer
    // (instance metadata and container credentials: their outage shouldn't stop a fleet).
    virtual bool static_stability() const { return false; }
};

} // namespace dynorm
