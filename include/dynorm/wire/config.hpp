#pragma once
// Client configuration resolved the way the AWS SDKs do it: explicit values first, then the
// environment, then the shared files (~/.aws/config and ~/.aws/credentials, wire/profile_file.hpp),
// like boto3's Session(profile_name=..., region_name=...).
//
//   credentials  explicit | client_config::credentials_provider | the default chain
//                (wire/credentials/chain.hpp: environment, web identity, profile, container,
//                instance metadata), resolved at the first request and refreshed before expiry
//   region       explicit | AWS_REGION | AWS_DEFAULT_REGION | profile `region`
//   endpoint     explicit | AWS_ENDPOINT_URL_DYNAMODB | AWS_ENDPOINT_URL | profile `services`
//                section | profile `endpoint_url` (wire/service_endpoint.hpp)
//                | DynamoDB's endpoint rules: https://dynamodb[-fips].<region>.<partition's DNS suffix>,
//                dual-stack, and https://<account ID>.ddb.<region>.amazonaws.com when the credentials
//                name their account (AWS_ACCOUNT_ID_ENDPOINT_MODE | profile `account_id_endpoint_mode`
//                | "preferred")
//   FIPS         AWS_USE_FIPS_ENDPOINT | profile `use_fips_endpoint`; dual-stack likewise
//   profile      explicit | AWS_PROFILE | "default"
//   files        AWS_SHARED_CREDENTIALS_FILE | ~/.aws/credentials; AWS_CONFIG_FILE | ~/.aws/config
//   retries      explicit | AWS_MAX_ATTEMPTS | profile `max_attempts` | 4;
//                AWS_RETRY_MODE | profile `retry_mode` | "standard"
//   CA bundle    explicit | AWS_CA_BUNDLE | profile `ca_bundle` | the system's
//   proxy        explicit | libcurl's HTTPS_PROXY / HTTP_PROXY / NO_PROXY

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/cache.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/provider.hpp>
#include <dynorm/wire/endpoint_rules.hpp>
#include <dynorm/wire/environment.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
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
    // A source of the program's own (a vault, a broker); wins over the default chain.
    std::shared_ptr<dynorm::credentials_provider> credentials_provider;
    // Told when credentials are refreshed, a refresh fails, or expired ones are served a while.
    std::function<void(const credentials_event&)> on_credentials_event;
    std::optional<std::string> profile;
    std::optional<std::string> proxy;    // e.g. "http://proxy.internal:3128"; else libcurl's variables
    std::optional<std::string> account_id_endpoint_mode; // "preferred" (default), "required" or "disabled"
    std::optional<int> max_attempts;     // first try included
    std::optional<std::string> retry_mode;
    std::optional<std::string> ca_bundle;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{60000};
    std::size_t max_idle_connections = 32;
    // Requests the asynchronous calls keep in flight at once; more wait their turn, in order.
    std::size_t max_requests_in_flight = 256;
    // Backoff bases of the standard retry mode (AWS's defaults for DynamoDB).
    std::chrono::milliseconds transient_backoff_base{25};
    std::chrono::milliseconds throttling_backoff_base{1000};
    std::chrono::milliseconds max_backoff{20000};
};

// The configuration a client runs with.
struct resolved_config {
    std::string region;
    std::string endpoint;
    std::string signing_region; // the region requests are signed for; the rules may name another
    // Set when the endpoint follows the credentials' account ID (account-ID endpoints): the
    // transport resolves it again with each new account ID.
    std::optional<endpoint_params> account_endpoint_rules;
    std::shared_ptr<credentials_cache> credentials; // asked before every request
    std::string profile;
    std::string proxy;
    int max_attempts = 4;
    std::string retry_mode = "standard";
    std::string ca_bundle;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{60000};
    std::size_t max_idle_connections = 32;
    std::size_t max_requests_in_flight = 256;
    std::chrono::milliseconds transient_backoff_base{25};
    std::chrono::milliseconds throttling_backoff_base{1000};
    std::chrono::milliseconds max_backoff{20000};
};

namespace detail {

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

// Values that become headers or the URL are checked once, before any request.
inline void check_header_values(const resolved_config& c) {
    if (c.region.empty() || c.region.size() > 63 ||
        c.region.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
            std::string::npos)
        throw config_error("dynorm: the region must be 1 to 63 letters, digits and '-' (as in us-east-1)");
    if (!visible_ascii(c.endpoint))
        throw config_error("dynorm: the endpoint contains spaces or control characters");
    if (!c.credentials) throw config_error("dynorm: the configuration has no credentials source");
}

inline void check_credentials(const dynorm::credentials& c) {
    if (c.access_key_id.empty() || !visible_ascii(c.access_key_id))
        throw config_error("dynorm: the access key id is empty or contains spaces or control characters");
    if (!visible_ascii(c.session_token))
        throw config_error("dynorm: the session token contains spaces or control characters");
}

} // namespace detail

// The files, profile and region as resolution sees them, for this process.
DYNORM_DECL credentials_context load_credentials_context(const client_config& explicit_config);

// The credentials source of a configuration: explicit keys, the program's provider, or the
// default chain.
DYNORM_DECL std::shared_ptr<credentials_provider> credentials_source(const client_config& explicit_config,
                                                                     std::shared_ptr<const credentials_context> context);

// The configuration a client with these explicit values runs with (see the top of this file).
DYNORM_DECL resolved_config resolve_config(const client_config& explicit_config = {});

// The credentials a client with this configuration would sign with, fetched now: where they came
// from (`source`), when they expire and the account ID. Like `aws configure list`; print the
// source, never the keys.
DYNORM_DECL resolved_credentials resolve_credentials(const client_config& explicit_config = {});

} // namespace dynorm

#if !defined(DYNORM_SEPARATE_COMPILATION)
#include <dynorm/wire/impl/config.ipp>
#endif
