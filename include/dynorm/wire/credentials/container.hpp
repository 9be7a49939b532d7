#pragma once
// Container credentials: ECS task roles (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, served on
// 169.254.170.2) and any agent at AWS_CONTAINER_CREDENTIALS_FULL_URI, among them EKS Pod
// Identity (169.254.170.23, fd00:ec2::23). A full URI may use plain http only towards a loopback
// address or those agents. The authorization header comes from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
// (read again on every refresh: the agent rotates it) or AWS_CONTAINER_AUTHORIZATION_TOKEN.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/detail/parse.hpp>
#include <dynorm/wire/credentials/provider.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace dynorm::inline DYNORM_ABI {

namespace detail {

// Whether plain http may reach this host: loopback, or the ECS and EKS agents' addresses.
inline bool container_http_host_allowed(std::string_view host) {
    if (host == "localhost" || host == "[::1]" || host == "169.254.170.2" || host == "169.254.170.23" ||
        host == "[fd00:ec2::23]")
        return true;
    if (host.rfind("127.", 0) != 0) return false;
    int dots = 0;
    for (const char c : host) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

} // namespace detail

// The URL container credentials come from. Throws credentials_unavailable when neither variable
// is set, credentials_error when the full URI may not be used.
inline std::string container_credentials_url(const environment& env) {
    if (const auto relative = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
        if (relative->front() != '/' || relative->find_first_of(" \t\r\n") != std::string::npos)
            throw credentials_error("container credentials", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must be a path");
        return "http://169.254.170.2" + *relative;
    }
    const auto full = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (!full) throw credentials_unavailable("neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor _FULL_URI is set");
    const bool https = full->rfind("https://", 0) == 0;
    if (!https && full->rfind("http://", 0) != 0)
        throw credentials_error("container credentials", "AWS_CONTAINER_CREDENTIALS_FULL_URI must be an http(s) URL");
    const std::string_view rest = std::string_view(*full).substr(https ? 8 : 7);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.empty() || full->find_first_of(" \t\r\n") != std::string::npos)
        throw credentials_error("container credentials", "AWS_CONTAINER_CREDENTIALS_FULL_URI has no host");
    if (!https) {
        // host without the port ("[v6]:port" or "host:port")
        std::string_view host = authority;
        if (host.front() == '[') host = host.substr(0, host.find(']') + 1);
        else host = host.substr(0, host.find(':'));
        if (!detail::container_http_host_allowed(host))
            throw credentials_error("container credentials",
                                    "plain http to " + std::string(host) +
                                        " is not allowed: use https, a loopback address or the ECS/EKS agent");
    }
    return *full;
}

class container_provider : public credentials_provider {
public:
    explicit container_provider(std::shared_ptr<const credentials_context> context) : context_(std::move(context)) {}

    std::string name() const override { return "container credentials"; }
    bool static_stability() const override { return true; }

    resolved_credentials fetch() override {
        const environment& env = context_->env;
        const std::string url = container_credentials_url(env);
        http_call call;
        call.url = url;
        call.timeout = std::chrono::seconds(5);
        call.connect_timeout = std::chrono::seconds(2);
        call.headers.emplace_back("Accept", "application/json");
        std::optional<std::string> token;
        if (const auto file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
            token = env.read_file ? env.read_file(*file) : std::nullopt;
            if (!token) throw credentials_error(name(), "can't read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
            while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
        } else {
            token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        }
        if (token) {
            if (token->find_first_of("\r\n") != std::string::npos)
                throw credentials_error(name(), "the authorization token contains a line break");
            call.headers.emplace_back("Authorization", *token);
        }
        http_reply reply;
        for (int attempt = 1; attempt <= 3; ++attempt) {
            reply = context_->http->send(call);
            if (reply.status != 0 && reply.status < 500) break;
        }
        if (reply.status != 200)
            throw credentials_error(name(), "GET " + url + " failed: " +
                                                (reply.status == 0 ? reply.error : "HTTP " + std::to_string(reply.status)));
        auto fail = [&](const std::string& why) { throw credentials_error(name(), why); };
        const detail::json_members j = detail::read_json_object(reply.body, fail);
        resolved_credentials out;
        out.credentials = {j.string("AccessKeyId").value_or(""), j.string("SecretAccessKey").value_or(""),
                           j.string("Token").value_or("")};
        if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty())
            fail("the answer has no AccessKeyId or SecretAccessKey" +
                 (j.string("message") ? ": " + *j.string("message") : std::string()));
        if (const auto e = j.string("Expiration")) {
            out.expiry = detail::parse_rfc3339(*e);
            if (!out.expiry) fail("the answer's Expiration is not a time");
        }
        out.account_id = j.string("AccountId").value_or(detail::account_of_arn(j.string("RoleArn").value_or("")));
        out.source = name();
        return out;
    }

private:
    std::shared_ptr<const credentials_context> context_;
};

} // namespace dynorm
