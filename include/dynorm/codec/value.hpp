#pragma once
// dynorm::value: an untyped DynamoDB attribute value (S, N, B, BOOL, NULL, M, L, SS, NS, BS), for
// schema-less items, keys returned by the service (LastEvaluatedKey), and data loaded from plain
// JSON. Numbers keep their exact decimal text.

#include <dynorm/version.hpp>
#include <dynorm/codec/decode.hpp>
#include <dynorm/codec/encode.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class value {
public:
    using map = std::map<std::string, value, std::less<>>;
    using list = std::vector<value>;
    using string_set = std::set<std::string>;
    using number_set = std::set<number>;
    using binary_set = std::set<binary>;
    using storage_type = std::variant<null_value, bool, std::string, number, binary, map, list,
                                      string_set, number_set, binary_set>;

    value() = default;
    value(null_value) {}
    value(bool b) : data_(b) {}
    value(std::string s) : data_(std::move(s)) {}
    value(std::string_view s) : data_(std::string(s)) {}
    value(const char* s) : data_(std::string(s)) {}
    value(number n) : data_(std::move(n)) {}
    template <std::integral Int>
        requires(!std::same_as<Int, bool> && !std::same_as<Int, char>)
    value(Int n) : data_(number(n)) {}
    value(double d) : data_(number(encode_attribute_number(d))) {}
    value(binary b) : data_(std::move(b)) {}
    value(map m) : data_(std::move(m)) {}
    value(list l) : data_(std::move(l)) {}
    value(string_set s) : data_(std::move(s)) {}
    value(number_set s) : data_(std::move(s)) {}
    value(binary_set s) : data_(std::move(s)) {}

    attribute_type type() const noexcept {
        constexpr attribute_type types[] = {attribute_type::NUL, attribute_type::BOOL, attribute_type::S,
                                            attribute_type::N,   attribute_type::B,    attribute_type::M,
                                            attribute_type::L,   attribute_type::SS,   attribute_type::NS,
                                            attribute_type::BS};
        return types[data_.index()];
    }
    bool is_null() const noexcept { return type() == attribute_type::NUL; }

    // Accessors throw decode_error on a type mismatch. On a temporary they move the content out,
    // so `for (auto& v : value::from_json(text).as_list())` doesn't dangle.
    const std::string& as_string() const& { return get<std::string>(attribute_type::S); }
    std::string as_string() && { return std::move(const_cast<std::string&>(as_string())); }
    const number& as_number() const& { return get<number>(attribute_type::N); }
    number as_number() && { return std::move(const_cast<number&>(as_number())); }
    bool as_bool() const { return get<bool>(attribute_type::BOOL); }
    const binary& as_binary() const& { return get<binary>(attribute_type::B); }
    binary as_binary() && { return std::move(const_cast<binary&>(as_binary())); }
    const map& as_map() const& { return get<map>(attribute_type::M); }
    map& as_map() & { return const_cast<map&>(std::as_const(*this).as_map()); }
    map as_map() && { return std::move(as_map()); }
    const list& as_list() const& { return get<list>(attribute_type::L); }
    list& as_list() & { return const_cast<list&>(std::as_const(*this).as_list()); }
    list as_list() && { return std::move(as_list()); }
    const string_set& as_string_set() const { return get<string_set>(attribute_type::SS); }
    const number_set& as_number_set() const { return get<number_set>(attribute_type::NS); }
    const binary_set& as_binary_set() const { return get<binary_set>(attribute_type::BS); }

    // Map access: the element named key, or nullptr (also when this isn't a map).
    const value* find(std::string_view key) const {
        const map* m = std::get_if<map>(&data_);
        if (!m) return nullptr;
        const auto it = m->find(key);
        return it == m->end() ? nullptr : &it->second;
    }
    // Map access that requires the element: decode_error naming it when it is absent.
    const value& at(std::string_view key) const {
        if (const value* v = find(key)) return *v;
        throw decode_error("missing field '" + std::string(key) + "'");
    }
    // Map access that inserts; a NULL value becomes an empty map first.
    value& operator[](std::string_view key) {
        if (is_null()) data_ = map{};
        map& m = as_map();
        auto it = m.find(key);
        if (it == m.end()) it = m.emplace(std::string(key), value{}).first;
        return it->second;
    }

    const storage_type& storage() const noexcept { return data_; }

    friend bool operator==(const value& a, const value& b) { return a.data_ == b.data_; }

    // DynamoDB attribute-value JSON ({"M":{"a":{"N":"1"}}}) and back.
    std::string to_attribute_json() const { return encode_attribute_value(*this); }
    static value from_attribute_json(std::string_view text) { return decode_attribute_value<value>(text); }

    // An item's JSON ({"a":{"N":"1"}}) and back; the value is a map.
    std::string to_item_json() const {
        std::string out = to_attribute_json(); // {"M":{...}}
        if (type() != attribute_type::M) throw encode_error("an item must be a map");
        return out.substr(5, out.size() - 6);
    }
    static value from_item_json(std::string_view text) {
        std::string wrapped = "{\"M\":";
        wrapped.append(text);
        wrapped += '}';
        return from_attribute_json(wrapped);
    }

    // Plain JSON (as in a data file): objects are maps, arrays lists, numbers keep their exact
    // text, strings, booleans and null map to S, BOOL and NULL.
    static value from_json(std::string_view text);
    std::string to_json() const {
        std::string out;
        append_json(out);
        return out;
    }

    // A typed value as a document, and back (checked like any response: decode_error on mismatch).
    template <class T>
    static value from(const T& typed) {
        if constexpr (struct_attribute<T>) return from_item_json(encode_item(typed));
        else return from_attribute_json(encode_attribute_value(typed));
    }
    template <class T>
    T to(const decode_options& opt = {}) const {
        if constexpr (struct_attribute<T>) return decode_item<T>(to_item_json(), opt);
        else return decode_attribute_value<T>(to_attribute_json(), opt);
    }

private:
    template <class U>
    const U& get(attribute_type wanted) const {
        if (const U* p = std::get_if<U>(&data_)) return *p;
        throw decode_error("expected " + std::string(type_tag(wanted)) + ", got " +
                           std::string(type_tag(type())));
    }

    static std::string encode_attribute_number(double d) {
        std::string json = encode_attribute_value(d); // {"N":"..."}
        return json.substr(6, json.size() - 8);
    }

    void append_json(std::string& out) const;
    static value from_json_value(detail::json::value v);
    static value from_json_scalar(simdjson::ondemand::document& doc, std::string_view text);

    friend void decode_document(std::string_view tag, detail::json::value inner, value& out) {
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
            map m;
            detail::decode_tagged(tag, inner, m, {});
            out = value(std::move(m));
        } else if (tag == "L") {
            list l;
            detail::decode_tagged(tag, inner, l, {});
            out = value(std::move(l));
        } else if (tag == "SS") {
            string_set s;
            detail::decode_tagged(tag, inner, s, {});
            out = value(std::move(s));
        } else if (tag == "NS") {
            number_set s;
            detail::decode_tagged(tag, inner, s, {});
            out = value(std::move(s));
        } else if (tag == "BS") {
            binary_set s;
            detail::decode_tagged(tag, inner, s, {});
            out = value(std::move(s));
        } else
            throw decode_error("unknown attribute type '" + std::string(tag) + "'");
    }

    storage_type data_;
};

inline void value::append_json(std::string& out) const {
    std::visit(
        [&](const auto& v) {
            using V = std::remove_cvref_t<decltype(v)>;
            if constexpr (std::same_as<V, null_value>) out += "null";
            else if constexpr (std::same_as<V, bool>) out += v ? "true" : "false";
            else if constexpr (std::same_as<V, std::string>) detail::append_json_string(out, v);
            else if constexpr (std::same_as<V, number>) out += v.text();
            else if constexpr (std::same_as<V, binary>) {
                out += '"';
                detail::append_base64(out, v.bytes);
                out += '"';
            } else if constexpr (std::same_as<V, map>) {
                out += '{';
                bool first = true;
                for (const auto& [key, element] : v) {
                    if (!first) out += ',';
                    first = false;
                    detail::append_json_string(out, key);
                    out += ':';
                    element.append_json(out);
                }
                out += '}';
            } else {
                out += '[';
                bool first = true;
                for (const auto& element : v) {
                    if (!first) out += ',';
                    first = false;
                    if constexpr (std::same_as<V, list>) element.append_json(out);
                    else value(element).append_json(out);
                }
                out += ']';
            }
        },
        data_);
}

inline value value::from_json_value(detail::json::value v) {
    using detail::check;
    const detail::nesting_guard level;
    detail::json::json_type type;
    check(v.type().get(type));
    switch (type) {
    case detail::json::json_type::null: return value();
    case detail::json::json_type::boolean: {
        bool b;
        check(v.get_bool().get(b));
        return value(b);
    }
    case detail::json::json_type::number: return value(detail::number_from_text(detail::number_token(v.raw_json_token())));
    case detail::json::json_type::string: return value(std::string(detail::get_text(v)));
    case detail::json::json_type::array: {
        detail::json::array array;
        check(v.get_array().get(array));
        list l;
        for (auto element : array) {
            detail::json::value e;
            check(std::move(element).get(e));
            l.push_back(from_json_value(e));
        }
        return value(std::move(l));
    }
    case detail::json::json_type::object: {
        detail::json::object obj;
        check(v.get_object().get(obj));
        map m;
        detail::for_each_field(obj, [&](std::string_view key, detail::json::value v) {
            m.insert_or_assign(std::string(key), from_json_value(v));
        });
        return value(std::move(m));
    }
    }
    throw decode_error("unexpected JSON");
}

// A document that is one scalar (simdjson reads those from the document, not as a value).
inline value value::from_json_scalar(simdjson::ondemand::document& doc, std::string_view text) {
    using detail::check;
    // the scalar's token must be all of the text ("1 2" is not JSON)
    std::string_view token;
    check(doc.raw_json_token().get(token));
    constexpr std::string_view space = " \t\r\n";
    const auto first = text.find_first_not_of(space), last = text.find_last_not_of(space);
    const auto token_end = token.find_last_not_of(space);
    if (first == std::string_view::npos || token_end == std::string_view::npos ||
        text.substr(first, last - first + 1) != token.substr(0, token_end + 1))
        throw decode_error("malformed JSON: content after the value");
    detail::json::json_type type;
    check(doc.type().get(type));
    switch (type) {
    case detail::json::json_type::null: {
        bool null = false;
        check(doc.is_null().get(null));
        if (!null) break;
        return value();
    }
    case detail::json::json_type::boolean: {
        bool b;
        check(doc.get_bool().get(b));
        return value(b);
    }
    case detail::json::json_type::number: return value(detail::number_from_text(detail::number_token(token)));
    case detail::json::json_type::string: {
        std::string_view unescaped;
        check(doc.get_string().get(unescaped));
        return value(std::string(unescaped));
    }
    default: break;
    }
    throw decode_error("not a JSON value");
}

inline value value::from_json(std::string_view text) {
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(text);
    simdjson::ondemand::document doc;
    detail::check(parser.iterate(padded).get(doc));
    bool scalar = false;
    detail::check(doc.is_scalar().get(scalar));
    if (scalar) return from_json_scalar(doc, text);
    detail::json::value root;
    detail::check(doc.get_value().get(root));
    value out = from_json_value(root);
    detail::check_document_end(doc);
    return out;
}

} // namespace dynorm
