#pragma once
// Client configuration resolved the way the AWS SDKs do it: explicit values first, then the
// environment, then the shared files (~/.aws/credentials and ~/.aws/config), like boto3's
// Session(profile_name=..., region_name=...).
//
//   credentials  explicit | AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
//                | credentials file [profile] | config file [profile name]
//   region       explicit | AWS_REGION | AWS_DEFAULT_REGION | config file `region`
//   endpoint     explicit | AWS_ENDPOINT_URL_DYNAMODB | AWS_ENDPOINT_URL | config `endpoint_url`
//                | https://dynamodb.<region>.amazonaws.com
//   profile      explicit | AWS_PROFILE | "default"
//   files        AWS_SHARED_CREDENTIALS_FILE | ~/.aws/credentials; AWS_CONFIG_FILE | ~/.aws/config
//   retries      explicit | AWS_MAX_ATTEMPTS | config `max_attempts` | 4;
//                AWS_RETRY_MODE | config `retry_mode` | "standard"
//   CA bundle    explicit | AWS_CA_BUNDLE | config `ca_bundle` | the system's

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// What a program may set explicitly; anything left empty is resolved from the environment and
// the shared files.
struct client_config {
    std::optional<std::string> region;
    std::optional<std::string> endpoint; // e.g. "http://localhost:8000"
    std::optional<dynorm::credentials> credentials;
    std::optional<std::string> profile;
    std::optional<int> max_attempts;     // first try included
    std::optional<std::string> retry_mode;
    std::optional<std::string> ca_bundle;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{60000};
    std::size_t max_idle_connections = 32;
    // Backoff bases of the standard retry mode (AWS's defaults for DynamoDB).
    std::chrono::milliseconds transient_backoff_base{25};
    std::chrono::milliseconds throttling_backoff_base{1000};
    std::chrono::milliseconds max_backoff{20000};
};

// The configuration a client runs with.
struct resolved_config {
    std::string region;
    std::string endpoint;
    dynorm::credentials credentials;
    std::string profile;
    int max_attempts = 4;
    std::string retry_mode = "standard";
    std::string ca_bundle;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{60000};
    std::size_t max_idle_connections = 32;
    std::chrono::milliseconds transient_backoff_base{25};
    std::chrono::milliseconds throttling_backoff_base{1000};
    std::chrono::milliseconds max_backoff{20000};
};

namespace detail {

inline std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

inline std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// An AWS shared file: [section] headers and key = value lines. Indented lines (nested
// sub-sections such as `dynamodb =` blocks) are attached to nothing and skipped.
struct ini_file {
    bool found = false;
    std::map<std::string, std::map<std::string, std::string>> sections;

    static ini_file read(const std::string& path) {
        ini_file out;
        std::ifstream in(path);
        if (!in) return out;
        out.found = true;
        std::string line, section;
        bool have_section = false;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == ' ' || line[0] == '\t') continue;
            const std::string t = trim(line);
            if (t.empty() || t[0] == '#' || t[0] == ';') continue;
            if (t.front() == '[' && t.back() == ']') {
                section = trim(std::string_view(t).substr(1, t.size() - 2));
                have_section = true;
                continue;
            }
            const auto eq = t.find('=');
            if (!have_section || eq == std::string::npos) continue;
            out.sections[section][trim(std::string_view(t).substr(0, eq))] =
                trim(std::string_view(t).substr(eq + 1));
        }
        return out;
    }

    std::optional<std::string> get(const std::string& section, const std::string& key) const {
        const auto s = sections.find(section);
        if (s == sections.end()) return std::nullopt;
        const auto k = s->second.find(key);
        if (k == s->second.end() || k->second.empty()) return std::nullopt;
        return k->second;
    }
};

// The endpoint without a user:password@ part, for messages: a password is never printed.
inline std::string endpoint_for_messages(std::string_view endpoint) {
    const std::size_t scheme = endpoint.find("//");
    if (scheme == std::string_view::npos) return std::string(endpoint);
    const std::size_t authority = scheme + 2;
    const std::size_t authority_end = std::min(endpoint.find_first_of("/?#", authority), endpoint.size());
    const std::size_t at = endpoint.substr(0, authority_end).rfind('@');
    if (at == std::string_view::npos || at < authority) return std::string(endpoint);
    return std::string(endpoint.substr(0, authority)) + std::string(endpoint.substr(at + 1));
}

// Visible ASCII only: what may go into a header value or the URL without changing the request's
// shape (a CR or LF would start another header).
inline bool visible_ascii(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return false;
    return true;
}

// Values that become headers or the URL are checked once, before any request.
inline void check_header_values(const resolved_config& c) {
    if (c.region.empty() || c.region.size() > 63 ||
        c.region.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
            std::string::npos)
        throw config_error("dynorm: the region must be 1 to 63 letters, digits and '-' (as in us-east-1)");
    if (!visible_ascii(c.endpoint))
        throw config_error("dynorm: the endpoint contains spaces or control characters");
    if (c.credentials.access_key_id.empty() || !visible_ascii(c.credentials.access_key_id))
        throw config_error("dynorm: the access key id is empty or contains spaces or control characters");
    if (!visible_ascii(c.credentials.session_token))
        throw config_error("dynorm: the session token contains spaces or control characters");
}

inline std::string home_path(const char* relative) {
    const auto home = env("HOME");
    return home ? *home + "/" + relative : std::string("~/") + relative;
}

} // namespace detail

inline resolved_config resolve_config(const client_config& explicit_config = {}) {
    using detail::env;
    resolved_config out;
    out.profile = explicit_config.profile.value_or(env("AWS_PROFILE").value_or("default"));
    const std::string credentials_path =
        env("AWS_SHARED_CREDENTIALS_FILE").value_or(detail::home_path(".aws/credentials"));
    const std::string config_path = env("AWS_CONFIG_FILE").value_or(detail::home_path(".aws/config"));
    const detail::ini_file credentials_file = detail::ini_file::read(credentials_path);
    const detail::ini_file config_file = detail::ini_file::read(config_path);
    const std::string config_section =
        out.profile == "default" ? std::string("default") : "profile " + out.profile;
    auto from_config = [&](const char* key) { return config_file.get(config_section, key); };

    // Credentials
    if (explicit_config.credentials) {
        out.credentials = *explicit_config.credentials;
    } else if (auto id = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY"); id && secret) {
        out.credentials = {*id, *secret, env("AWS_SESSION_TOKEN").value_or("")};
    } else if (auto fid = credentials_file.get(out.profile, "aws_access_key_id"),
               fsecret = credentials_file.get(out.profile, "aws_secret_access_key");
               fid && fsecret) {
        out.credentials = {*fid, *fsecret,
                           credentials_file.get(out.profile, "aws_session_token").value_or("")};
    } else if (auto cid = from_config("aws_access_key_id"), csecret = from_config("aws_secret_access_key");
               cid && csecret) {
        out.credentials = {*cid, *csecret, from_config("aws_session_token").value_or("")};
    } else {
        throw config_error(
            "dynorm: no AWS credentials found. Looked in: client_config::credentials; the "
            "environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); " + credentials_path +
            " [" + out.profile + "]" + (credentials_file.found ? "" : " (no such file)") + "; " +
            config_path + " [" + config_section + "]" + (config_file.found ? "" : " (no such file)"));
    }

    // Region
    if (explicit_config.region) out.region = *explicit_config.region;
    else if (auto r = env("AWS_REGION")) out.region = *r;
    else if (auto dr = env("AWS_DEFAULT_REGION")) out.region = *dr;
    else if (auto cr = from_config("region")) out.region = *cr;
    else
        throw config_error("dynorm: no AWS region found. Looked in: client_config::region; the "
                           "environment (AWS_REGION, AWS_DEFAULT_REGION); " + config_path + " [" +
                           config_section + "] region" + (config_file.found ? "" : " (no such file)"));

    // Endpoint
    if (explicit_config.endpoint) out.endpoint = *explicit_config.endpoint;
    else if (auto e = env("AWS_ENDPOINT_URL_DYNAMODB")) out.endpoint = *e;
    else if (auto g = env("AWS_ENDPOINT_URL")) out.endpoint = *g;
    else if (auto ce = from_config("endpoint_url")) out.endpoint = *ce;
    else out.endpoint = "https://dynamodb." + out.region + ".amazonaws.com";
    while (!out.endpoint.empty() && out.endpoint.back() == '/') out.endpoint.pop_back();
    if (out.endpoint.rfind("http://", 0) != 0 && out.endpoint.rfind("https://", 0) != 0)
        throw config_error("dynorm: endpoint '" + detail::endpoint_for_messages(out.endpoint) +
                           "' must start with http:// or https://");

    // Retries
    std::optional<std::string> attempts_text;
    if (explicit_config.max_attempts) out.max_attempts = *explicit_config.max_attempts;
    else if ((attempts_text = env("AWS_MAX_ATTEMPTS")) || (attempts_text = from_config("max_attempts"))) {
        char* end = nullptr;
        const long n = std::strtol(attempts_text->c_str(), &end, 10);
        if (end == attempts_text->c_str() || *end != '\0' || n < 1 || n > 100)
            throw config_error("dynorm: max attempts must be a whole number from 1 to 100, got '" +
                               *attempts_text + "'");
        out.max_attempts = static_cast<int>(n);
    }
    if (out.max_attempts < 1) throw config_error("dynorm: max_attempts must be at least 1");
    out.retry_mode = explicit_config.retry_mode.value_or(
        env("AWS_RETRY_MODE").value_or(from_config("retry_mode").value_or("standard")));
    if (out.retry_mode != "standard" && out.retry_mode != "adaptive" && out.retry_mode != "legacy")
        throw config_error("dynorm: retry mode must be standard, adaptive or legacy, got '" +
                           out.retry_mode + "'");

    out.ca_bundle = explicit_config.ca_bundle.value_or(
        env("AWS_CA_BUNDLE").value_or(from_config("ca_bundle").value_or("")));
    out.connect_timeout = explicit_config.connect_timeout;
    out.request_timeout = explicit_config.request_timeout;
    out.max_idle_connections = explicit_config.max_idle_connections;
    out.transient_backoff_base = explicit_config.transient_backoff_base;
    out.throttling_backoff_base = explicit_config.throttling_backoff_base;
    out.max_backoff = explicit_config.max_backoff;
    detail::check_header_values(out);
    return out;
}

} // namespace dynorm
