#pragma once
// AWS STS: AssumeRole (SigV4-signed for service "sts" with the source credentials) and
// AssumeRoleWithWebIdentity (unsigned: the token is the proof), in the query protocol
// (form-encoded POST, XML answer). The endpoint is a configured one (AWS_ENDPOINT_URL_STS, ...)
// or the regional one, FIPS and dual-stack as configured; a throttled or failed call, or
// IDPCommunicationError, is tried again, up to 3 attempts.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/detail/parse.hpp>
#include <dynorm/wire/credentials/detail/xml.hpp>
#include <dynorm/wire/credentials/provider.hpp>
#include <dynorm/wire/endpoint_rules.hpp>
#include <dynorm/wire/service_endpoint.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace dynorm::inline DYNORM_ABI {

struct assume_role_settings {
    std::string role_arn;
    std::string session_name;           // empty: "dynorm-<milliseconds since 1970>"
    std::string external_id;            // AssumeRole only
    std::optional<int> duration_seconds; // 900 to 43200; STS's default (3600) when unset
};

namespace detail {

// STS's endpoint by its rule set; with no region configured, us-east-1's (as the SDKs default).
// AWS_STS_REGIONAL_ENDPOINTS=legacy (or the profile's sts_regional_endpoints) keeps the old
// global endpoint for the regions that had it.
inline resolved_endpoint sts_endpoint(const credentials_context& c) {
    endpoint_params p;
    p.region = c.region.empty() ? "us-east-1" : c.region;
    p.use_fips = c.use_fips;
    p.use_dualstack = c.use_dualstack;
    p.endpoint = configured_endpoint("sts", c.env, c.files, c.profile);
    if (p.endpoint)
        while (!p.endpoint->empty() && p.endpoint->back() == '/') p.endpoint->pop_back();
    p.use_global_endpoint =
        c.env.get("AWS_STS_REGIONAL_ENDPOINTS").value_or(c.setting("sts_regional_endpoints").value_or("regional")) == "legacy";
    return resolve_sts_endpoint(p);
}

inline std::string default_session_name(const environment& env) {
    const auto now = env.now ? env.now() : std::chrono::system_clock::now();
    return "dynorm-" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
}

inline std::string sts_query(std::string_view action, const assume_role_settings& s, const environment& env) {
    using sigv4::detail::uri_encode;
    std::string body = "Action=" + std::string(action) + "&Version=2011-06-15&RoleArn=" + uri_encode(s.role_arn, false) +
                       "&RoleSessionName=" + uri_encode(s.session_name.empty() ? default_session_name(env) : s.session_name, false);
    if (s.duration_seconds) body += "&DurationSeconds=" + std::to_string(*s.duration_seconds);
    if (!s.external_id.empty() && action == "AssumeRole") body += "&ExternalId=" + uri_encode(s.external_id, false);
    return body;
}

// Sends an STS call (signed with `signing` when given) and reads its credentials.
inline resolved_credentials call_sts(const credentials_context& c, std::string_view action, const std::string& body,
                                     const credentials* signing, const std::string& source) {
    resolved_endpoint endpoint;
    try {
        endpoint = sts_endpoint(c);
    } catch (const config_error& e) {
        const std::string why = e.what();
        throw credentials_error(source, why.rfind("dynorm: ", 0) == 0 ? why.substr(8) : why);
    }
    const std::string& url = endpoint.url;
    const auto parts = split_http_url(url);
    if (!parts || parts->authority.empty() || parts->authority.find('@') != std::string_view::npos ||
        !visible_ascii(url))
        throw credentials_error(source, "the STS endpoint '" + url + "' is not an http(s) URL");
    // what is signed: the host and the path without query or fragment
    const std::string host(parts->authority);
    std::string path(parts->rest.substr(0, parts->rest.find_first_of("?#")));
    if (path.empty()) path = "/";
    const std::string region = endpoint.signing_region.value_or(c.region.empty() ? "us-east-1" : c.region);
    for (int attempt = 1;; ++attempt) {
        http_call call;
        call.method = "POST";
        call.url = url;
        call.body = body;
        call.timeout = std::chrono::seconds(10);
        call.connect_timeout = std::chrono::seconds(3);
        call.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        if (signing) {
            const std::string date = sigv4::amz_date(c.env.now ? c.env.now() : std::chrono::system_clock::now());
            sigv4::request r;
            r.path = path;
            r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                         {"Host", host},
                         {"X-Amz-Date", date}};
            r.payload = body;
            const sigv4::signature sig = sigv4::signer{}.sign(r, *signing, region, "sts", date);
            call.headers.emplace_back("X-Amz-Date", date);
            if (!signing->session_token.empty()) call.headers.emplace_back("X-Amz-Security-Token", signing->session_token);
            call.headers.emplace_back("Authorization", sig.authorization);
        }
        const http_reply reply = c.http->send(call);
        std::string code, message;
        if (reply.status == 200) {
            const auto leaves = read_xml_leaves(reply.body);
            if (!leaves) throw credentials_error(source, "STS " + std::string(action) + " answered with malformed XML");
            const std::string result = std::string(action) + "Response/" + std::string(action) + "Result/";
            auto leaf = [&](const std::string& path) -> std::string {
                const auto v = leaves->find(result + path);
                return v == leaves->end() ? std::string() : v->second;
            };
            resolved_credentials out;
            out.credentials = {leaf("Credentials/AccessKeyId"), leaf("Credentials/SecretAccessKey"),
                               leaf("Credentials/SessionToken")};
            if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty() ||
                out.credentials.session_token.empty())
                throw credentials_error(source, "STS " + std::string(action) + " answered without credentials");
            out.expiry = parse_rfc3339(leaf("Credentials/Expiration"));
            if (!out.expiry) throw credentials_error(source, "STS " + std::string(action) + " answered without a valid Expiration");
            out.account_id = account_of_arn(leaf("AssumedRoleUser/Arn"));
            out.source = source;
            return out;
        }
        if (reply.status == 0) {
            code = "ConnectionError";
            message = reply.error;
        } else if (const auto leaves = read_xml_leaves(reply.body)) {
            const auto c_it = leaves->find("ErrorResponse/Error/Code");
            const auto m_it = leaves->find("ErrorResponse/Error/Message");
            code = c_it == leaves->end() ? "" : c_it->second;
            message = m_it == leaves->end() ? "" : m_it->second;
        }
        const bool retry = reply.status == 0 || reply.status >= 500 || code == "IDPCommunicationError" ||
                           code == "Throttling" || code == "RequestExpired";
        if (!retry || attempt == 3) {
            std::string why = "STS " + std::string(action) + " failed";
            if (reply.status != 0) why += " with HTTP " + std::to_string(reply.status);
            if (!code.empty()) why += " (" + code + ")";
            if (!message.empty()) why += ": " + message.substr(0, 500);
            throw credentials_error(source, why);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    }
}

} // namespace detail

// Credentials of a role, assumed with the credentials of another source.
class assume_role_provider : public credentials_provider {
public:
    assume_role_provider(std::shared_ptr<credentials_provider> source, assume_role_settings settings,
                         std::shared_ptr<const credentials_context> context)
        : source_(std::move(source)), settings_(std::move(settings)), context_(std::move(context)) {}

    std::string name() const override { return "assume role " + settings_.role_arn + " (from " + source_->name() + ")"; }

    resolved_credentials fetch() override {
        const resolved_credentials base = source_->fetch();
        return detail::call_sts(*context_, "AssumeRole", detail::sts_query("AssumeRole", settings_, context_->env),
                                &base.credentials, name());
    }

private:
    std::shared_ptr<credentials_provider> source_;
    assume_role_settings settings_;
    std::shared_ptr<const credentials_context> context_;
};

// Credentials of a role for an OpenID Connect token in a file (EKS IRSA and other federations);
// the file is read again on every refresh, since the platform rotates it.
class web_identity_provider : public credentials_provider {
public:
    web_identity_provider(std::string token_file, assume_role_settings settings,
                          std::shared_ptr<const credentials_context> context, std::string origin)
        : token_file_(std::move(token_file)), settings_(std::move(settings)), context_(std::move(context)),
          origin_(std::move(origin)) {}

    std::string name() const override { return "web identity (" + origin_ + ")"; }

    resolved_credentials fetch() override {
        const auto token = context_->env.read_file ? context_->env.read_file(token_file_) : std::nullopt;
        if (!token) throw credentials_error(name(), "can't read the token file " + token_file_);
        std::string_view trimmed = *token; // the file's final newline is not part of the token
        while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' '))
            trimmed.remove_suffix(1);
        if (trimmed.empty()) throw credentials_error(name(), "the token file " + token_file_ + " is empty");
        const std::string body = detail::sts_query("AssumeRoleWithWebIdentity", settings_, context_->env) +
                                 "&WebIdentityToken=" + sigv4::detail::uri_encode(trimmed, false);
        return detail::call_sts(*context_, "AssumeRoleWithWebIdentity", body, nullptr, name());
    }

private:
    std::string token_file_;
    assume_role_settings settings_;
    std::shared_ptr<const credentials_context> context_;
    std::string origin_;
};

} // namespace dynorm
