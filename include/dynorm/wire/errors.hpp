#pragma once
// DynamoDB error responses -> dynorm's exception classes, and which errors are retried.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/transaction_canceled.hpp>

#include <simdjson.h>

#include <cctype>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI::detail {

// The code after '#' and before ':' ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException").
inline std::string_view error_code_of(std::string_view type) {
    if (const auto hash = type.rfind('#'); hash != std::string_view::npos) type.remove_prefix(hash + 1);
    if (const auto colon = type.find(':'); colon != std::string_view::npos) type = type.substr(0, colon);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    return type;
}

enum class retry_class { none, transient, throttling, timeout };

inline bool is_throttling_code(std::string_view code) {
    constexpr std::string_view codes[] = {
        "ProvisionedThroughputExceededException", "ThrottlingException", "Throttling",
        "RequestLimitExceeded", "TransactionInProgressException", "LimitExceededException",
        "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown",
        "BandwidthLimitExceeded", "ThrottledException", "PriorRequestNotComplete",
        "EC2ThrottledException"};
    for (const auto c : codes)
        if (c == code) return true;
    return false;
}

inline retry_class classify_error(int status, std::string_view code) {
    if (is_throttling_code(code)) return retry_class::throttling;
    if (code == "RequestTimeout" || code == "RequestTimeoutException" ||
        code == "InternalServerError" || code == "InternalFailure" || code == "ServiceUnavailable")
        return retry_class::transient;
    if (status == 500 || status == 502 || status == 503 || status == 504) return retry_class::transient;
    return retry_class::none;
}

// Removes secrets from text a server sent (an InvalidSignatureException quotes the canonical
// request, session token included): every exact occurrence of each secret, and whatever follows
// "x-amz-security-token:" or "Signature=" up to the end of that value.
inline std::string redact(std::string text, std::initializer_list<std::string_view> secrets) {
    constexpr std::string_view mark = "<redacted>";
    for (const std::string_view secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + mark.size()))
            text.replace(at, secret.size(), mark);
    }
    for (const std::string_view label : {std::string_view("x-amz-security-token:"), std::string_view("Signature=")}) {
        for (std::size_t at = 0; at < text.size();) {
            std::size_t found = std::string::npos;
            for (std::size_t i = at; i + label.size() <= text.size(); ++i) { // case-insensitive search
                std::size_t k = 0;
                while (k < label.size() && std::tolower(static_cast<unsigned char>(text[i + k])) ==
                                               std::tolower(static_cast<unsigned char>(label[k])))
                    ++k;
                if (k == label.size()) {
                    found = i;
                    break;
                }
            }
            if (found == std::string::npos) break;
            const std::size_t begin = found + label.size();
            std::size_t end = begin;
            while (end < text.size() && text[end] != '\n' && text[end] != '\r' && text[end] != '\'' &&
                   text[end] != '"' && text[end] != ',' && text[end] != ' ')
                ++end;
            if (text.compare(begin, end - begin, mark) != 0) text.replace(begin, end - begin, mark);
            at = begin + mark.size();
        }
    }
    return text;
}

struct parsed_error {
    std::string code;
    std::string message;
    std::vector<cancellation_reason> reasons;
};

// Reads {"__type": "...#Code", "message"|"Message": "...", "CancellationReasons": [...]}; a nested
// __type is ignored. header_type is the X-Amzn-ErrorType header, preferred when present.
inline parsed_error parse_error_body(std::string_view body, std::string_view header_type) {
    parsed_error out;
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(body);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (!parser.iterate(padded).get(doc) && !doc.get_object().get(obj)) {
        for (auto field_result : obj) {
            simdjson::ondemand::field field;
            if (std::move(field_result).get(field)) break;
            std::string_view key;
            if (field.unescaped_key().get(key)) break;
            if (key == "__type" || key == "code") {
                std::string_view v;
                if (!field.value().get_string().get(v) && out.code.empty())
                    out.code = std::string(error_code_of(v));
            } else if (key == "message" || key == "Message") {
                std::string_view v;
                if (!field.value().get_string().get(v)) out.message = std::string(v);
            } else if (key == "CancellationReasons") {
                simdjson::ondemand::array reasons;
                if (field.value().get_array().get(reasons)) continue;
                for (auto reason_result : reasons) {
                    simdjson::ondemand::object reason;
                    if (reason_result.get_object().get(reason)) break;
                    cancellation_reason r;
                    for (auto rf : reason) {
                        simdjson::ondemand::field f;
                        if (std::move(rf).get(f)) break;
                        std::string_view k, v;
                        if (f.unescaped_key().get(k)) break;
                        if (k == "Code" && !f.value().get_string().get(v)) r.code = std::string(v);
                        else if (k == "Message" && !f.value().get_string().get(v)) r.message = std::string(v);
                        else if (k == "Item") {
                            simdjson::ondemand::object item;
                            if (!f.value().get_object().get(item) && !item.raw_json().get(v)) r.item_json = std::string(v);
                        }
                    }
                    out.reasons.push_back(std::move(r));
                }
            }
        }
    }
    if (!header_type.empty()) out.code = std::string(error_code_of(header_type));
    return out;
}

[[noreturn]] inline void throw_service_error(int status, parsed_error e, std::string request_id) {
    const std::string& c = e.code;
    if (c.empty())
        throw service_error("UnknownError", e.message.empty() ? "HTTP error without a code" : e.message,
                            status, std::move(request_id));
    if (c == "ConditionalCheckFailedException")
        throw conditional_check_failed(c, e.message, status, std::move(request_id));
    if (c == "ResourceNotFoundException")
        throw resource_not_found(c, e.message, status, std::move(request_id));
    if (c == "ResourceInUseException")
        throw resource_in_use(c, e.message, status, std::move(request_id));
    if (c == "ValidationException" || c == "SerializationException")
        throw validation_error(c, e.message, status, std::move(request_id));
    if (c == "TransactionCanceledException")
        throw transaction_canceled(c, e.message, status, std::move(request_id), std::move(e.reasons));
    if (c == "AccessDeniedException" || c == "UnrecognizedClientException" ||
        c == "InvalidSignatureException" || c == "MissingAuthenticationTokenException" ||
        c == "IncompleteSignatureException" || c == "ExpiredTokenException")
        throw access_denied(c, e.message, status, std::move(request_id));
    if (is_throttling_code(c)) throw throttled(c, e.message, status, std::move(request_id));
    throw service_error(c, e.message, status, std::move(request_id));
}

} // namespace dynorm::detail
