#pragma once
// Credentials that are simply there: given by the program (as keys or as a function), or in the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ACCOUNT_ID,
// AWS_CREDENTIAL_EXPIRATION). A variable holding only spaces counts as unset.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/detail/parse.hpp>
#include <dynorm/wire/credentials/provider.hpp>
#include <dynorm/wire/environment.hpp>
#include <dynorm/wire/profile_file.hpp>

#include <functional>
#include <string>

namespace dynorm::inline DYNORM_ABI {

class static_provider : public credentials_provider {
public:
    explicit static_provider(resolved_credentials c) : credentials_(std::move(c)) {
        if (credentials_.source.empty()) credentials_.source = "client_config::credentials";
    }
    std::string name() const override { return credentials_.source; }
    resolved_credentials fetch() override { return credentials_; }

private:
    resolved_credentials credentials_;
};

// A source that is a function of the program's: called at the first request and again when the
// credentials it returned near their `expiry`.
class callback_provider : public credentials_provider {
public:
    callback_provider(std::string name, std::function<resolved_credentials()> fetch)
        : name_(std::move(name)), fetch_(std::move(fetch)) {}
    std::string name() const override { return name_; }
    resolved_credentials fetch() override {
        resolved_credentials c = fetch_();
        if (c.source.empty()) c.source = name_;
        return c;
    }

private:
    std::string name_;
    std::function<resolved_credentials()> fetch_;
};

class environment_provider : public credentials_provider {
public:
    explicit environment_provider(environment env) : env_(std::move(env)) {}
    std::string name() const override { return "environment"; }

    resolved_credentials fetch() override {
        const std::string id = value("AWS_ACCESS_KEY_ID"), secret = value("AWS_SECRET_ACCESS_KEY");
        if (id.empty() && secret.empty()) throw credentials_unavailable("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
        if (id.empty()) throw credentials_error(name(), "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
        if (secret.empty()) throw credentials_error(name(), "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        resolved_credentials out;
        out.credentials = {id, secret, value("AWS_SESSION_TOKEN")};
        out.account_id = value("AWS_ACCOUNT_ID");
        if (const std::string e = value("AWS_CREDENTIAL_EXPIRATION"); !e.empty()) {
            out.expiry = detail::parse_rfc3339(e);
            if (!out.expiry) throw credentials_error(name(), "AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 time");
        }
        out.source = name();
        return out;
    }

private:
    std::string value(const char* name) const {
        return std::string(profile_file::trim(env_.get(name).value_or("")));
    }
    environment env_;
};

} // namespace dynorm
