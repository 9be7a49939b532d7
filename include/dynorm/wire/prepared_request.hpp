#pragma once
// A DynamoDB request as the wire sends it: the awsJson1_0 headers (X-Amz-Target names the action)
// signed with SigV4 for the given credentials, region and host, at a given time. Pure apart
// from the signer's cache of signing keys, so tests compare it with botocore's signature.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/sigv4.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

inline prepared_request prepare_request(const sigv4::signer& signer, const credentials& creds, std::string_view region,
                                        std::string_view host, std::string_view action, std::string_view body,
                                        std::chrono::system_clock::time_point now) {
    if (action.empty() || action.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
                              std::string_view::npos)
        throw encode_error("the action name must be letters and digits (as in PutItem)");
    prepared_request out;
    out.action = std::string(action);
    out.body = body;
    const std::string target = "DynamoDB_20120810." + out.action;
    const std::string date = sigv4::amz_date(now);

    // The signed headers, already in canonical form (lower-case names, sorted).
    const std::string& token = creds.session_token;
    std::string canonical_headers;
    canonical_headers.reserve(160 + token.size());
    canonical_headers.append("content-type:application/x-amz-json-1.0\nhost:").append(host);
    canonical_headers.append("\nx-amz-date:").append(date).append("\n");
    if (!token.empty()) canonical_headers.append("x-amz-security-token:").append(token).append("\n");
    canonical_headers.append("x-amz-target:").append(target).append("\n");
    const std::string_view signed_headers = token.empty()
                                                ? "content-type;host;x-amz-date;x-amz-target"
                                                : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
    const sigv4::signature sig = signer.sign_canonical("POST", "/", "", canonical_headers, signed_headers, body,
                                                       creds, region, "dynamodb", date);
    out.headers.reserve(6);
    out.headers.emplace_back("Content-Type: application/x-amz-json-1.0");
    out.headers.push_back("X-Amz-Target: " + target);
    out.headers.push_back("X-Amz-Date: " + date);
    if (!token.empty()) out.headers.push_back("X-Amz-Security-Token: " + token);
    out.headers.push_back("Authorization: " + sig.authorization);
    return out;
}

} // namespace dynorm
