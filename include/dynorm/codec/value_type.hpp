#pragma once
// dynorm::value: an untyped DynamoDB attribute value (S, N, B, BOOL, NULL, M, L, SS, NS, BS), for
// schema-less items, keys returned by the service (LastEvaluatedKey), and data loaded from plain
// JSON. Numbers keep their exact decimal text.
//
// This header is the type and its writers, without the decoder (and simdjson): the expression
// DSL and models include it. Reading a value from JSON (from_json, from_attribute_json, to<T>)
// needs <dynorm/codec/value.hpp>.

#include <dynorm/version.hpp>
#include <dynorm/codec/decode_options.hpp>
#include <dynorm/codec/encode.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

namespace detail {
// Reads values from JSON; defined by <dynorm/codec/value.hpp>. The members that use it are
// templates so that a TU which never reads JSON never needs the decoder.
template <int Lazy>
struct value_reader;
// The reader, once it is known to be included; else dynorm's sentence is the first error.
template <int Lazy>
struct value_reader_of {
    static_assert(requires { sizeof(value_reader<Lazy>); },
                  "dynorm: reading a dynorm::value from JSON needs #include <dynorm/codec/value.hpp>");
    using type = value_reader<Lazy>;
};
} // namespace detail

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
    template <int Lazy = 0>
    static value from_attribute_json(std::string_view text) {
        return detail::value_reader_of<Lazy>::type::from_attribute_json(text);
    }

    // An item's JSON ({"a":{"N":"1"}}) and back; the value is a map.
    std::string to_item_json() const {
        std::string out = to_attribute_json(); // {"M":{...}}
        if (type() != attribute_type::M) throw encode_error("an item must be a map");
        return out.substr(5, out.size() - 6);
    }
    template <int Lazy = 0>
    static value from_item_json(std::string_view text) {
        std::string wrapped = "{\"M\":";
        wrapped.append(text);
        wrapped += '}';
        return from_attribute_json<Lazy>(wrapped);
    }

    // Plain JSON (as in a data file): objects are maps, arrays lists, numbers keep their exact
    // text, strings, booleans and null map to S, BOOL and NULL.
    template <int Lazy = 0>
    static value from_json(std::string_view text) {
        return detail::value_reader_of<Lazy>::type::from_json(text);
    }
    std::string to_json() const {
        std::string out;
        append_json(out);
        return out;
    }

    // A typed value as a document, and back (checked like any response: decode_error on mismatch).
    template <class T, int Lazy = 0>
    static value from(const T& typed) {
        if constexpr (struct_attribute<T>) return from_item_json<Lazy>(encode_item(typed));
        else return from_attribute_json<Lazy>(encode_attribute_value(typed));
    }
    template <class T, int Lazy = 0>
    T to(const decode_options& opt = {}) const {
        if constexpr (struct_attribute<T>) return detail::value_reader_of<Lazy>::type::template decode_item<T>(to_item_json(), opt);
        else return detail::value_reader_of<Lazy>::type::template decode_attribute<T>(to_attribute_json(), opt);
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

} // namespace dynorm
