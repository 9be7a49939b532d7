#pragma once
// Test data files as simdjson DOM documents, and small helpers to walk them.

#include <simdjson.h>

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dynorm_test {

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("can't read " + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A parsed document that keeps its parser alive.
struct json_document {
    std::unique_ptr<simdjson::dom::parser> parser = std::make_unique<simdjson::dom::parser>();
    simdjson::dom::element root;
};

inline json_document load_json(const std::string& path) {
    json_document d;
    const simdjson::padded_string text(read_text(path));
    if (d.parser->parse(text).get(d.root) != simdjson::SUCCESS) throw std::runtime_error(path + " is not JSON");
    return d;
}

// Named copies, so range-for never iterates a member of a temporary simdjson_result.
inline simdjson::dom::array array_of(simdjson::dom::element e) {
    simdjson::dom::array a;
    if (e.get_array().get(a) != simdjson::SUCCESS) throw std::runtime_error("not a JSON array");
    return a;
}
inline simdjson::dom::object object_of(simdjson::dom::element e) {
    simdjson::dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) throw std::runtime_error("not a JSON object");
    return o;
}

inline std::string str(simdjson::dom::element e) { return std::string(e.get_string().value()); }

// An object of strings as a map (other members skipped).
inline std::map<std::string, std::string> string_map(simdjson::dom::element e) {
    std::map<std::string, std::string> out;
    simdjson::dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) return out;
    for (const auto field : o)
        if (field.value.is_string()) out[std::string(field.key)] = str(field.value);
    return out;
}

inline std::optional<simdjson::dom::element> member(simdjson::dom::element e, const char* key) {
    simdjson::dom::element out;
    if (e[key].get(out) != simdjson::SUCCESS) return std::nullopt;
    return out;
}

} // namespace dynorm_test
