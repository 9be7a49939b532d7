#pragma once
// What every credentials source reads: the process (environment variables, files, clock), the
// shared files parsed once, the selected profile, the region and endpoint flags for STS and IAM
// Identity Center, and the HTTP client their calls go through.
//
//   files    AWS_CONFIG_FILE | ~/.aws/config;  AWS_SHARED_CREDENTIALS_FILE | ~/.aws/credentials
//            ("~/" is $HOME)
//   profile  explicit | AWS_PROFILE | "default"
//   region   explicit | AWS_REGION | AWS_DEFAULT_REGION | profile `region`
//   FIPS     AWS_USE_FIPS_ENDPOINT | profile `use_fips_endpoint`; dual-stack likewise

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/environment.hpp>
#include <dynorm/wire/http_client.hpp>
#include <dynorm/wire/profile_file.hpp>

#include <memory>
#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI {

struct credentials_context {
    environment env;
    std::shared_ptr<http_client> http;
    profile_file files;
    std::string config_path, credentials_path;
    bool config_found = false;
    std::string profile;
    std::string region; // may be empty: no region configured
    bool use_fips = false, use_dualstack = false;

    static std::string expand_home(const environment& env, std::string path) {
        if (path.rfind("~/", 0) == 0 || path == "~") {
            if (const auto home = env.get("HOME")) path = *home + path.substr(1);
        }
        return path;
    }

    // Reads the files; throws config_error when one doesn't parse. An empty profile or region
    // means "not given": resolved as above.
    static credentials_context load(environment env, std::shared_ptr<http_client> http, const std::string& profile = {},
                                    const std::string& region = {}) {
        credentials_context c;
        c.config_path = expand_home(env, env.get("AWS_CONFIG_FILE").value_or("~/.aws/config"));
        c.credentials_path = expand_home(env, env.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
        const auto config_text = env.read_file ? env.read_file(c.config_path) : std::nullopt;
        const auto credentials_text = env.read_file ? env.read_file(c.credentials_path) : std::nullopt;
        c.config_found = config_text.has_value();
        c.files = profile_file::parse(config_text.value_or(""), credentials_text.value_or(""), c.config_path,
                                      c.credentials_path);
        c.profile = !profile.empty() ? profile : env.get("AWS_PROFILE").value_or("default");
        if (!region.empty()) c.region = region;
        else if (auto r = env.get("AWS_REGION")) c.region = *r;
        else if (auto dr = env.get("AWS_DEFAULT_REGION")) c.region = *dr;
        else c.region = c.files.get(c.profile, "region").value_or("");
        c.use_fips = env.flag("AWS_USE_FIPS_ENDPOINT") || environment::is_true(c.files.get(c.profile, "use_fips_endpoint"));
        c.use_dualstack =
            env.flag("AWS_USE_DUALSTACK_ENDPOINT") || environment::is_true(c.files.get(c.profile, "use_dualstack_endpoint"));
        c.env = std::move(env);
        c.http = http ? std::move(http) : std::make_shared<curl_http_client>();
        return c;
    }

    std::optional<std::string> setting(const std::string& key) const { return files.get(profile, key); }
};

} // namespace dynorm
