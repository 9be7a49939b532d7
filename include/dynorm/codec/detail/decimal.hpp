#pragma once
// DynamoDB numbers as decimal text: parsing, validation (38 significant digits, magnitude
// 1e-130 .. 9.99..e125), exact conversion to integers, size by DynamoDB's rules, and comparison
// by numeric value.

#include <dynorm/version.hpp>
#include <algorithm>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace dynorm::inline DYNORM_ABI::detail {

// A decimal number split into sign, significant digits (no leading or trailing zeros) and the
// exponent of the last digit: value = (negative ? -1 : 1) * digits * 10^exponent.
struct decimal_parts {
    bool negative = false;
    std::string_view digits_a; // the significant digits may straddle the decimal point,
    std::string_view digits_b; // so they are kept as two runs of the original text
    long exponent = 0;

    std::size_t digit_count() const { return digits_a.size() + digits_b.size(); }
    char digit(std::size_t i) const {
        return i < digits_a.size() ? digits_a[i] : digits_b[i - digits_a.size()];
    }
    bool is_zero() const { return digit_count() == 0; }
    // The decimal exponent of the leading digit (scientific notation's exponent).
    long leading_exponent() const { return exponent + static_cast<long>(digit_count()) - 1; }
};

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses "-12.50e3"-style text. Returns false when it isn't a decimal number at all.
inline bool parse_decimal(std::string_view text, decimal_parts& out) {
    out = {};
    std::size_t i = 0, n = text.size();
    if (i < n && (text[i] == '-' || text[i] == '+')) out.negative = text[i++] == '-';
    const std::size_t int_begin = i;
    while (i < n && is_digit(text[i])) ++i;
    const std::size_t int_end = i;
    std::size_t frac_begin = i, frac_end = i;
    if (i < n && text[i] == '.') {
        frac_begin = ++i;
        while (i < n && is_digit(text[i])) ++i;
        frac_end = i;
    }
    if (int_end == int_begin && frac_end == frac_begin) return false;
    long exp10 = 0;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < n && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
        if (i == n) return false;
        while (i < n && is_digit(text[i])) {
            if (exp10 < 100000) exp10 = exp10 * 10 + (text[i] - '0');
            ++i;
        }
        if (exp_negative) exp10 = -exp10;
    }
    if (i != n) return false;

    std::string_view int_digits = text.substr(int_begin, int_end - int_begin);
    std::string_view frac_digits = text.substr(frac_begin, frac_end - frac_begin);
    // value = (int_digits frac_digits as one integer) * 10^(exp10 - |frac_digits|); leading zeros
    // don't change it, each trailing zero dropped adds one to the exponent.
    long exponent = exp10 - static_cast<long>(frac_digits.size());
    while (!int_digits.empty() && int_digits.front() == '0') int_digits.remove_prefix(1);
    if (int_digits.empty())
        while (!frac_digits.empty() && frac_digits.front() == '0') frac_digits.remove_prefix(1);
    while (!frac_digits.empty() && frac_digits.back() == '0') {
        frac_digits.remove_suffix(1);
        ++exponent;
    }
    if (frac_digits.empty())
        while (!int_digits.empty() && int_digits.back() == '0') {
            int_digits.remove_suffix(1);
            ++exponent;
        }
    out.digits_a = int_digits;
    out.digits_b = frac_digits;
    out.exponent = exponent;
    if (out.is_zero()) {
        out.exponent = 0;
        out.negative = false;
    }
    return true;
}

// Why a number can't be stored in DynamoDB, or nullptr when it can.
inline const char* number_problem(const decimal_parts& p) {
    if (p.is_zero()) return nullptr;
    if (p.digit_count() > 38) return "number has more than 38 significant digits";
    if (p.leading_exponent() > 125) return "number is out of DynamoDB's range (above 9.99e125)";
    if (p.leading_exponent() < -130) return "number is out of DynamoDB's range (below 1e-130)";
    return nullptr;
}

// Storage size of a number by DynamoDB's rule: 1 byte per 2 significant digits, plus 1.
inline std::size_t number_size(const decimal_parts& p) {
    return (std::max<std::size_t>(p.digit_count(), 1) + 1) / 2 + 1;
}

enum class integer_result { ok, not_a_number, fraction, out_of_range };

// Exact conversion to an integer type: a fraction or an out-of-range value is an error.
template <class Int>
integer_result decimal_to_integer(const decimal_parts& p, Int& out) {
    static_assert(std::is_integral_v<Int>);
    if (p.is_zero()) {
        out = 0;
        return integer_result::ok;
    }
    if (p.exponent < 0) return integer_result::fraction; // trailing zeros were stripped
    if (p.digit_count() + static_cast<std::size_t>(p.exponent) > 20)
        return integer_result::out_of_range;
    std::uint64_t magnitude = 0;
    auto overflow = [&](unsigned digit_value) {
        return __builtin_mul_overflow(magnitude, std::uint64_t{10}, &magnitude) ||
               __builtin_add_overflow(magnitude, std::uint64_t{digit_value}, &magnitude);
    };
    for (std::size_t i = 0; i < p.digit_count(); ++i)
        if (overflow(static_cast<unsigned>(p.digit(i) - '0'))) return integer_result::out_of_range;
    for (long e = 0; e < p.exponent; ++e)
        if (overflow(0)) return integer_result::out_of_range;
    if constexpr (std::is_signed_v<Int>) {
        using U = std::make_unsigned_t<Int>;
        const std::uint64_t limit =
            static_cast<std::uint64_t>(static_cast<U>(std::numeric_limits<Int>::max())) +
            (p.negative ? 1u : 0u);
        if (magnitude > limit) return integer_result::out_of_range;
        const U bits = static_cast<U>(magnitude);
        out = p.negative ? static_cast<Int>(U{0} - bits) : static_cast<Int>(bits);
    } else {
        if (p.negative || magnitude > std::numeric_limits<Int>::max())
            return integer_result::out_of_range;
        out = static_cast<Int>(magnitude);
    }
    return integer_result::ok;
}

// Numeric comparison of two parsed decimals.
inline std::strong_ordering compare_decimal(const decimal_parts& a, const decimal_parts& b) {
    const int sign_a = a.is_zero() ? 0 : (a.negative ? -1 : 1);
    const int sign_b = b.is_zero() ? 0 : (b.negative ? -1 : 1);
    if (sign_a != sign_b) return sign_a <=> sign_b;
    if (sign_a == 0) return std::strong_ordering::equal;
    std::strong_ordering magnitude = a.leading_exponent() <=> b.leading_exponent();
    if (magnitude == std::strong_ordering::equal) {
        const std::size_t n = std::max(a.digit_count(), b.digit_count());
        for (std::size_t i = 0; i < n && magnitude == std::strong_ordering::equal; ++i) {
            const char da = i < a.digit_count() ? a.digit(i) : '0';
            const char db = i < b.digit_count() ? b.digit(i) : '0';
            magnitude = da <=> db;
        }
    }
    if (sign_a < 0) return 0 <=> magnitude;
    return magnitude;
}

// Canonical text: plain decimal notation, no exponent, no superfluous zeros ("-0.0012", "1500").
inline std::string canonical_decimal(const decimal_parts& p) {
    if (p.is_zero()) return "0";
    std::string out;
    if (p.negative) out += '-';
    const long n = static_cast<long>(p.digit_count());
    const long point = n + p.exponent; // digits before the decimal point
    if (point <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-point), '0');
        for (long i = 0; i < n; ++i) out += p.digit(static_cast<std::size_t>(i));
    } else {
        for (long i = 0; i < n; ++i) {
            if (i == point) out += '.';
            out += p.digit(static_cast<std::size_t>(i));
        }
        if (point > n) out.append(static_cast<std::size_t>(point - n), '0');
    }
    return out;
}

} // namespace dynorm::detail
