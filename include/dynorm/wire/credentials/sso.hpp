#pragma once
// IAM Identity Center (SSO): role credentials for the access token that `aws sso login` cached.
//   [profile dev]                          [profile dev]   (legacy form)
//   sso_session = corp                     sso_start_url = https://corp.awsapps.com/start
//   sso_account_id = 111122223333          sso_region = us-east-1
//   sso_role_name = Developer              sso_account_id = ... ; sso_role_name = ...
//   [sso-session corp]
//   sso_start_url = ...; sso_region = ...
// The token is read from ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json.
// With a session, a token within 15 minutes of expiry is renewed by SSO-OIDC's refresh-token
// grant and written back; a legacy token can only be renewed by `aws sso login`.
// GetRoleCredentials: GET <portal>/federation/credentials?account_id=..&role_name=.. with the
// token in x-amz-sso_bearer_token; the portal is AWS_ENDPOINT_URL_SSO (or another configured
// endpoint) or portal.sso.<sso_region>.amazonaws.com.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/codec/detail/text.hpp>
#include <dynorm/wire/credentials/context.hpp>
#include <dynorm/wire/credentials/detail/parse.hpp>
#include <dynorm/wire/credentials/provider.hpp>
#include <dynorm/wire/detail/crypto.hpp>
#include <dynorm/wire/endpoint_rules.hpp>
#include <dynorm/wire/service_endpoint.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace dynorm::inline DYNORM_ABI {

struct sso_settings {
    std::string session_name; // empty: the legacy form
    std::string start_url;
    std::string region;
    std::string account_id;
    std::string role_name;
};

class sso_provider : public credentials_provider {
public:
    sso_provider(sso_settings settings, std::shared_ptr<const credentials_context> context)
        : settings_(std::move(settings)), context_(std::move(context)) {}

    std::string name() const override {
        return "IAM Identity Center (" + (settings_.session_name.empty() ? settings_.start_url : "sso-session " + settings_.session_name) + ")";
    }

    resolved_credentials fetch() override {
        const credentials_context& c = *context_;
        if (settings_.account_id.empty() || settings_.role_name.empty())
            throw credentials_error(name(), "the profile names no sso_account_id and sso_role_name, so it has no role credentials");
        if (settings_.region.empty()) throw credentials_error(name(), "sso_region is not set");
        const std::string token = access_token();
        std::string portal;
        if (auto configured = configured_endpoint("sso", c.env, c.files, c.profile)) portal = *configured;
        else portal = regional_endpoint("portal.sso", settings_.region, c.use_fips, c.use_dualstack);
        while (!portal.empty() && portal.back() == '/') portal.pop_back();
        http_call call;
        call.url = portal + "/federation/credentials?account_id=" + sigv4::detail::uri_encode(settings_.account_id, false) +
                   "&role_name=" + sigv4::detail::uri_encode(settings_.role_name, false);
        call.headers.emplace_back("x-amz-sso_bearer_token", token);
        call.timeout = std::chrono::seconds(10);
        call.connect_timeout = std::chrono::seconds(3);
        http_reply reply;
        for (int attempt = 1; attempt <= 3; ++attempt) {
            reply = c.http->send(call);
            if (reply.status != 0 && reply.status < 500 && reply.status != 429) break;
        }
        if (reply.status == 401 || reply.status == 403)
            throw credentials_error(name(), "the portal refused the access token (HTTP " + std::to_string(reply.status) +
                                                "): run `aws sso login`");
        if (reply.status != 200)
            throw credentials_error(name(), "GetRoleCredentials failed: " +
                                                (reply.status == 0 ? reply.error : "HTTP " + std::to_string(reply.status)));
        auto fail = [&](const std::string& why) { throw credentials_error(name(), "GetRoleCredentials: " + why); };
        const detail::json_members outer = detail::read_json_object(reply.body, fail);
        const auto inner = outer.objects.find("roleCredentials");
        if (inner == outer.objects.end()) fail("the answer has no roleCredentials");
        const detail::json_members j = detail::read_json_object(inner->second, fail);
        resolved_credentials out;
        out.credentials = {j.string("accessKeyId").value_or(""), j.string("secretAccessKey").value_or(""),
                           j.string("sessionToken").value_or("")};
        if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty())
            fail("the answer has no accessKeyId or secretAccessKey");
        const auto ms = j.integer("expiration");
        if (!ms || *ms <= 0 || *ms / 1000 > detail::max_time_point_seconds) fail("the answer has no valid expiration");
        out.expiry = std::chrono::system_clock::time_point(std::chrono::milliseconds(*ms));
        out.account_id = settings_.account_id;
        out.source = name() + ", role " + settings_.role_name;
        return out;
    }

    std::string cache_path() const {
        const auto home = context_->env.get("HOME").value_or("~");
        return home + "/.aws/sso/cache/" +
               detail::sha1_hex(settings_.session_name.empty() ? settings_.start_url : settings_.session_name) + ".json";
    }

private:
    std::string access_token() {
        const credentials_context& c = *context_;
        const std::string path = cache_path();
        const auto text = c.env.read_file ? c.env.read_file(path) : std::nullopt;
        if (!text) throw credentials_error(name(), "no cached token at " + path + ": run `aws sso login`");
        auto fail = [&](const std::string& why) { throw credentials_error(name(), "the token cache " + path + ": " + why); };
        detail::json_members cache = detail::read_json_object(*text, fail);
        const auto token = cache.string("accessToken");
        const auto expires = detail::parse_rfc3339(cache.string("expiresAt").value_or(""));
        if (!token || !expires) fail("no accessToken or expiresAt");
        const auto now = c.env.now();
        if (now < *expires - std::chrono::minutes(15)) return *token;
        // Near or past expiry: a session's token can be refreshed.
        if (!settings_.session_name.empty()) {
            if (auto renewed = refresh(cache, path, now)) return *renewed;
        }
        if (now < *expires) return *token;
        throw credentials_error(name(), "the cached SSO token has expired: run `aws sso login`");
    }

    // The refresh-token grant; nullopt (the current token stays in use) when it can't be done.
    std::optional<std::string> refresh(const detail::json_members& cache, const std::string& path,
                                       std::chrono::system_clock::time_point now) {
        const auto refresh_token = cache.string("refreshToken");
        const auto client_id = cache.string("clientId");
        const auto client_secret = cache.string("clientSecret");
        const auto registration_end = detail::parse_rfc3339(cache.string("registrationExpiresAt").value_or(""));
        if (!refresh_token || !client_id || !client_secret || !registration_end || now >= *registration_end)
            return std::nullopt;
        const credentials_context& c = *context_;
        std::string oidc;
        if (auto configured = configured_endpoint("sso_oidc", c.env, c.files, c.profile)) oidc = *configured;
        else oidc = regional_endpoint("oidc", settings_.region, c.use_fips, c.use_dualstack);
        while (!oidc.empty() && oidc.back() == '/') oidc.pop_back();
        http_call call;
        call.method = "POST";
        call.url = oidc + "/token";
        call.headers.emplace_back("Content-Type", "application/json");
        call.timeout = std::chrono::seconds(10);
        call.connect_timeout = std::chrono::seconds(3);
        std::string& b = call.body;
        b = "{\"clientId\":";
        detail::append_json_string(b, *client_id);
        b += ",\"clientSecret\":";
        detail::append_json_string(b, *client_secret);
        b += ",\"grantType\":\"refresh_token\",\"refreshToken\":";
        detail::append_json_string(b, *refresh_token);
        b += '}';
        const http_reply reply = c.http->send(call);
        if (reply.status != 200) return std::nullopt;
        detail::json_members answer;
        try {
            answer = detail::read_json_object(reply.body, [](const std::string& why) { throw credentials_unavailable(why); });
        } catch (const credentials_unavailable&) {
            return std::nullopt; // an unreadable answer: keep the current token
        }
        const auto access = answer.string("accessToken");
        const auto expires_in = answer.integer("expiresIn");
        if (!access || !expires_in || *expires_in <= 0 || *expires_in > 366 * 86400) return std::nullopt;
        // Written back as the AWS CLI keeps it, so the CLI and other SDKs see the new token.
        std::string expires;
        const auto at = std::chrono::floor<std::chrono::seconds>(now) + std::chrono::seconds(*expires_in);
        detail::append_iso8601(expires, {at.time_since_epoch().count(), 0});
        expires = expires.substr(0, 19) + "Z";
        std::string doc = "{\"accessToken\":";
        detail::append_json_string(doc, *access);
        doc += ",\"expiresAt\":";
        detail::append_json_string(doc, expires);
        doc += ",\"refreshToken\":";
        detail::append_json_string(doc, answer.string("refreshToken").value_or(*refresh_token));
        for (const char* key : {"clientId", "clientSecret", "registrationExpiresAt", "region", "startUrl"})
            if (const auto v = cache.string(key)) {
                doc += ",\"";
                doc += key;
                doc += "\":";
                detail::append_json_string(doc, *v);
            }
        doc += '}';
        if (c.env.write_file) c.env.write_file(path, doc); // a read-only cache still serves this process
        return access;
    }

    sso_settings settings_;
    std::shared_ptr<const credentials_context> context_;
};

} // namespace dynorm
