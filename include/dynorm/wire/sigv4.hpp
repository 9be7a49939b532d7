#pragma once
// AWS Signature Version 4 (header signing), as specified by the AWS SigV4 documentation and
// checked against the AWS SigV4 test suite and botocore's signer.

#include <dynorm/version.hpp>
#include <dynorm/wire/detail/crypto.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// AWS credentials. The secret and the token never appear in a message or an exception.
struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; // empty unless temporary credentials
};

namespace sigv4 {

// The parts of an HTTP request that are signed.
struct request {
    std::string method = "POST";
    std::string path = "/";  // as sent; percent-encoded or not
    std::string query;       // as sent, without '?'
    std::vector<std::pair<std::string, std::string>> headers; // signed, in any order and case
    std::string_view payload;
};

struct signature {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature_hex;
    std::string authorization; // the Authorization header's value
};

// "20150830T123600Z"
inline std::string amz_date(std::chrono::system_clock::time_point t) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
    thread_local long long cached_seconds = -1;
    thread_local std::string cached;
    if (seconds == cached_seconds) return cached;
    const std::time_t tt = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_seconds = seconds;
    cached = buf;
    return cached;
}

namespace detail {

inline bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

inline std::string uri_encode(std::string_view s, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c) || (keep_slash && c == '/')) out += ch;
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

inline std::string uri_decode(std::string_view s) {
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else
            out += s[i];
    }
    return out;
}

// RFC 3986 dot-segment removal plus empty-segment collapsing, as AWS does for every service
// but S3; then each segment is URI-encoded.
inline std::string canonical_uri(std::string_view raw_path, bool normalize) {
    std::string path = uri_decode(raw_path);
    if (path.empty() || path.front() != '/') path.insert(0, "/");
    if (!normalize) return uri_encode(path, true);
    std::vector<std::string_view> segments;
    std::string_view rest = path;
    const bool trailing_slash = path.size() > 1 && path.back() == '/';
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
            continue;
        }
        segments.push_back(segment);
    }
    std::string out;
    for (const auto segment : segments) {
        out += '/';
        out += uri_encode(segment, false);
    }
    if (out.empty() || trailing_slash) out += '/';
    return out;
}

inline std::string canonical_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        const std::string_view val = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        params.emplace_back(uri_encode(uri_decode(key), false), uri_encode(uri_decode(val), false));
    }
    std::sort(params.begin(), params.end());
    std::string out;
    for (const auto& [key, val] : params) {
        if (!out.empty()) out += '&';
        out += key;
        out += '=';
        out += val;
    }
    return out;
}

// Trims and collapses runs of spaces, as the canonical header form requires.
inline std::string canonical_header_value(std::string_view v) {
    std::string out;
    bool space = false;
    for (const char c : v) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace detail

// Signs requests; caches the derived signing key per date, region and service.
class signer {
public:
    signature sign(const request& req, const credentials& creds, std::string_view region,
                   std::string_view service, std::string_view amz_date,
                   bool normalize_path = true) const {
        // Canonical headers: lower-case names, sorted; repeated names joined with ','.
        std::vector<std::pair<std::string, std::string>> headers;
        headers.reserve(req.headers.size() + 1);
        for (const auto& [name, value] : req.headers) {
            std::string lower(name);
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            headers.emplace_back(std::move(lower), detail::canonical_header_value(value));
        }
        // Temporary credentials: the token is a signed header (the caller sends it too).
        if (!creds.session_token.empty() &&
            std::none_of(headers.begin(), headers.end(),
                         [](const auto& h) { return h.first == "x-amz-security-token"; }))
            headers.emplace_back("x-amz-security-token", creds.session_token);
        std::stable_sort(headers.begin(), headers.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        std::string canonical_headers, signed_headers;
        for (std::size_t i = 0; i < headers.size(); ++i) {
            if (i > 0 && headers[i].first == headers[i - 1].first) {
                canonical_headers.back() = ',';
                canonical_headers += headers[i].second;
                canonical_headers += '\n';
                continue;
            }
            if (!signed_headers.empty()) signed_headers += ';';
            signed_headers += headers[i].first;
            canonical_headers += headers[i].first;
            canonical_headers += ':';
            canonical_headers += headers[i].second;
            canonical_headers += '\n';
        }

        return sign_canonical(req.method, detail::canonical_uri(req.path, normalize_path),
                              detail::canonical_query(req.query), canonical_headers, signed_headers,
                              req.payload, creds, region, service, amz_date);
    }

    // The signature of a request whose parts are already in canonical form: canonical_headers is
    // "name:value\n" lines with lower-case names in order, signed_headers their names joined
    // with ';'. The transport calls this directly with headers it builds in that form.
    signature sign_canonical(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, std::string_view canonical_headers,
                             std::string_view signed_headers, std::string_view payload,
                             const credentials& creds, std::string_view region,
                             std::string_view service, std::string_view amz_date) const {
        signature out;
        out.canonical_request.reserve(160 + canonical_headers.size());
        out.canonical_request.append(method).append("\n").append(canonical_uri).append("\n");
        out.canonical_request.append(canonical_query).append("\n").append(canonical_headers);
        out.canonical_request.append("\n").append(signed_headers).append("\n");
        out.canonical_request += dynorm::detail::to_hex(dynorm::detail::sha256(payload));

        const std::string_view date = amz_date.substr(0, 8);
        std::string scope;
        scope.reserve(64);
        scope.append(date).append("/").append(region).append("/").append(service).append("/aws4_request");
        out.string_to_sign.reserve(128);
        out.string_to_sign = "AWS4-HMAC-SHA256\n";
        out.string_to_sign.append(amz_date).append("\n").append(scope).append("\n");
        out.string_to_sign += dynorm::detail::to_hex(dynorm::detail::sha256(out.canonical_request));

        const dynorm::detail::sha256_digest key = signing_key(creds.secret_access_key, date, region, service);
        out.signature_hex = dynorm::detail::to_hex(
            dynorm::detail::hmac_sha256(dynorm::detail::as_view(key), out.string_to_sign));
        out.authorization.reserve(96 + creds.access_key_id.size() + signed_headers.size());
        out.authorization.append("AWS4-HMAC-SHA256 Credential=").append(creds.access_key_id).append("/");
        out.authorization.append(scope).append(", SignedHeaders=").append(signed_headers);
        out.authorization.append(", Signature=").append(out.signature_hex);
        return out;
    }

private:
    dynorm::detail::sha256_digest signing_key(std::string_view secret, std::string_view date,
                                              std::string_view region, std::string_view service) const {
        std::lock_guard lock(mutex_);
        if (cached_ && cache_date_ == date && cache_region_ == region &&
            cache_service_ == service && cache_secret_ == secret)
            return cache_key_;
        using dynorm::detail::as_view;
        using dynorm::detail::hmac_sha256;
        const auto k_date = hmac_sha256("AWS4" + std::string(secret), date);
        const auto k_region = hmac_sha256(as_view(k_date), region);
        const auto k_service = hmac_sha256(as_view(k_region), service);
        cache_key_ = hmac_sha256(as_view(k_service), "aws4_request");
        cache_date_ = date;
        cache_region_ = region;
        cache_service_ = service;
        cache_secret_ = secret;
        cached_ = true;
        return cache_key_;
    }

    mutable std::mutex mutex_;
    mutable bool cached_ = false;
    mutable std::string cache_date_, cache_region_, cache_service_, cache_secret_;
    mutable dynorm::detail::sha256_digest cache_key_{};
};

} // namespace sigv4
} // namespace dynorm
