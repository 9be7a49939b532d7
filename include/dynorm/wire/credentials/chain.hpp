#pragma once
// The default credentials chain, in the AWS SDKs' order:
//   1. environment keys          AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN)
//   2. environment web identity  AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (AWS_ROLE_SESSION_NAME)
//   3. the profile               static keys, roles, web identity, SSO, credential_process
//   4. container credentials     ECS task roles, EKS Pod Identity
//   5. instance metadata         IMDSv2 on EC2
// A source that isn't configured is skipped and the reason kept; the first that is configured
// answers, and if it fails that error is the chain's (a wrong role must not fall through to the
// instance's own). When none is configured, the error lists every source and why it declined.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/container.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/imds.hpp>
#include <dynorm/wire/credentials/profile_chain.hpp>
#include <dynorm/wire/credentials/provider.hpp>
#include <dynorm/wire/credentials/static.hpp>
#include <dynorm/wire/credentials/sts.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class credentials_chain : public credentials_provider {
public:
    explicit credentials_chain(std::vector<std::shared_ptr<credentials_provider>> sources) : sources_(std::move(sources)) {}

    std::string name() const override { return "the default credentials chain"; }
    // As the source that answered last: instance metadata's outage keeps its credentials a while.
    bool static_stability() const override {
        const int last = last_.load();
        return last >= 0 && sources_[static_cast<std::size_t>(last)]->static_stability();
    }

    resolved_credentials fetch() override {
        std::string tried;
        for (std::size_t i = 0; i < sources_.size(); ++i) {
            const auto& source = sources_[i];
            try {
                resolved_credentials out = source->fetch();
                last_ = static_cast<int>(i);
                return out;
            } catch (const credentials_unavailable& e) {
                tried += "\n  " + source->name() + ": " + e.reason();
            }
        }
        throw config_error("dynorm: no AWS credentials found. Tried, in order:" + tried);
    }

private:
    std::vector<std::shared_ptr<credentials_provider>> sources_;
    std::atomic<int> last_{-1};
};

// Web identity from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN (EKS IRSA sets both).
class environment_web_identity_provider : public credentials_provider {
public:
    explicit environment_web_identity_provider(std::shared_ptr<const credentials_context> context)
        : context_(std::move(context)) {}
    std::string name() const override { return "web identity (environment)"; }
    resolved_credentials fetch() override {
        const environment& env = context_->env;
        const auto file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
        const auto role = env.get("AWS_ROLE_ARN");
        if (!file) throw credentials_unavailable("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
        if (!role) throw credentials_error(name(), "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
        assume_role_settings s;
        s.role_arn = *role;
        s.session_name = env.get("AWS_ROLE_SESSION_NAME").value_or("");
        return web_identity_provider(*file, s, context_, "environment").fetch();
    }

private:
    std::shared_ptr<const credentials_context> context_;
};

inline std::shared_ptr<credentials_provider> default_credentials_chain(std::shared_ptr<const credentials_context> context,
                                                                       bool profile_required = false) {
    return std::make_shared<credentials_chain>(std::vector<std::shared_ptr<credentials_provider>>{
        std::make_shared<environment_provider>(context->env), std::make_shared<environment_web_identity_provider>(context),
        std::make_shared<profile_provider>(context, profile_required), std::make_shared<container_provider>(context),
        std::make_shared<imds_provider>(context)});
}

} // namespace dynorm
