#pragma once
// dynorm::number: a DynamoDB number kept as exact decimal text (all 38 significant digits), for
// values no C++ arithmetic type holds exactly: money, large identifiers, data loaded from JSON.

#include <dynorm/version.hpp>
#include <dynorm/codec/detail/decimal.hpp>
#include <dynorm/error.hpp>

#include <charconv>
#include <compare>
#include <concepts>
#include <string>
#include <string_view>
#include <system_error>

namespace dynorm::inline DYNORM_ABI {

class number {
public:
    number() : text_("0") {}
    // Throws encode_error when the text isn't a number DynamoDB can store.
    explicit number(std::string_view text) : text_(text) {
        detail::decimal_parts parts;
        if (!detail::parse_decimal(text_, parts))
            throw encode_error("'" + text_ + "' is not a decimal number");
        if (const char* problem = detail::number_problem(parts))
            throw encode_error(std::string(problem) + ": " + text_);
    }
    template <std::integral Int>
        requires(!std::same_as<Int, bool>)
    number(Int value) { // NOLINT: implicit, numbers convert losslessly
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        text_.assign(buffer, end);
    }

    // The decimal text as given (or as DynamoDB returned it).
    const std::string& text() const noexcept { return text_; }
    std::string_view view() const noexcept { return text_; }

    // Exact conversion; throws decode_error on a fraction or an out-of-range value.
    template <std::integral Int>
    Int as() const {
        Int out{};
        detail::decimal_parts parts;
        detail::parse_decimal(text_, parts);
        switch (detail::decimal_to_integer(parts, out)) {
        case detail::integer_result::ok: return out;
        case detail::integer_result::fraction:
            throw decode_error("number " + text_ + " has a fraction");
        default: throw decode_error("number " + text_ + " is out of range");
        }
    }
    template <std::floating_point Float>
    Float as() const {
        Float out{};
        auto [ptr, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), out);
        if (ec != std::errc{}) throw decode_error("number " + text_ + " is out of range");
        return out;
    }

    // Compared by numeric value: number("1") == number("1.0").
    friend std::strong_ordering operator<=>(const number& a, const number& b) {
        detail::decimal_parts pa, pb;
        detail::parse_decimal(a.text_, pa);
        detail::parse_decimal(b.text_, pb);
        return detail::compare_decimal(pa, pb);
    }
    friend bool operator==(const number& a, const number& b) {
        return (a <=> b) == std::strong_ordering::equal;
    }

private:
    std::string text_;
};

} // namespace dynorm
