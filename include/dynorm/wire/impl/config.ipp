#pragma once
// The definitions of wire/config.hpp's resolution: inline in the header-only build, compiled once
// in the separately compiled one (<dynorm/src.hpp>). Included only by wire/config.hpp and src.hpp.

// what resolution uses and the declarations don't need
#include <dynorm/wire/credentials/chain.hpp>
#include <dynorm/wire/credentials/static.hpp>
#include <dynorm/wire/http_client.hpp>
#include <dynorm/wire/service_endpoint.hpp>

#include <cstdlib>

namespace dynorm::inline DYNORM_ABI {

DYNORM_DECL credentials_context load_credentials_context(const client_config& explicit_config) {
    return credentials_context::load(environment::process(),
                                     std::make_shared<curl_http_client>(
                                         explicit_config.ca_bundle.value_or(
                                             environment::process().get("AWS_CA_BUNDLE").value_or("")),
                                         explicit_config.proxy.value_or("")),
                                     explicit_config.profile.value_or(""), explicit_config.region.value_or(""));
}

DYNORM_DECL std::shared_ptr<credentials_provider> credentials_source(const client_config& explicit_config,
                                                                     std::shared_ptr<const credentials_context> context) {
    if (explicit_config.credentials) {
        detail::check_credentials(*explicit_config.credentials);
        return std::make_shared<static_provider>(resolved_credentials{*explicit_config.credentials, {}, {}, {}});
    }
    if (explicit_config.credentials_provider) return explicit_config.credentials_provider;
    const bool profile_named = explicit_config.profile || context->env.get("AWS_PROFILE");
    return default_credentials_chain(std::move(context), profile_named);
}

DYNORM_DECL resolved_config resolve_config(const client_config& explicit_config) {
    auto context = std::make_shared<const credentials_context>(load_credentials_context(explicit_config));
    const environment& process = context->env;
    auto env = [&](const char* name) { return process.get(name); };
    resolved_config out;
    out.profile = context->profile;
    auto from_config = [&](const char* key) { return context->setting(key); };
    const std::string config_section = out.profile == "default" ? std::string("default") : "profile " + out.profile;

    out.credentials = std::make_shared<credentials_cache>(credentials_source(explicit_config, context), process.now,
                                                          explicit_config.on_credentials_event);

    // Region
    out.region = context->region;
    if (out.region.empty())
        throw config_error("dynorm: no AWS region found. Looked in: client_config::region; the "
                           "environment (AWS_REGION, AWS_DEFAULT_REGION); " + context->config_path + " [" +
                           config_section + "] region" + (context->config_found ? "" : " (no such file)"));

    // Endpoint: DynamoDB's rule set (wire/endpoint_rules.hpp) decides, from a configured URL or
    // the region, FIPS, dual-stack and the account-ID endpoint mode.
    endpoint_params rules;
    rules.region = out.region;
    rules.use_fips = context->use_fips;
    rules.use_dualstack = context->use_dualstack;
    if (explicit_config.endpoint) rules.endpoint = *explicit_config.endpoint;
    else rules.endpoint = configured_endpoint("dynamodb", process, context->files, out.profile);
    if (rules.endpoint) {
        while (!rules.endpoint->empty() && rules.endpoint->back() == '/') rules.endpoint->pop_back();
        if (rules.endpoint->rfind("http://", 0) != 0 && rules.endpoint->rfind("https://", 0) != 0)
            throw config_error("dynorm: endpoint '" + detail::endpoint_for_messages(*rules.endpoint) +
                               "' must start with http:// or https://");
    }
    const std::string mode =
        explicit_config.account_id_endpoint_mode.value_or(env("AWS_ACCOUNT_ID_ENDPOINT_MODE").value_or(
            from_config("account_id_endpoint_mode").value_or("preferred")));
    if (mode != "preferred" && mode != "required" && mode != "disabled")
        throw config_error("dynorm: the account ID endpoint mode must be preferred, required or disabled, got '" + mode + "'");
    rules.account_id_endpoint_mode = mode == "required" ? "preferred" : mode; // the account ID is known at the first request
    const resolved_endpoint endpoint = resolve_dynamodb_endpoint(rules);
    out.endpoint = endpoint.url;
    out.signing_region = endpoint.signing_region.value_or(out.region);
    rules.account_id_endpoint_mode = mode;
    if (!rules.endpoint && mode != "disabled") out.account_endpoint_rules = rules;
    out.proxy = explicit_config.proxy.value_or("");

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
    if (explicit_config.max_requests_in_flight < 1)
        throw config_error("dynorm: max_requests_in_flight must be at least 1");
    out.max_requests_in_flight = explicit_config.max_requests_in_flight;
    out.transient_backoff_base = explicit_config.transient_backoff_base;
    out.throttling_backoff_base = explicit_config.throttling_backoff_base;
    out.max_backoff = explicit_config.max_backoff;
    detail::check_header_values(out);
    return out;
}

DYNORM_DECL resolved_credentials resolve_credentials(const client_config& explicit_config) {
    auto context = std::make_shared<const credentials_context>(load_credentials_context(explicit_config));
    return credentials_source(explicit_config, std::move(context))->fetch();
}

} // namespace dynorm
