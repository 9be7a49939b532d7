#pragma once
// C++ value -> DynamoDB attribute JSON, written straight into a std::string.
//
// While it writes, the encoder adds up the item's size by DynamoDB's rules and checks what the
// service would reject, so a bad item fails here, before anything is sent, with the attribute
// path in the message: NaN or infinity, a number outside DynamoDB's range, invalid UTF-8, an
// empty set inside a list, nesting deeper than 32 levels, an item over 400 KB.
//
// Policies: an empty std::optional is an absent attribute; an empty set (DynamoDB has no empty
// sets) is an absent attribute too, and reads back as an empty set.

#include <dynorm/version.hpp>
#include <dynorm/codec/detail/decimal.hpp>
#include <dynorm/codec/detail/text.hpp>
#include <dynorm/codec/traits.hpp>
#include <dynorm/error.hpp>

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

inline constexpr std::size_t max_item_size = 400 * 1024;
inline constexpr int max_nesting_depth = 32;

namespace detail {

// Text known only at run time (names, raw expressions) as a JSON string; refused unless it is
// UTF-8, which DynamoDB requires (invalid bytes draw a 500 from some servers, retried in vain).
inline void append_json_text(std::string& out, std::string_view text, std::string_view what) {
    if (!append_json_string(out, text)) throw encode_error(std::string(what) + " is not valid UTF-8");
}

class encoder {
public:
    explicit encoder(std::string& out) : out_(out) {}

    // DynamoDB's size of what was written so far (attribute names and values).
    std::size_t size() const noexcept { return size_; }
    std::string& buffer() noexcept { return out_; }

    // Whether v is written at all: an empty optional or an empty set is an absent attribute.
    template <class T>
    static bool present(const T& v) {
        if constexpr (optional_attribute<T>) return v.has_value() && present(*v);
        else if constexpr (set_attribute<T>) return !v.empty();
        else if constexpr (custom_attribute<T>) return present(attribute_traits<T>::store(v));
        else return true;
    }

    // Writes one attribute value: {"S":"..."}, {"N":"..."}, {"M":{...}} ...
    template <class T>
    void value(const T& v) {
        if (++depth_ > max_nesting_depth) throw encode_error("nesting deeper than 32 levels");
        write(v);
        --depth_;
    }

    // Writes "name":<value> (with a leading comma unless first), counting the name's size.
    template <class T>
    void attribute(std::string_view name, const T& v, bool& first) {
        if (!first) out_ += ',';
        first = false;
        if (!append_json_string(out_, name)) throw encode_error("attribute name is not valid UTF-8");
        out_ += ':';
        size_ += name.size() + (depth_ > 0 ? 1 : 0); // a map element costs one byte more
        try {
            value(v);
        } catch (encode_error& e) {
            e.prepend(name);
            throw;
        }
    }

    // Writes the members of a struct as "name":<value> pairs (no braces).
    template <class T>
    void members(const T& obj, bool& first) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (member<I>(obj, first), ...);
        }(std::make_index_sequence<member_count<T>>{});
    }

    // Writes {"name":<value>,...} for a whole struct (an item or a key).
    template <class T>
    void item(const T& obj) {
        out_ += '{';
        bool first = true;
        members(obj, first);
        out_ += '}';
    }

private:
    template <std::size_t I, class T>
    void member(const T& obj, bool& first) {
        if constexpr (!is_skipped<T, I>) {
            const auto& m = get_member<I>(obj);
            if (!present(m)) return;
            if (!first) out_ += ',';
            first = false;
            out_.append(member_key<T, I>.view());
            size_ += attribute_name<T, I>.size() + (depth_ > 0 ? 1 : 0);
            try {
                value(m);
            } catch (encode_error& e) {
                e.prepend(attribute_name<T, I>);
                throw;
            }
        }
    }

    // "name": of member I, escaped at compile time.
    template <class T, std::size_t I>
    static constexpr json_key_text<json_key_length(attribute_name<T, I>)> member_key{attribute_name<T, I>};

    void string_value(std::string_view s) {
        size_ += s.size();
        out_ += "{\"S\":";
        if (!append_json_string(out_, s)) throw encode_error("string is not valid UTF-8");
        out_ += '}';
    }

    void number_text(std::string_view text) {
        decimal_parts parts;
        if (!parse_decimal(text, parts)) throw encode_error("'" + std::string(text) + "' is not a number");
        if (const char* problem = number_problem(parts))
            throw encode_error(std::string(problem) + ": " + std::string(text));
        size_ += number_size(parts);
        out_ += '"';
        out_ += text;
        out_ += '"';
    }

    template <class Int>
    void integer_text(Int v) {
        char buf[24];
        const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
        std::size_t digits = static_cast<std::size_t>(end - buf) - (v < 0 ? 1 : 0);
        // trailing zeros don't count as significant digits
        for (const char* p = end - 1; digits > 1 && *p == '0'; --p) --digits;
        size_ += (digits + 1) / 2 + 1;
        out_ += '"';
        out_.append(buf, end);
        out_ += '"';
    }

    template <class Float>
    void float_text(Float v) {
        if (!std::isfinite(v)) throw encode_error("NaN and infinity can't be stored in DynamoDB");
        // -0 would be stored as 0 anyway; write the canonical form
        if (v == 0) return number_text("0");
        char buf[40];
        const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
        const std::string_view text(buf, static_cast<std::size_t>(end - buf));
        const Float magnitude = v < 0 ? -v : v;
        if (magnitude >= Float(1e-129) && magnitude <= Float(9e125)) {
            // Well inside DynamoDB's range, and at most 17 digits: only the size is left to count.
            std::size_t digits = 0, trailing_zeros = 0;
            bool leading = true;
            for (const char c : text) {
                if (c == 'e') break;
                if (c < '0' || c > '9') continue;
                if (leading && c == '0') continue;
                leading = false;
                ++digits;
                trailing_zeros = c == '0' ? trailing_zeros + 1 : 0;
            }
            digits -= trailing_zeros;
            size_ += (digits + 1) / 2 + 1;
            out_ += '"';
            out_ += text;
            out_ += '"';
            return;
        }
        // Near the edges: the shortest text of a value just below 1e126 can round up to
        // "1e+126", outside DynamoDB's range; the full-precision text of the same value is inside.
        decimal_parts parts;
        parse_decimal(text, parts);
        if (const char* problem = number_problem(parts)) {
            char full[40];
            const auto full_end = std::to_chars(full, full + sizeof full, v, std::chars_format::scientific,
                                                std::numeric_limits<Float>::max_digits10 - 1).ptr;
            decimal_parts full_parts;
            parse_decimal(std::string_view(full, static_cast<std::size_t>(full_end - full)), full_parts);
            if (number_problem(full_parts)) throw encode_error(std::string(problem) + ": " + std::string(text));
            return number_text(std::string_view(full, static_cast<std::size_t>(full_end - full)));
        }
        number_text(text);
    }

    void binary_value(std::string_view bytes) {
        size_ += bytes.size();
        out_ += "{\"B\":\"";
        append_base64(out_, bytes);
        out_ += "\"}";
    }

    template <class T>
    void scalar_in_set(const T& v) {
        if constexpr (custom_attribute<T>) scalar_in_set(attribute_traits<T>::store(v));
        else if constexpr (string_attribute<T>) {
            const std::string_view s(v);
            size_ += s.size();
            if (!append_json_string(out_, s)) throw encode_error("string is not valid UTF-8");
        } else if constexpr (binary_attribute<T>) {
            const std::string_view bytes(reinterpret_cast<const char*>(v.data()), v.size());
            size_ += bytes.size();
            out_ += '"';
            append_base64(out_, bytes);
            out_ += '"';
        } else if constexpr (std::same_as<T, number>) number_text(v.view());
        else if constexpr (float_attribute<T>) float_text(v);
        else if constexpr (integer_attribute<T>) integer_text(v);
        else if constexpr (std::same_as<T, epoch_seconds>) integer_text(v.time.time_since_epoch().count());
        else if constexpr (is_time_point<T>) {
            std::string text;
            append_time(text, v.time_since_epoch());
            scalar_in_set(text);
        } else if constexpr (std::is_enum_v<T>) {
            if constexpr (described_enum<T>) scalar_in_set(enum_name(v));
            else integer_text(static_cast<std::underlying_type_t<T>>(v));
        }
    }

    template <class Rep, class Period>
    static void append_time(std::string& text, std::chrono::duration<Rep, Period> since_epoch) {
        utc_time t;
        if (!to_utc_time(since_epoch, t))
            throw encode_error("time is outside the years 0000 to 9999 that ISO-8601 text holds");
        append_iso8601(text, t);
    }

    template <class T>
    static std::string_view enum_name(T v) {
        const char* name = boost::describe::enum_to_string(v, nullptr);
        if (!name)
            throw encode_error("enum value " +
                               std::to_string(static_cast<long long>(static_cast<std::underlying_type_t<T>>(v))) +
                               " has no described name");
        return name;
    }

    template <class T>
    void write(const T& v) {
        if constexpr (custom_attribute<T>) {
            write(attribute_traits<T>::store(v));
        } else if constexpr (std::same_as<T, bool>) {
            size_ += 1;
            out_ += v ? "{\"BOOL\":true}" : "{\"BOOL\":false}";
        } else if constexpr (string_attribute<T>) {
            if constexpr (std::is_pointer_v<T>) {
                if (!v) throw encode_error("null const char* can't be stored");
            }
            string_value(std::string_view(v));
        } else if constexpr (std::same_as<T, number> || integer_attribute<T> ||
                             float_attribute<T> || std::same_as<T, epoch_seconds>) {
            out_ += "{\"N\":";
            scalar_in_set(v);
            out_ += '}';
        } else if constexpr (std::is_enum_v<T>) {
            if constexpr (described_enum<T>) string_value(enum_name(v));
            else {
                out_ += "{\"N\":";
                integer_text(static_cast<std::underlying_type_t<T>>(v));
                out_ += '}';
            }
        } else if constexpr (is_time_point<T>) {
            std::string text;
            append_time(text, v.time_since_epoch());
            string_value(text);
        } else if constexpr (binary_attribute<T>) {
            binary_value(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
        } else if constexpr (optional_attribute<T>) {
            if (v) write(*v);
            else {
                size_ += 1;
                out_ += "{\"NULL\":true}";
            }
        } else if constexpr (variant_attribute<T>) {
            std::visit([&](const auto& alternative) { write(alternative); }, v);
        } else if constexpr (std::same_as<T, null_value>) {
            size_ += 1;
            out_ += "{\"NULL\":true}";
        } else if constexpr (std::same_as<T, dynorm::value>) {
            std::visit([&](const auto& alternative) { write(alternative); }, v.storage());
        } else if constexpr (set_attribute<T>) {
            if (v.empty())
                throw encode_error("an empty set can't be stored inside a list or as a value "
                                   "(DynamoDB has no empty sets)");
            out_ += "{\"";
            out_ += type_tag(attribute_type_of<T>);
            out_ += "\":[";
            bool first = true;
            for (const auto& element : v) {
                if (!first) out_ += ',';
                first = false;
                scalar_in_set(element);
            }
            out_ += "]}";
        } else if constexpr (map_attribute<T>) {
            size_ += 3;
            out_ += "{\"M\":{";
            bool first = true;
            for (const auto& [key, element] : v) {
                if (!present(element)) continue;
                if (key.empty())
                    throw encode_error("map key must not be empty (attribute names are 1 to 65535 bytes)");
                if (key.size() > 65535)
                    throw encode_error("map key is longer than 65535 bytes");
                if (!valid_utf8(key)) throw encode_error("map key is not valid UTF-8");
                attribute(key, element, first);
            }
            out_ += "}}";
        } else if constexpr (struct_attribute<T>) {
            size_ += 3;
            out_ += "{\"M\":{";
            bool first = true;
            members(v, first);
            out_ += "}}";
        } else if constexpr (list_attribute<T>) {
            size_ += 3;
            out_ += "{\"L\":[";
            std::size_t index = 0;
            for (const auto& element : v) {
                if (index) out_ += ',';
                size_ += 1;
                try {
                    value(element);
                } catch (encode_error& e) {
                    e.prepend("[" + std::to_string(index) + "]");
                    throw;
                }
                ++index;
            }
            out_ += "]}";
        } else {
            // attribute_type_of explains, with the list of supported types
            [[maybe_unused]] constexpr attribute_type unsupported = attribute_type_of<T>;
        }
    }

    std::string& out_;
    std::size_t size_ = 0;
    int depth_ = 0;
};

} // namespace detail

// The item JSON of a struct ({"name":{"S":"..."},...}), appended to out. Returns the item's size by
// DynamoDB's rules; throws encode_error for an item over 400 KB or a value DynamoDB rejects.
template <class T>
std::size_t append_item(std::string& out, const T& item) {
    static_assert(detail::check_reflectable<T>());
    detail::encoder enc(out);
    enc.item(item);
    if (enc.size() > max_item_size)
        throw encode_error("item is " + std::to_string(enc.size()) +
                           " bytes by DynamoDB's size rules, over the 400 KB limit");
    return enc.size();
}

template <class T>
std::string encode_item(const T& item) {
    std::string out;
    append_item(out, item);
    return out;
}

// One attribute value's JSON ({"S":"..."}), e.g. for an expression value.
template <class T>
void append_attribute_value(std::string& out, const T& v) {
    detail::encoder enc(out);
    if constexpr (std::is_array_v<T>) enc.value(std::string_view(v)); // a string literal
    else enc.value(v);
}

template <class T>
std::string encode_attribute_value(const T& v) {
    std::string out;
    append_attribute_value(out, v);
    return out;
}

} // namespace dynorm
