#pragma once
// dynorm::value with its JSON readers: from_json, from_attribute_json, from_item_json and to<T>
// (the type itself is codec/value_type.hpp, which doesn't include the decoder).

#include <dynorm/version.hpp>
#include <dynorm/codec/decode.hpp>
#include <dynorm/codec/value_type.hpp>

#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

namespace detail {

template <int Lazy>
struct value_reader {
    static value from_attribute_json(std::string_view text) { return dynorm::decode_attribute_value<value>(text); }
    template <class T>
    static T decode_item(std::string_view item_json, const decode_options& opt) {
        return dynorm::decode_item<T>(item_json, opt);
    }
    template <class T>
    static T decode_attribute(std::string_view json_text, const decode_options& opt) {
        return dynorm::decode_attribute_value<T>(json_text, opt);
    }

    static value from_json_value(json::value v) {
        const nesting_guard level;
        json::json_type type;
        check(v.type().get(type));
        switch (type) {
        case json::json_type::null: return value();
        case json::json_type::boolean: {
            bool b;
            check(v.get_bool().get(b));
            return value(b);
        }
        case json::json_type::number: return value(number_from_text(number_token(v.raw_json_token())));
        case json::json_type::string: return value(std::string(get_text(v)));
        case json::json_type::array: {
            json::array array;
            check(v.get_array().get(array));
            value::list l;
            for (auto element : array) {
                json::value e;
                check(std::move(element).get(e));
                l.push_back(from_json_value(e));
            }
            return value(std::move(l));
        }
        case json::json_type::object: {
            json::object obj;
            check(v.get_object().get(obj));
            value::map m;
            for_each_field(obj, [&](std::string_view key, json::value v) {
                m.insert_or_assign(std::string(key), from_json_value(v));
            });
            return value(std::move(m));
        }
        }
        throw decode_error("unexpected JSON");
    }

    // A document that is one scalar (simdjson reads those from the document, not as a value).
    static value from_json_scalar(json::document& doc, std::string_view text) {
        // the scalar's token must be all of the text ("1 2" is not JSON)
        std::string_view token;
        check(doc.raw_json_token().get(token));
        constexpr std::string_view space = " \t\r\n";
        const auto first = text.find_first_not_of(space), last = text.find_last_not_of(space);
        const auto token_end = token.find_last_not_of(space);
        if (first == std::string_view::npos || token_end == std::string_view::npos ||
            text.substr(first, last - first + 1) != token.substr(0, token_end + 1))
            throw decode_error("malformed JSON: content after the value");
        json::json_type type;
        check(doc.type().get(type));
        switch (type) {
        case json::json_type::null: {
            bool null = false;
            check(doc.is_null().get(null));
            if (!null) break;
            return value();
        }
        case json::json_type::boolean: {
            bool b;
            check(doc.get_bool().get(b));
            return value(b);
        }
        case json::json_type::number: return value(number_from_text(number_token(token)));
        case json::json_type::string: {
            std::string_view unescaped;
            check(doc.get_string().get(unescaped));
            return value(std::string(unescaped));
        }
        default: break;
        }
        throw decode_error("not a JSON value");
    }

    static value from_json(std::string_view text) {
        simdjson::ondemand::parser parser;
        simdjson::padded_string padded(text);
        simdjson::ondemand::document doc;
        check(parser.iterate(padded).get(doc));
        bool scalar = false;
        check(doc.is_scalar().get(scalar));
        if (scalar) return from_json_scalar(doc, text);
        json::value root;
        check(doc.get_value().get(root));
        value out = from_json_value(root);
        check_document_end(doc);
        return out;
    }
};

} // namespace detail

// A dynorm::value inside a typed item (found by the decoder through argument-dependent lookup).
inline void decode_document(std::string_view tag, detail::json::value inner, value& out) {
    using detail::check;
    const detail::nesting_guard level;
    if (tag == "S") out = value(std::string(detail::get_text(inner)));
    else if (tag == "N") out = value(detail::number_from_text(detail::get_text(inner)));
    else if (tag == "BOOL") {
        bool b;
        check(inner.get_bool().get(b));
        out = value(b);
    } else if (tag == "NULL") out = value();
    else if (tag == "B") {
        binary b;
        detail::scalar_from_text(detail::get_text(inner), b);
        out = value(std::move(b));
    } else if (tag == "M") {
        value::map m;
        detail::decode_tagged(tag, inner, m, {});
        out = value(std::move(m));
    } else if (tag == "L") {
        value::list l;
        detail::decode_tagged(tag, inner, l, {});
        out = value(std::move(l));
    } else if (tag == "SS") {
        value::string_set s;
        detail::decode_tagged(tag, inner, s, {});
        out = value(std::move(s));
    } else if (tag == "NS") {
        value::number_set s;
        detail::decode_tagged(tag, inner, s, {});
        out = value(std::move(s));
    } else if (tag == "BS") {
        value::binary_set s;
        detail::decode_tagged(tag, inner, s, {});
        out = value(std::move(s));
    } else
        throw decode_error("unknown attribute type '" + std::string(tag) + "'");
}

} // namespace dynorm
