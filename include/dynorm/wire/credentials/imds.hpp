#pragma once
// EC2 instance metadata (IMDSv2): PUT /latest/api/token (TTL 21600 s), then the role name from
// /latest/meta-data/iam/security-credentials-extended/ (which also gives the AccountId; the
// legacy security-credentials/ path when an instance lacks it), then that role's credentials.
// A token request answered 403, 404 or 405 falls back to IMDSv1 (no token) unless
// AWS_EC2_METADATA_V1_DISABLED / `ec2_metadata_v1_disabled` says not to. Anything else that
// stops the token (a timeout off EC2) ends the attempt: 1 s timeouts and 1 attempt by default,
// so a laptop pays at most a second, once.
//
//   disabled  AWS_EC2_METADATA_DISABLED=true
//   endpoint  explicit | AWS_EC2_METADATA_SERVICE_ENDPOINT | profile `ec2_metadata_service_endpoint`
//             | by mode: IPv4 http://169.254.169.254, IPv6 http://[fd00:ec2::254]
//   mode      explicit | AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE | profile `ec2_metadata_service_endpoint_mode`
//   timeout   AWS_METADATA_SERVICE_TIMEOUT | profile `metadata_service_timeout` (seconds); attempts
//             AWS_METADATA_SERVICE_NUM_ATTEMPTS | profile `metadata_service_num_attempts`

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/detail/parse.hpp>
#include <dynorm/wire/credentials/provider.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI {

struct imds_settings {
    std::optional<std::string> endpoint; // e.g. "http://169.254.169.254"
    std::optional<std::string> mode;     // "IPv4" or "IPv6"
};

namespace detail {

inline bool visible_url(std::string_view url) {
    return (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) && url.size() > url.find("//") + 2 &&
           visible_ascii(url);
}

inline std::optional<int> small_number(const std::optional<std::string>& text) {
    if (!text || text->empty() || text->size() > 4 || text->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoi(*text);
}

} // namespace detail

// The IMDS base URL (no trailing slash). Throws config_error for a bad mode or URL.
inline std::string imds_endpoint(const credentials_context& c, const imds_settings& s = {}) {
    std::optional<std::string> endpoint = s.endpoint;
    if (!endpoint) endpoint = c.env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (!endpoint) endpoint = c.setting("ec2_metadata_service_endpoint");
    if (endpoint) {
        if (!detail::visible_url(*endpoint))
            throw config_error("dynorm: the instance metadata endpoint '" + *endpoint + "' is not an http(s) URL");
        while (endpoint->back() == '/') endpoint->pop_back();
        return *endpoint;
    }
    std::optional<std::string> mode = s.mode;
    if (!mode) mode = c.env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
    if (!mode) mode = c.setting("ec2_metadata_service_endpoint_mode");
    std::string lower;
    for (const char ch : mode.value_or("ipv4")) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (lower == "ipv4") return "http://169.254.169.254";
    if (lower == "ipv6") return "http://[fd00:ec2::254]";
    throw config_error("dynorm: the instance metadata endpoint mode must be IPv4 or IPv6, got '" + *mode + "'");
}

class imds_provider : public credentials_provider {
public:
    explicit imds_provider(std::shared_ptr<const credentials_context> context, imds_settings settings = {})
        : context_(std::move(context)), settings_(std::move(settings)) {}

    std::string name() const override { return "instance metadata (IMDS)"; }
    bool static_stability() const override { return true; }

    resolved_credentials fetch() override {
        std::lock_guard lock(mutex_); // the role name and timeout are shared between fetches
        const credentials_context& c = *context_;
        if (c.env.flag("AWS_EC2_METADATA_DISABLED")) throw credentials_unavailable("AWS_EC2_METADATA_DISABLED is true");
        const std::string base = imds_endpoint(c, settings_);
        const auto seconds = detail::small_number(c.env.get("AWS_METADATA_SERVICE_TIMEOUT"))
                                 .value_or(detail::small_number(c.setting("metadata_service_timeout")).value_or(1));
        const int attempts = std::max(1, detail::small_number(c.env.get("AWS_METADATA_SERVICE_NUM_ATTEMPTS"))
                                             .value_or(detail::small_number(c.setting("metadata_service_num_attempts")).value_or(1)));
        timeout_ = std::chrono::seconds(std::max(1, seconds));
        const bool v1_disabled =
            c.env.flag("AWS_EC2_METADATA_V1_DISABLED") || environment::is_true(c.setting("ec2_metadata_v1_disabled"));

        // The session token.
        http_call put;
        put.method = "PUT";
        put.url = base + "/latest/api/token";
        put.headers.emplace_back("x-aws-ec2-metadata-token-ttl-seconds", "21600");
        const http_reply token = send(put, attempts);
        std::optional<std::string> session;
        if (token.status == 200) {
            if (token.body.empty() || !detail::visible_ascii(token.body))
                throw credentials_error(name(), "the metadata token contains spaces or control characters");
            session = token.body;
        } else if (token.status == 403 || token.status == 404 || token.status == 405) {
            if (v1_disabled)
                throw credentials_error(name(), "IMDSv2 refused a token (HTTP " + std::to_string(token.status) +
                                                    ") and IMDSv1 is disabled");
        } else if (token.status == 0) {
            throw credentials_unavailable("no instance metadata service at " + base + " (" + token.error + ")");
        } else {
            throw credentials_error(name(), "the metadata token request failed with HTTP " + std::to_string(token.status));
        }

        // The role name: found once, then reused (an instance's role rarely changes; if it does,
        // the credentials request fails and the next refresh looks again).
        std::string role = role_;
        bool extended = extended_;
        if (role.empty()) {
            http_reply listing = get(base + "/latest/meta-data/iam/security-credentials-extended/", session, attempts);
            extended = listing.status == 200;
            if (!extended) listing = get(base + "/latest/meta-data/iam/security-credentials/", session, attempts);
            if (listing.status == 404)
                throw credentials_error(name(), "the instance has no IAM role (instance profile) attached");
            if (listing.status != 200) throw failed("the role name", listing);
            role = std::string(profile_file::trim(listing.body.substr(0, listing.body.find('\n'))));
            if (role.empty() || role.find_first_of("/?#% ") != std::string::npos)
                throw credentials_error(name(), "the metadata service named no usable role");
        }
        const std::string path = extended ? "/latest/meta-data/iam/security-credentials-extended/"
                                          : "/latest/meta-data/iam/security-credentials/";
        const http_reply document = get(base + path + role, session, attempts);
        if (document.status != 200) {
            role_.clear();
            throw failed("the role's credentials", document);
        }
        auto fail = [&](const std::string& why) { throw credentials_error(name(), why); };
        const detail::json_members j = detail::read_json_object(document.body, fail);
        if (j.string("Code").value_or("Success") != "Success")
            fail("the metadata service answered Code " + j.string("Code").value_or(""));
        resolved_credentials out;
        out.credentials = {j.string("AccessKeyId").value_or(""), j.string("SecretAccessKey").value_or(""),
                           j.string("Token").value_or("")};
        if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty())
            fail("the credentials document has no AccessKeyId or SecretAccessKey");
        if (const auto e = j.string("Expiration")) {
            out.expiry = detail::parse_rfc3339(*e);
            if (!out.expiry) fail("the credentials document's Expiration is not a time");
        }
        out.account_id = j.string("AccountId").value_or("");
        out.source = name() + ", role " + role;
        role_ = role;
        extended_ = extended;
        return out;
    }

private:
    http_reply send(const http_call& call_template, int attempts) const {
        http_call call = call_template;
        call.timeout = timeout_;
        call.connect_timeout = timeout_;
        http_reply reply;
        for (int i = 0; i < attempts; ++i) {
            reply = context_->http->send(call);
            if (reply.status != 0 && reply.status < 500) break;
        }
        return reply;
    }
    http_reply get(const std::string& url, const std::optional<std::string>& session, int attempts) const {
        http_call call;
        call.url = url;
        if (session) call.headers.emplace_back("x-aws-ec2-metadata-token", *session);
        return send(call, attempts);
    }
    credentials_error failed(const std::string& what, const http_reply& r) const {
        return credentials_error(name(), "reading " + what + " failed: " +
                                             (r.status == 0 ? r.error : "HTTP " + std::to_string(r.status)));
    }

    std::shared_ptr<const credentials_context> context_;
    imds_settings settings_;
    std::chrono::milliseconds timeout_{1000};
    std::mutex mutex_;
    std::string role_;
    bool extended_ = false;
};

} // namespace dynorm
