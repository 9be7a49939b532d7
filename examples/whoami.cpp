// Where this program's AWS credentials and DynamoDB endpoint come from, as `aws configure list`
// shows it: the profile, the region, the endpoint, the credentials' source, the last four
// characters of the access key, when they expire and the account. No secret is printed.
// Then one call (ListTables) proves the credentials are accepted.
//
//   ./whoami            (with whatever AWS_* variables and ~/.aws files the program would see)
#include <dynorm/dynorm.hpp>

#include <chrono>
#include <cstdio>
#include <string>

int main() try {
    const dynorm::client_config config; // everything from the environment and ~/.aws
    const dynorm::resolved_config resolved = dynorm::resolve_config(config);
    const dynorm::resolved_credentials credentials = dynorm::resolve_credentials(config);

    const std::string& key = credentials.credentials.access_key_id;
    std::string expires = "never";
    if (credentials.expiry) {
        const auto left = std::chrono::duration_cast<std::chrono::minutes>(*credentials.expiry - std::chrono::system_clock::now());
        expires = "in " + std::to_string(left.count()) + " minutes";
    }
    std::printf("profile      %s\n", resolved.profile.c_str());
    std::printf("region       %s\n", resolved.region.c_str());
    std::printf("endpoint     %s%s\n", resolved.endpoint.c_str(),
                resolved.account_endpoint_rules ? " (or the account's own, once the credentials name it)" : "");
    std::printf("credentials  %s\n", credentials.source.c_str());
    std::printf("access key   ****%s\n", key.size() > 4 ? key.substr(key.size() - 4).c_str() : "");
    std::printf("expires      %s\n", expires.c_str());
    std::printf("account      %s\n", credentials.account_id.empty() ? "(not known)" : credentials.account_id.c_str());

    const dynorm::client db(config);
    (void)db.call("ListTables", "{}");
    std::printf("DynamoDB accepted these credentials\n");
} catch (const dynorm::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
}
