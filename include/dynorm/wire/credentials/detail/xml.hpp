#pragma once
// A strict reader for the few XML documents STS returns (AssumeRole*Response, ErrorResponse):
// elements, text, attributes skipped, the XML declaration and comments allowed, the five named
// entities and numeric references decoded. No DTD, no CDATA, nothing else: STS sends none, and
// anything unexpected is an error rather than a guess.

#include <dynorm/version.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI::detail {

// The text of every leaf element, keyed by its path ("AssumeRoleResponse/AssumeRoleResult/...").
// nullopt when the document is not well-formed or nests deeper than 16 levels.
inline std::optional<std::map<std::string, std::string>> read_xml_leaves(std::string_view doc) {
    std::map<std::string, std::string> out;
    std::vector<std::string_view> open;
    std::string text;
    bool had_child = false;
    std::size_t at = 0;
    auto path = [&] {
        std::string p;
        for (const auto name : open) {
            if (!p.empty()) p += '/';
            p += name;
        }
        return p;
    };
    auto decode = [&](std::string_view raw) -> bool {
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '<') return false;
            if (raw[i] != '&') {
                text += raw[i];
                continue;
            }
            const std::size_t semi = raw.find(';', i);
            if (semi == std::string_view::npos) return false;
            const std::string_view name = raw.substr(i + 1, semi - i - 1);
            if (name == "lt") text += '<';
            else if (name == "gt") text += '>';
            else if (name == "amp") text += '&';
            else if (name == "quot") text += '"';
            else if (name == "apos") text += '\'';
            else if (name.size() > 1 && name[0] == '#') {
                unsigned long code = 0;
                const bool hex = name[1] == 'x';
                const std::string_view digits = name.substr(hex ? 2 : 1);
                if (digits.empty() || digits.size() > 6) return false;
                for (const char c : digits) {
                    const int d = c >= '0' && c <= '9' ? c - '0'
                                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (d < 0) return false;
                    code = code * (hex ? 16 : 10) + static_cast<unsigned long>(d);
                }
                if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
                if (code < 0x80) text += static_cast<char>(code);
                else if (code < 0x800) {
                    text += static_cast<char>(0xC0 | (code >> 6));
                    text += static_cast<char>(0x80 | (code & 0x3F));
                } else if (code < 0x10000) {
                    text += static_cast<char>(0xE0 | (code >> 12));
                    text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                    text += static_cast<char>(0x80 | (code & 0x3F));
                } else {
                    text += static_cast<char>(0xF0 | (code >> 18));
                    text += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
                    text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                    text += static_cast<char>(0x80 | (code & 0x3F));
                }
            } else
                return false;
            i = semi;
        }
        return true;
    };
    bool root_closed = false;
    while (at < doc.size()) {
        const std::size_t lt = doc.find('<', at);
        const std::string_view between = doc.substr(at, lt == std::string_view::npos ? std::string_view::npos : lt - at);
        if (open.empty()) {
            if (between.find_first_not_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
        } else if (!decode(between))
            return std::nullopt;
        if (lt == std::string_view::npos) break;
        const std::string_view rest = doc.substr(lt);
        if (rest.substr(0, 4) == "<!--") {
            const std::size_t end = doc.find("-->", lt + 4);
            if (end == std::string_view::npos) return std::nullopt;
            at = end + 3;
            continue;
        }
        if (rest.substr(0, 2) == "<?") {
            if (lt != doc.find_first_not_of(" \t\r\n") || rest.substr(0, 5) != "<?xml") return std::nullopt;
            const std::size_t end = doc.find("?>", lt);
            if (end == std::string_view::npos) return std::nullopt;
            at = end + 2;
            continue;
        }
        const std::size_t gt = doc.find('>', lt);
        if (gt == std::string_view::npos) return std::nullopt;
        std::string_view tag = doc.substr(lt + 1, gt - lt - 1);
        at = gt + 1;
        if (tag.empty() || tag[0] == '!') return std::nullopt; // DOCTYPE, CDATA
        if (tag[0] == '/') {
            const std::string_view name = tag.substr(1);
            if (open.empty() || open.back() != name) return std::nullopt;
            if (!had_child) out[path()] = text;
            open.pop_back();
            text.clear();
            had_child = true;
            if (open.empty()) root_closed = true;
            continue;
        }
        if (root_closed) return std::nullopt; // a second root
        const bool self_closing = tag.back() == '/';
        if (self_closing) tag.remove_suffix(1);
        const std::string_view name = tag.substr(0, tag.find_first_of(" \t\r\n"));
        if (name.empty() || name.find_first_of("<&\"'=") != std::string_view::npos || open.size() >= 16)
            return std::nullopt;
        open.push_back(name);
        if (self_closing) {
            out[path()] = "";
            open.pop_back();
            had_child = true;
            if (open.empty()) root_closed = true;
            continue;
        }
        text.clear();
        had_child = false;
    }
    if (!open.empty() || !root_closed) return std::nullopt;
    return out;
}

} // namespace dynorm::detail
