#pragma once
// Endpoint resolution as the AWS endpoint rule sets of DynamoDB, DynamoDB Streams and STS decide
// it (botocore's endpoint-rule-set-1.json of each, checked against every case of their
// endpoint-tests-1.json: tests/data/endpoints/), written out as code, with the AWS partitions
// (partitions.json) as a table. The rule sets' inputs:
//
//   region, use_fips, use_dualstack   AWS_REGION, AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT
//   endpoint                          a configured URL (wire/service_endpoint.hpp)
//   account_id, account_id_endpoint_mode (DynamoDB: "preferred" by default, "required", "disabled")
//   resource_arn, resource_arn_list, is_search_operation (DynamoDB, per operation)
//   use_global_endpoint               (STS: AWS_STS_REGIONAL_ENDPOINTS=legacy)
// A combination the rules refuse is a config_error with the rule set's own message.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

struct endpoint_params {
    std::optional<std::string> region;
    bool use_fips = false;
    bool use_dualstack = false;
    std::optional<std::string> endpoint;
    std::optional<std::string> account_id;
    std::optional<std::string> account_id_endpoint_mode;
    std::optional<std::string> resource_arn;
    std::optional<std::vector<std::string>> resource_arn_list;
    std::optional<bool> is_search_operation;
    bool use_global_endpoint = false;
};

struct resolved_endpoint {
    std::string url;
    std::optional<std::string> signing_region; // when the rules sign for another region than the request's
};

struct aws_partition {
    std::string_view name, dns_suffix, dual_stack_dns_suffix;
    bool supports_fips = true, supports_dualstack = true;
};

namespace detail {

// The partitions, their named regions' prefixes and the shape of their other regions'
// names ("<prefix>-<word>-<digits>").
struct partition_entry {
    aws_partition partition;
    std::array<std::string_view, 9> region_prefixes; // "us-" and the like; empty ones unused
    std::string_view global_region;
};

inline constexpr std::array<partition_entry, 8> partitions{{
    {{"aws", "amazonaws.com", "api.aws"}, {"us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"}, "aws-global"},
    {{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"}, {"cn-"}, "aws-cn-global"},
    {{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"}, {"eusc-de-"}, "aws-eusc-global"},
    {{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov"}, {"us-iso-"}, "aws-iso-global"},
    {{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"}, {"us-isob-"}, "aws-iso-b-global"},
    {{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"}, {"eu-isoe-"}, "aws-iso-e-global"},
    {{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"}, {"us-isof-"}, "aws-iso-f-global"},
    {{"aws-us-gov", "amazonaws.com", "api.aws"}, {"us-gov-"}, "aws-us-gov-global"},
}};

// "<word>-<digits>" where word is [A-Za-z0-9_]+.
inline bool word_dash_digits(std::string_view s) {
    const std::size_t dash = s.find('-');
    if (dash == 0 || dash == std::string_view::npos || dash + 1 == s.size()) return false;
    for (std::size_t i = 0; i < dash; ++i)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    for (std::size_t i = dash + 1; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// Smithy's isValidHostLabel without sub-domains: 1 to 63 letters, digits and '-', not starting with '-'.
inline bool valid_host_label(std::string_view s) {
    if (s.empty() || s.size() > 63 || s[0] == '-') return false;
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

struct arn_parts {
    std::string_view partition, service, region, account_id;
};

// "arn:partition:service:region:account:resource", the resource not empty.
inline std::optional<arn_parts> parse_arn(std::string_view arn) {
    std::array<std::string_view, 5> field;
    std::size_t at = 0;
    for (auto& f : field) {
        const std::size_t colon = arn.find(':', at);
        if (colon == std::string_view::npos) return std::nullopt;
        f = arn.substr(at, colon - at);
        at = colon + 1;
    }
    if (field[0] != "arn" || field[1].empty() || field[2].empty() || at >= arn.size()) return std::nullopt;
    return arn_parts{field[1], field[2], field[3], field[4]};
}

// An http(s) URL's authority ("host[:port]", any user:password@ left in) and what follows it
// (path, query, fragment; may be empty); nullopt for another scheme. The one URL splitter of the
// wire layer: endpoint rules, STS's signed host and path, the transport's Host.
struct url_parts {
    std::string_view authority;
    std::string_view rest;
};
inline std::optional<url_parts> split_http_url(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || (url.substr(0, scheme_end) != "http" && url.substr(0, scheme_end) != "https"))
        return std::nullopt;
    const std::string_view after = url.substr(scheme_end + 3);
    const std::size_t end = std::min(after.find_first_of("/?#"), after.size());
    return url_parts{after.substr(0, end), after.substr(end)};
}

// The authority as the rules' parseURL gives it: nullopt for a URL with a query.
inline std::optional<std::string_view> url_authority(std::string_view url) {
    const auto parts = split_http_url(url);
    if (!parts || url.find('?') != std::string_view::npos) return std::nullopt;
    return parts->authority;
}

[[noreturn]] inline void rule_error(std::string_view message) {
    throw config_error("dynorm: endpoint rules: " + std::string(message));
}

// What every rule set refuses with a configured endpoint.
inline void refuse_variants_of_custom_endpoint(const endpoint_params& p) {
    if (p.use_fips) rule_error("Invalid Configuration: FIPS and custom endpoint are not supported");
    if (p.use_dualstack) rule_error("Invalid Configuration: Dualstack and custom endpoint are not supported");
}

// A configured endpoint as every rule set takes it; nullopt when none is, and the region decides.
inline std::optional<resolved_endpoint> configured_or_regional(const endpoint_params& p) {
    if (!p.endpoint) {
        if (!p.region) rule_error("Invalid Configuration: Missing Region");
        return std::nullopt;
    }
    refuse_variants_of_custom_endpoint(p);
    return resolved_endpoint{*p.endpoint, {}};
}

// What every rule set refuses of a region: none, or a variant its partition doesn't have.
inline void refuse_unsupported_variants(const endpoint_params& p, const aws_partition& part) {
    if (p.use_fips && p.use_dualstack && (!part.supports_fips || !part.supports_dualstack))
        rule_error("FIPS and DualStack are enabled, but this partition does not support one or both");
    if (p.use_fips && !part.supports_fips) rule_error("FIPS is enabled but this partition does not support FIPS");
    if (p.use_dualstack && !part.supports_dualstack) rule_error("DualStack is enabled but this partition does not support DualStack");
}

inline resolved_endpoint https_url(std::string_view host, std::string_view region, std::string_view suffix) {
    return {"https://" + std::string(host) + "." + std::string(region) + "." + std::string(suffix), {}};
}

} // namespace detail

// The partition of a region: the one that names it, else the one whose pattern it fits, else aws.
inline aws_partition partition_of(std::string_view region) {
    for (const auto& p : detail::partitions)
        if (region == p.global_region) return p.partition;
    // longest prefix first: "us-gov-" before "us-"
    const detail::partition_entry* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& p : detail::partitions)
        for (const auto prefix : p.region_prefixes)
            if (!prefix.empty() && region.substr(0, prefix.size()) == prefix && prefix.size() > best_length &&
                detail::word_dash_digits(region.substr(prefix.size()))) {
                best = &p;
                best_length = prefix.size();
            }
    return best ? best->partition : detail::partitions[0].partition;
}

inline resolved_endpoint resolve_dynamodb_endpoint(const endpoint_params& p) {
    using detail::rule_error;
    const aws_partition part = partition_of(p.region.value_or(""));
    if (p.endpoint) {
        detail::refuse_variants_of_custom_endpoint(p);
        if (p.region)
            if (const auto authority = detail::url_authority(*p.endpoint)) {
                const std::string suffix = "." + *p.region + "." + std::string(part.dual_stack_dns_suffix);
                if (*authority == "dynamodb" + suffix || *authority == "search-dynamodb" + suffix)
                    rule_error("Endpoint override is not supported for dual-stack endpoints. Please enable dual-stack "
                               "functionality by enabling the configuration. For more details, see: "
                               "https://docs.aws.amazon.com/sdkref/latest/guide/feature-endpoints.html");
            }
        return {*p.endpoint, {}};
    }
    if (!p.region) rule_error("Invalid Configuration: Missing Region");
    const std::string& region = *p.region;
    if (region == "local") {
        if (p.use_fips) rule_error("Invalid Configuration: FIPS and local endpoint are not supported");
        if (p.use_dualstack) rule_error("Invalid Configuration: Dualstack and local endpoint are not supported");
        return {"http://localhost:8000", "us-east-1"};
    }
    detail::refuse_unsupported_variants(p, part);
    const bool search = p.is_search_operation.value_or(false);
    const bool required = p.account_id_endpoint_mode == "required";
    const auto regional = [&](std::string_view service, std::string_view suffix) {
        return detail::https_url(service, region, suffix);
    };
    if (p.use_fips) {
        if (required)
            rule_error("Invalid Configuration: AccountIdEndpointMode is required and FIPS is enabled, but FIPS account "
                       "endpoints are not supported");
        if (p.use_dualstack) return regional(search ? "search-dynamodb-fips" : "dynamodb-fips", part.dual_stack_dns_suffix);
        if (part.name == "aws-us-gov") return regional(search ? "search-dynamodb" : "dynamodb", part.dns_suffix);
        return regional(search ? "search-dynamodb-fips" : "dynamodb-fips", part.dns_suffix);
    }
    const std::string_view suffix = p.use_dualstack ? part.dual_stack_dns_suffix : part.dns_suffix;

    // Account-ID endpoints: the aws partition only, unless the mode is "disabled".
    const bool account_endpoints =
        p.account_id_endpoint_mode && *p.account_id_endpoint_mode != "disabled" && part.name == "aws";
    const auto account_endpoint = [&](std::string_view account) {
        return resolved_endpoint{"https://" + std::string(account) + (search ? ".search-ddb." : ".ddb.") + region + "." +
                                     std::string(suffix),
                                 {}};
    };
    const auto arn_account = [&](std::string_view arn) -> std::optional<std::string_view> {
        const auto parsed = detail::parse_arn(arn);
        if (!parsed || parsed->service != "dynamodb" || !detail::valid_host_label(parsed->region) ||
            parsed->region != region || !detail::valid_host_label(parsed->account_id))
            return std::nullopt;
        return parsed->account_id;
    };
    if (account_endpoints) {
        if (p.resource_arn)
            if (const auto account = arn_account(*p.resource_arn)) return account_endpoint(*account);
        if (p.resource_arn_list && !p.resource_arn_list->empty())
            if (const auto account = arn_account(p.resource_arn_list->front())) return account_endpoint(*account);
        if (p.account_id) {
            if (!detail::valid_host_label(*p.account_id)) rule_error("Credentials-sourced account ID parameter is invalid");
            return account_endpoint(*p.account_id);
        }
    }
    if (required) {
        if (part.name == "aws") rule_error("AccountIdEndpointMode is required but no AccountID was provided or able to be loaded");
        rule_error("Invalid Configuration: AccountIdEndpointMode is required but account endpoints are not supported in "
                   "this partition");
    }
    return regional(search ? "search-dynamodb" : "dynamodb", suffix);
}

inline resolved_endpoint resolve_streams_endpoint(const endpoint_params& p) {
    using detail::https_url;
    if (auto configured = detail::configured_or_regional(p)) return *configured;
    const std::string& region = *p.region;
    const aws_partition part = partition_of(region);
    // Dual-stack in the commercial, China and GovCloud partitions has its own host name.
    if ((part.name == "aws" || part.name == "aws-cn" || part.name == "aws-us-gov") && p.use_dualstack)
        return https_url(p.use_fips ? "streams-dynamodb-fips" : "streams-dynamodb", region, part.dual_stack_dns_suffix);
    if (part.name == "aws-us-gov" && p.use_fips) return https_url("streams.dynamodb", region, part.dns_suffix);
    detail::refuse_unsupported_variants(p, part);
    return https_url(p.use_fips ? "streams.dynamodb-fips" : "streams.dynamodb", region,
                     p.use_dualstack ? part.dual_stack_dns_suffix : part.dns_suffix);
}

inline resolved_endpoint resolve_sts_endpoint(const endpoint_params& p) {
    // The legacy global endpoint, for the regions that used it before regional STS.
    static constexpr std::array<std::string_view, 16> legacy_global{
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1",   "eu-north-1", "eu-west-1",      "eu-west-2",      "eu-west-3",  "sa-east-1",
        "us-east-1",      "us-east-2",  "us-west-1",      "us-west-2"};
    if (p.use_global_endpoint && !p.endpoint && p.region && !p.use_fips && !p.use_dualstack) {
        const aws_partition part = partition_of(*p.region);
        for (const auto r : legacy_global)
            if (*p.region == r) return {"https://sts.amazonaws.com", "us-east-1"};
        return {"https://sts." + *p.region + "." + std::string(part.dns_suffix), *p.region};
    }
    if (auto configured = detail::configured_or_regional(p)) return *configured;
    const std::string& region = *p.region;
    const aws_partition part = partition_of(region);
    detail::refuse_unsupported_variants(p, part);
    if (p.use_fips && !p.use_dualstack && part.name == "aws-us-gov") return detail::https_url("sts", region, "amazonaws.com");
    if (p.use_fips || p.use_dualstack)
        return detail::https_url(p.use_fips ? "sts-fips" : "sts", region,
                                 p.use_dualstack ? part.dual_stack_dns_suffix : part.dns_suffix);
    if (region == "aws-global") return {"https://sts.amazonaws.com", "us-east-1"};
    return detail::https_url("sts", region, part.dns_suffix);
}

// A service without a rule set of its own here (IAM Identity Center's portal and OIDC):
// <prefix>[-fips].<region>.<dns suffix, or the dual-stack one>.
inline std::string regional_endpoint(std::string_view prefix, std::string_view region, bool use_fips, bool use_dualstack) {
    const aws_partition part = partition_of(region);
    std::string url = "https://";
    url.append(prefix);
    if (use_fips) url += "-fips";
    url.append(".").append(region).append(".").append(use_dualstack ? part.dual_stack_dns_suffix : part.dns_suffix);
    return url;
}

} // namespace dynorm
