#pragma once
// Text helpers of the codec, and the one home of JSON text for the layers above it: UTF-8
// validation, JSON string escaping (at run time and in constant expressions), base64, ISO-8601
// UTC time.

#include <dynorm/version.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::detail {

// Length of the UTF-8 sequence starting at p (1 to 4 bytes), or 0 when it is malformed.
inline std::size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) noexcept {
    const unsigned char c = *p;
    std::size_t extra;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07;
    else return 0;
    if (static_cast<std::size_t>(end - p) <= extra) return 0;
    for (std::size_t i = 1; i <= extra; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return extra + 1;
}

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
inline bool valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        // ASCII fast path, eight bytes at a time.
        while (end - p >= 8) {
            std::uint64_t chunk;
            std::memcpy(&chunk, p, 8);
            if (chunk & 0x8080808080808080ull) break;
            p += 8;
        }
        if (p == end) break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const std::size_t n = utf8_sequence_length(p, end);
        if (n == 0) return false;
        p += n;
    }
    return true;
}

// True when none of the 8 bytes needs attention: no control character, quote, backslash or
// non-ASCII byte (SWAR: each test is exact for the presence of such a byte).
inline bool plain_json_chunk(std::uint64_t x) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const std::uint64_t below_space = (x - ones * 0x20) & ~x & highs;
    const std::uint64_t quote = x ^ (ones * '"');
    const std::uint64_t backslash = x ^ (ones * '\\');
    return ((x & highs) | below_space | ((quote - ones) & ~quote & highs) |
            ((backslash - ones) & ~backslash & highs)) == 0;
}

// Appends s as a JSON string literal (with quotes) and checks, in the same pass, that it is valid
// UTF-8: returns false when it isn't (the bytes are then copied as they are).
inline bool append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = begin + s.size();
    const auto* p = begin;
    const auto* run = begin; // start of the bytes not yet copied
    bool valid = true;
    out += '"';
    while (p < end) {
        if (end - p >= 8) {
            std::uint64_t chunk;
            std::memcpy(&chunk, p, 8);
            if (plain_json_chunk(chunk)) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c >= 0x80) {
            const std::size_t n = utf8_sequence_length(p, end);
            valid = valid && n != 0;
            p += n ? n : 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++p;
            continue;
        }
        out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default: {
            const char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(escape, 6);
        }
        }
        run = ++p;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(end - run));
    out += '"';
    return valid;
}

// A JSON string literal into any sink (a counting one, an array, a string), usable in constant
// expressions: the DSL writes its attribute names with it at compile time. The text must be
// UTF-8 already; append_json_string above is the fast run-time form that also checks it.
template <class Sink>
constexpr void put_json_string(Sink& sink, std::string_view s) {
    constexpr char hex[] = "0123456789abcdef";
    sink.put('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            sink.put('\\');
            sink.put(ch);
        } else if (c < 0x20) {
            sink.put("\\u00");
            sink.put(hex[c >> 4]);
            sink.put(hex[c & 15]);
        } else {
            sink.put(ch);
        }
    }
    sink.put('"');
}

// A compile-time name as the JSON text "name": (escaped), so writing a member's key is one append.
consteval std::size_t json_key_length(std::string_view name) {
    std::size_t n = 3; // quotes and colon
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        n += (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2
             : c < 0x20                                                                              ? 6
                                                                                                     : 1;
    }
    return n;
}

template <std::size_t N>
struct json_key_text {
    char chars[N]{};
    consteval explicit json_key_text(std::string_view name) {
        constexpr char hex[] = "0123456789abcdef";
        std::size_t i = 0;
        chars[i++] = '"';
        for (const char ch : name) {
            const auto c = static_cast<unsigned char>(ch);
            const char simple = c == '"' ? '"' : c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r'
                              : c == '\t' ? 't' : c == '\b' ? 'b' : c == '\f' ? 'f' : 0;
            if (simple) {
                chars[i++] = '\\';
                chars[i++] = simple;
            } else if (c < 0x20) {
                chars[i++] = '\\';
                chars[i++] = 'u';
                chars[i++] = '0';
                chars[i++] = '0';
                chars[i++] = hex[c >> 4];
                chars[i++] = hex[c & 0xF];
            } else {
                chars[i++] = ch;
            }
        }
        chars[i++] = '"';
        chars[i++] = ':';
    }
    constexpr std::string_view view() const { return {chars, N}; }
};

inline void append_base64(std::string& out, std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size(), i = 0;
    out.reserve(out.size() + (n + 2) / 3 * 4);
    for (; i + 3 <= n; i += 3) {
        const std::uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (n - i == 1) {
        const std::uint32_t v = p[i] << 16;
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (n - i == 2) {
        const std::uint32_t v = (p[i] << 16) | (p[i + 1] << 8);
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
}

// Decodes standard base64 (padding required). Returns false on malformed input.
inline bool decode_base64(std::string_view text, std::string& out) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    out.clear();
    if (text.size() % 4 != 0) return false;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const int a = value(text[i]), b = value(text[i + 1]);
        const int pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
        const int c = pad >= 2 ? 0 : value(text[i + 2]);
        const int d = pad >= 1 ? 0 : value(text[i + 3]);
        if (a < 0 || b < 0 || c < 0 || d < 0) return false;
        const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
        out += static_cast<char>(v >> 16);
        if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (civil calendar arithmetic).
constexpr long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

struct civil_date {
    long year;
    unsigned month, day;
};

constexpr civil_date civil_from_days(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long y = static_cast<long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

// A UTC time as whole seconds since 1970 and the nanoseconds into that second (0 to 999999999).
struct utc_time {
    std::int64_t seconds = 0;
    std::int64_t nanos = 0;
};

// The range of the text form: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
inline constexpr std::int64_t iso8601_min_seconds = days_from_civil(0, 1, 1) * 86400;
inline constexpr std::int64_t iso8601_max_seconds = days_from_civil(10000, 1, 1) * 86400 - 1;

constexpr unsigned days_in_month(long year, unsigned month) {
    constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month == 2 && leap ? 29 : days[month - 1];
}

// "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"; t must be within the years 0000-9999.
inline void append_iso8601(std::string& out, utc_time t) {
    std::int64_t days = t.seconds / 86400, second_of_day = t.seconds % 86400;
    if (second_of_day < 0) second_of_day += 86400, --days;
    const civil_date date = civil_from_days(days);
    char buf[40];
    auto put = [&](char* at, long value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
    };
    put(buf, date.year, 4);
    buf[4] = '-';
    put(buf + 5, date.month, 2);
    buf[7] = '-';
    put(buf + 8, date.day, 2);
    buf[10] = 'T';
    put(buf + 11, static_cast<long>(second_of_day / 3600), 2);
    buf[13] = ':';
    put(buf + 14, static_cast<long>(second_of_day / 60 % 60), 2);
    buf[16] = ':';
    put(buf + 17, static_cast<long>(second_of_day % 60), 2);
    buf[19] = '.';
    put(buf + 20, static_cast<long>(t.nanos), 9);
    buf[29] = 'Z';
    out.append(buf, 30);
}

// Parses ISO-8601 date-time in UTC: "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+00:00)". Returns false
// when the text has another form or names no real date and time (2026-02-31, 24:00:00).
inline bool parse_iso8601(std::string_view s, utc_time& out) {
    auto number = [&](std::size_t at, std::size_t width, long& value) {
        if (at + width > s.size()) return false;
        value = 0;
        for (std::size_t i = at; i < at + width; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    };
    long y, mo, d, h, mi, sec;
    if (!number(0, 4, y) || s.size() < 19 || s[4] != '-' || !number(5, 2, mo) || s[7] != '-' ||
        !number(8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !number(11, 2, h) || s[13] != ':' ||
        !number(14, 2, mi) || s[16] != ':' || !number(17, 2, sec))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > static_cast<long>(days_in_month(y, static_cast<unsigned>(mo))) ||
        h > 23 || mi > 59 || sec > 59)
        return false;
    std::size_t i = 19;
    long nanos = 0;
    if (i < s.size() && s[i] == '.') {
        std::size_t digits = 0;
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits)
            if (digits < 9) nanos = nanos * 10 + (s[i] - '0');
        if (digits == 0) return false;
        for (std::size_t k = digits; k < 9; ++k) nanos *= 10;
    }
    const std::string_view zone = s.substr(i);
    if (zone != "Z" && zone != "+00:00" && zone != "z") return false;
    const long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    out.seconds = static_cast<std::int64_t>(days) * 86400 + h * 3600 + mi * 60 + sec;
    out.nanos = nanos;
    return true;
}

// Range checks of durations in seconds as long double: no overflow whatever the unit.
template <class Rep, class Period>
long double seconds_of(std::chrono::duration<Rep, Period> d) {
    return static_cast<long double>(d.count()) * Period::num / Period::den;
}

// A duration since 1970 as a utc_time; false when it is outside the years 0000-9999.
template <class Rep, class Period>
bool to_utc_time(std::chrono::duration<Rep, Period> d, utc_time& out) {
    const long double s = seconds_of(d);
    if (s < static_cast<long double>(iso8601_min_seconds) || s >= static_cast<long double>(iso8601_max_seconds) + 1)
        return false;
    const auto whole = std::chrono::floor<std::chrono::seconds>(d); // in range now: no overflow
    out.seconds = whole.count();
    out.nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(d - whole).count();
    return true;
}

enum class time_result { ok, out_of_range, too_fine };

// A utc_time as a duration since 1970, exactly or not at all.
template <class Rep, class Period>
time_result from_utc_time(utc_time t, std::chrono::duration<Rep, Period>& out) {
    using duration = std::chrono::duration<Rep, Period>;
    const long double s = static_cast<long double>(t.seconds);
    if (s >= seconds_of(duration::max()) - 1 || s <= seconds_of(duration::min()) + 1) return time_result::out_of_range;
    const auto whole = std::chrono::duration_cast<duration>(std::chrono::seconds(t.seconds));
    const auto part = std::chrono::duration_cast<duration>(std::chrono::nanoseconds(t.nanos));
    if (std::chrono::duration_cast<std::chrono::seconds>(whole).count() != t.seconds ||
        std::chrono::duration_cast<std::chrono::nanoseconds>(part).count() != t.nanos)
        return time_result::too_fine;
    out = whole + part;
    return time_result::ok;
}

} // namespace dynorm::detail
