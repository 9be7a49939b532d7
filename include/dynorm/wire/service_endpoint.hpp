#pragma once
// Where a service's requests go when the user configured it (the SDKs' "service-specific
// endpoints"), checked in this order:
//   AWS_ENDPOINT_URL_<SERVICE>    (DYNAMODB, DYNAMODB_STREAMS, STS, SSO, SSO_OIDC)
//   AWS_ENDPOINT_URL
//   the profile's `services = name` section, `<service> =` with `endpoint_url = ...` under it
//   the profile's `endpoint_url`
// all ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
// `ignore_configured_endpoint_urls` is true. Otherwise the endpoint rules decide
// (wire/endpoint_rules.hpp).

#include <dynorm/version.hpp>
#include <dynorm/wire/environment.hpp>
#include <dynorm/wire/profile_file.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

// `service` as the config file spells it: "dynamodb", "dynamodb_streams", "sts", "sso", "sso_oidc".
inline std::optional<std::string> configured_endpoint(std::string_view service, const environment& env,
                                                      const profile_file& files, const std::string& profile) {
    if (env.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ||
        environment::is_true(files.get(profile, "ignore_configured_endpoint_urls")))
        return std::nullopt;
    std::string variable = "AWS_ENDPOINT_URL_";
    for (const char c : service) variable += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (auto v = env.get(variable)) return v;
    if (auto v = env.get("AWS_ENDPOINT_URL")) return v;
    if (const auto section_name = files.get(profile, "services")) {
        const auto section = files.services.find(*section_name);
        if (section != files.services.end()) {
            const auto block = section->second.find(std::string(service));
            if (block != section->second.end())
                if (auto v = profile_file::sub_property(block->second, "endpoint_url")) return v;
        }
    }
    return files.get(profile, "endpoint_url");
}

} // namespace dynorm
