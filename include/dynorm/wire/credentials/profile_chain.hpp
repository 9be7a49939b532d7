#pragma once
// A profile's credentials, as the SDKs resolve them (tests/data/aws-config/assume-role-chain-cases.json):
// a base source, then zero or more roles assumed one after the other.
//
//   role_arn + source_profile     assume the role with the source profile's credentials (which
//                                 may assume a role in turn; a profile seen twice is a loop,
//                                 but a profile naming itself uses its own static keys)
//   role_arn + credential_source  Environment, Ec2InstanceMetadata or EcsContainer as the base
//   web_identity_token_file       AssumeRoleWithWebIdentity for role_arn
//   sso_session / sso_start_url   IAM Identity Center
//   credential_process            a helper program
//   aws_access_key_id + secret    static keys
// In a source profile static keys win over its own role_arn; in the selected profile the role
// wins. role_session_name, external_id and duration_seconds apply to the role they sit beside.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/container.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/imds.hpp>
#include <dynorm/wire/credentials/process.hpp>
#include <dynorm/wire/credentials/provider.hpp>
#include <dynorm/wire/credentials/sso.hpp>
#include <dynorm/wire/credentials/static.hpp>
#include <dynorm/wire/credentials/sts.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

struct profile_base {
    enum class kind { static_keys, named_source, web_identity, sso, process };
    kind what = kind::static_keys;
    std::string profile;
    resolved_credentials keys;      // static_keys (account_id from aws_account_id)
    std::string named_source;       // named_source
    std::string token_file;         // web_identity
    assume_role_settings role;      // web_identity
    sso_settings sso;               // sso
    std::string command;            // process
    std::string account_id;         // process: the profile's aws_account_id
};

struct profile_role {
    std::string profile;
    assume_role_settings role;
};

struct profile_chain {
    profile_base base;
    std::vector<profile_role> roles; // assumed in this order, starting from the base's credentials
};

namespace detail {

inline assume_role_settings role_of(const profile_file& f, const std::string& p) {
    assume_role_settings r;
    r.role_arn = f.get(p, "role_arn").value_or("");
    r.session_name = f.get(p, "role_session_name").value_or("");
    r.external_id = f.get(p, "external_id").value_or("");
    if (const auto d = f.get(p, "duration_seconds")) {
        if (d->empty() || d->size() > 5 || d->find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(*d) < 900 || std::stoi(*d) > 43200)
            throw credentials_error("profile " + p, "duration_seconds must be a whole number from 900 to 43200");
        r.duration_seconds = std::stoi(*d);
    }
    return r;
}

// Static keys of a profile; nullopt when it has neither key.
inline std::optional<resolved_credentials> static_keys_of(const profile_file& f, const std::string& p) {
    const auto id = f.get(p, "aws_access_key_id"), secret = f.get(p, "aws_secret_access_key");
    if (!id && !secret) return std::nullopt;
    if (!id) throw credentials_error("profile " + p, "aws_secret_access_key is set but aws_access_key_id is missing");
    if (!secret) throw credentials_error("profile " + p, "aws_access_key_id is set but aws_secret_access_key is missing");
    resolved_credentials out;
    out.credentials = {*id, *secret, f.get(p, "aws_session_token").value_or("")};
    out.account_id = f.get(p, "aws_account_id").value_or("");
    out.source = "profile " + p + " (static keys)";
    return out;
}

// The profile's own source, without role chaining; credentials_unavailable when it has none.
inline profile_base base_of(const profile_file& f, const std::string& p) {
    profile_base b;
    b.profile = p;
    const auto source = [&](const std::string& why) { return credentials_error("profile " + p, why); };
    if (const auto named = f.get(p, "credential_source")) {
        b.what = profile_base::kind::named_source;
        b.named_source = *named;
        return b;
    }
    if (const auto token_file = f.get(p, "web_identity_token_file")) {
        b.what = profile_base::kind::web_identity;
        b.token_file = *token_file;
        b.role = role_of(f, p);
        if (b.role.role_arn.empty()) throw source("web_identity_token_file is set but role_arn is missing");
        return b;
    }
    const auto session = f.get(p, "sso_session");
    const auto start_url = f.get(p, "sso_start_url"), region = f.get(p, "sso_region");
    const auto account = f.get(p, "sso_account_id"), role = f.get(p, "sso_role_name");
    if (session || start_url || account || role || region) {
        b.what = profile_base::kind::sso;
        if (role && !account) throw source("sso_role_name is set, so sso_account_id must be set too");
        if (account && !role) throw source("sso_account_id is set, so sso_role_name must be set too");
        b.sso.account_id = account.value_or("");
        b.sso.role_name = role.value_or("");
        if (session) {
            const auto s = f.sso_sessions.find(*session);
            if (s == f.sso_sessions.end()) throw source("the sso-session named " + *session + " was not found");
            b.sso.session_name = *session;
            const auto in_session = [&](const char* key) {
                const auto v = s->second.find(key);
                return v == s->second.end() ? std::string() : v->second;
            };
            b.sso.start_url = in_session("sso_start_url");
            b.sso.region = in_session("sso_region");
            if ((region && *region != b.sso.region) || (start_url && *start_url != b.sso.start_url))
                throw source("with sso_session, sso_region and sso_start_url belong in the [sso-session " + *session +
                             "] section");
        } else {
            b.sso.start_url = start_url.value_or("");
            b.sso.region = region.value_or("");
            if (b.sso.start_url.empty()) throw source("sso_start_url is missing (or use sso_session)");
        }
        return b;
    }
    if (const auto command = f.get(p, "credential_process")) {
        b.what = profile_base::kind::process;
        b.command = *command;
        b.account_id = f.get(p, "aws_account_id").value_or("");
        return b;
    }
    if (auto keys = static_keys_of(f, p)) {
        b.keys = std::move(*keys);
        return b;
    }
    throw credentials_unavailable("profile " + p + " holds no credentials");
}

} // namespace detail

// Plans the chain of the selected profile. Throws credentials_unavailable when the profile
// doesn't exist (and wasn't asked for by name: `required`) or holds no credentials at all,
// credentials_error when it is configured wrongly.
inline profile_chain plan_profile_chain(const profile_file& f, const std::string& selected, bool required = false) {
    profile_chain chain;
    std::vector<std::string> visited;
    std::string name = selected;
    if (!f.profile(name)) {
        if (required) throw credentials_error("profile " + name, "no such profile in the config or credentials file");
        throw credentials_unavailable(f.profiles.empty() ? "no profiles are defined" : "profile " + name + " is not defined");
    }
    for (;;) {
        if (!f.profile(name))
            throw credentials_error("profile " + visited.back(), "its source_profile " + name + " does not exist");
        if (std::find(visited.begin(), visited.end(), name) != visited.end()) {
            std::string loop;
            for (const auto& v : visited) loop += v + " -> ";
            throw credentials_error("profile " + selected, "source_profile forms a loop: " + loop + name);
        }
        visited.push_back(name);
        if (visited.size() > 1)
            if (auto keys = detail::static_keys_of(f, name)) {
                chain.base.profile = name;
                chain.base.keys = std::move(*keys);
                break;
            }
        const auto role_arn = f.get(name, "role_arn");
        if (!role_arn || f.get(name, "web_identity_token_file")) {
            try {
                chain.base = detail::base_of(f, name);
            } catch (const credentials_unavailable&) {
                if (visited.size() == 1) throw;
                throw credentials_error("profile " + visited[visited.size() - 2],
                                        "its source_profile " + name + " holds no credentials");
            }
            break;
        }
        const auto source_profile = f.get(name, "source_profile");
        const auto credential_source = f.get(name, "credential_source");
        if (source_profile && credential_source)
            throw credentials_error("profile " + name, "it sets both source_profile and credential_source");
        if (!source_profile && !credential_source)
            throw credentials_error("profile " + name, "role_arn needs source_profile or credential_source");
        chain.roles.push_back({name, detail::role_of(f, name)});
        if (credential_source) {
            chain.base.what = profile_base::kind::named_source;
            chain.base.profile = name;
            chain.base.named_source = *credential_source;
            break;
        }
        if (*source_profile == name) { // its own keys are the source
            auto keys = detail::static_keys_of(f, name);
            if (!keys) throw credentials_error("profile " + name, "it is its own source_profile but has no static keys");
            chain.base.profile = name;
            chain.base.keys = std::move(*keys);
            break;
        }
        name = *source_profile;
    }
    std::reverse(chain.roles.begin(), chain.roles.end());
    return chain;
}

// The providers a plan stands for, wired together.
inline std::shared_ptr<credentials_provider> build_profile_chain(const profile_chain& chain,
                                                                 std::shared_ptr<const credentials_context> context) {
    const profile_base& b = chain.base;
    std::shared_ptr<credentials_provider> p;
    switch (b.what) {
    case profile_base::kind::static_keys: p = std::make_shared<static_provider>(b.keys); break;
    case profile_base::kind::named_source:
        if (b.named_source == "Environment") p = std::make_shared<environment_provider>(context->env);
        else if (b.named_source == "Ec2InstanceMetadata") p = std::make_shared<imds_provider>(context);
        else if (b.named_source == "EcsContainer") p = std::make_shared<container_provider>(context);
        else
            throw credentials_error("profile " + b.profile, "credential_source must be Environment, Ec2InstanceMetadata or "
                                                            "EcsContainer, not '" + b.named_source + "'");
        break;
    case profile_base::kind::web_identity:
        p = std::make_shared<web_identity_provider>(b.token_file, b.role, context, "profile " + b.profile);
        break;
    case profile_base::kind::sso: p = std::make_shared<sso_provider>(b.sso, context); break;
    case profile_base::kind::process: p = std::make_shared<process_provider>(b.command, "profile " + b.profile, b.account_id); break;
    }
    for (const profile_role& r : chain.roles) p = std::make_shared<assume_role_provider>(std::move(p), r.role, context);
    return p;
}

// The selected profile's credentials. The chain is planned at the first fetch.
class profile_provider : public credentials_provider {
public:
    explicit profile_provider(std::shared_ptr<const credentials_context> context, bool required = false)
        : context_(std::move(context)), required_(required) {}

    std::string name() const override { return "profile " + context_->profile; }

    resolved_credentials fetch() override {
        std::shared_ptr<credentials_provider> chain;
        {
            std::lock_guard lock(mutex_);
            if (!chain_)
                chain_ = build_profile_chain(plan_profile_chain(context_->files, context_->profile, required_), context_);
            chain = chain_;
        }
        return chain->fetch();
    }

private:
    std::shared_ptr<const credentials_context> context_;
    bool required_;
    std::mutex mutex_;
    std::shared_ptr<credentials_provider> chain_;
};

} // namespace dynorm
