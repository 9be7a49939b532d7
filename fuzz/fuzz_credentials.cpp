// Credential sources read untrusted bytes: the shared config files, and what instance metadata,
// container agents, STS and the SSO portal answer. The first byte picks the reader; the rest is
// the file or the response body. Every input is read or rejected with dynorm::error.
#include <dynorm/wire/credentials/container.hpp>
#include <dynorm/wire/credentials/detail/xml.hpp>
#include <dynorm/wire/credentials/imds.hpp>
#include <dynorm/wire/credentials/profile_chain.hpp>
#include <dynorm/wire/credentials/sso.hpp>
#include <dynorm/wire/credentials/sts.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

// Answers every call with the fuzzer's body (IMDS's token and role-name calls included).
class fuzzed_http : public dynorm::http_client {
public:
    explicit fuzzed_http(std::string body) : body_(std::move(body)) {}
    dynorm::http_reply send(const dynorm::http_call&) override { return {200, body_, ""}; }

private:
    std::string body_;
};

std::shared_ptr<const dynorm::credentials_context> context_for(const std::string& body, const std::string& config) {
    dynorm::environment env;
    env.variable = [](const std::string& name) -> std::optional<std::string> {
        if (name == "HOME") return "/home";
        if (name == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") return "/creds";
        return std::nullopt;
    };
    env.read_file = [body, config](const std::string& path) -> std::optional<std::string> {
        if (path == "/home/.aws/config") return config;
        if (path.rfind("/home/.aws/sso/cache/", 0) == 0) return body; // the token cache
        return std::nullopt;
    };
    env.write_file = [](const std::string&, const std::string&) { return true; };
    env.now = [] { return std::chrono::system_clock::time_point(std::chrono::hours(24 * 365 * 56)); };
    return std::make_shared<const dynorm::credentials_context>(
        dynorm::credentials_context::load(env, std::make_shared<fuzzed_http>(body)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 7) {
        case 0: {
            const auto files = dynorm::profile_file::parse(body, "");
            for (const auto& [name, properties] : files.profiles) {
                try {
                    (void)dynorm::plan_profile_chain(files, name);
                } catch (const dynorm::error&) {
                }
            }
            break;
        }
        case 1: (void)dynorm::profile_file::parse("", body); break;
        case 2: (void)dynorm::detail::read_xml_leaves(body); break;
        case 3: (void)dynorm::imds_provider(context_for(body, "")).fetch(); break;
        case 4: (void)dynorm::container_provider(context_for(body, "")).fetch(); break;
        case 5: {
            dynorm::assume_role_settings role{"arn:aws:iam::1:role/R", "s", "", {}};
            auto source = std::make_shared<dynorm::static_provider>(dynorm::resolved_credentials{{"AKID", "s", ""}, {}, {}, "k"});
            (void)dynorm::assume_role_provider(source, role, context_for(body, "")).fetch();
            break;
        }
        case 6: {
            const std::string config = "[default]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n"
                                       "[sso-session s]\nsso_region = us-east-1\nsso_start_url = https://x\n";
            (void)dynorm::profile_provider(context_for(body, config)).fetch();
            break;
        }
        }
    } catch (const dynorm::error&) {
    }
    return 0;
}
