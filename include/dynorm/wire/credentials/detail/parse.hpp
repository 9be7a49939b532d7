#pragma once
// Readers for the small documents credential sources return: a flat JSON object (instance
// metadata, container credentials, credential_process, IAM Identity Center, its token cache)
// and RFC 3339 time stamps. Every byte is untrusted: anything unexpected is a named error.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/codec/detail/text.hpp>

#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::detail {

// 2261-12-31T23:59:59Z: later seconds overflow a time point of nanoseconds.
inline constexpr std::int64_t max_time_point_seconds = 9'214'646'399;

// One JSON object's members, strings and integers only (what credential documents hold);
// nested objects are kept as their JSON text.
struct json_members {
    std::map<std::string, std::string, std::less<>> strings;
    std::map<std::string, std::int64_t, std::less<>> integers;
    std::map<std::string, std::string, std::less<>> objects;

    std::optional<std::string> string(std::string_view key) const {
        const auto i = strings.find(key);
        if (i == strings.end() || i->second.empty()) return std::nullopt;
        return i->second;
    }
    std::optional<std::int64_t> integer(std::string_view key) const {
        const auto i = integers.find(key);
        if (i == integers.end()) return std::nullopt;
        return i->second;
    }
};

// Throws `Error(why)`-style messages through `fail`, which names the source.
template <class Fail>
json_members read_json_object(std::string_view text, Fail&& fail) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(text.data(), text.size(), true).get(doc) != simdjson::SUCCESS) fail("the response is not JSON");
    simdjson::dom::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS) fail("the response is not a JSON object");
    json_members out;
    for (const auto field : object) {
        const std::string key(field.key);
        switch (field.value.type()) {
        case simdjson::dom::element_type::STRING: out.strings[key] = std::string(field.value.get_string().value_unsafe()); break;
        case simdjson::dom::element_type::INT64: out.integers[key] = field.value.get_int64().value_unsafe(); break;
        case simdjson::dom::element_type::UINT64: fail("the number in \"" + key + "\" is too large"); break;
        case simdjson::dom::element_type::OBJECT: out.objects[key] = simdjson::minify(field.value); break;
        default: break; // booleans, arrays, nulls, fractions: no credential field is one
        }
    }
    return out;
}

// "2009-02-13T23:31:30Z", "2022-05-02T18:36:00+00:00", fractions of a second allowed; from 1970
// to 2261 only, what a system_clock time point holds (an expiry before 1970 is no expiry).
inline std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view s) {
    utc_time t;
    if (!parse_iso8601(s, t) || t.seconds < 0 || t.seconds > max_time_point_seconds) return std::nullopt;
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(t.seconds) +
                                                                        std::chrono::nanoseconds(t.nanos)));
}

// "123456789012" out of "arn:aws:sts::123456789012:assumed-role/..." (empty if it isn't an ARN).
inline std::string account_of_arn(std::string_view arn) {
    std::size_t at = 0;
    for (int colon = 0; colon < 4; ++colon) {
        at = arn.find(':', at);
        if (at == std::string_view::npos) return {};
        ++at;
    }
    const std::size_t end = arn.find(':', at);
    if (arn.substr(0, 4) != "arn:" || end == std::string_view::npos) return {};
    return std::string(arn.substr(at, end - at));
}

} // namespace dynorm::detail
