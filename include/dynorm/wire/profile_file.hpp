#pragma once
// The AWS shared files, ~/.aws/config and ~/.aws/credentials, read as every AWS SDK reads them
// (checked against the SDKs' shared cases, tests/data/aws-config/profile-parser-cases.json):
//
//   [profile name] / [default] / [sso-session name] / [services name]   (config file)
//   [name]                                                             (credentials file)
//   key = value          keys are case-insensitive; a value's " #" or " ;" starts a comment
//   <indent>more         continues the value above ("value\nmore")
//   key =                followed by indented "sub = value" lines: sub-properties
//
// Both files merge into one set of profiles; the credentials file wins key by key, and in the
// config file a [profile default] section hides any [default] one. Section names with
// characters outside letters, digits and -_/.%@:+ are skipped, as are keys with a space in them.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

// One section's properties, keys in lower case.
using profile_properties = std::map<std::string, std::string>;

class profile_file {
public:
    std::map<std::string, profile_properties> profiles;
    std::map<std::string, profile_properties> sso_sessions;
    std::map<std::string, profile_properties> services;

    // Parses the two files' text (either may be empty); `config_name`/`credentials_name` name the
    // files in errors. Throws config_error on a line no SDK accepts.
    static profile_file parse(std::string_view config_text, std::string_view credentials_text,
                              std::string_view config_name = "config", std::string_view credentials_name = "credentials") {
        profile_file out;
        detail_parse(out, config_text, config_name, true);
        profile_file credentials;
        detail_parse(credentials, credentials_text, credentials_name, false);
        for (auto& [name, properties] : credentials.profiles) {
            profile_properties& merged = out.profiles[name]; // an empty section is a profile too
            for (auto& [key, value] : properties) merged[key] = std::move(value);
        }
        return out;
    }

    const profile_properties* profile(const std::string& name) const {
        const auto p = profiles.find(name);
        return p == profiles.end() ? nullptr : &p->second;
    }

    // A property's value, if the profile has it and it isn't empty.
    std::optional<std::string> get(const std::string& profile_name, const std::string& key) const {
        const profile_properties* p = profile(profile_name);
        if (!p) return std::nullopt;
        const auto v = p->find(key);
        if (v == p->end() || v->second.empty()) return std::nullopt;
        return v->second;
    }

    // A sub-property ("sts =\n  endpoint_url = ...") of a property's value.
    static std::optional<std::string> sub_property(std::string_view value, std::string_view key) {
        while (!value.empty()) {
            const std::size_t newline = value.find('\n');
            const std::string_view line = value.substr(0, newline);
            value = newline == std::string_view::npos ? std::string_view{} : value.substr(newline + 1);
            const std::size_t eq = line.find('=');
            if (eq == std::string_view::npos) continue;
            if (lower(trim(line.substr(0, eq))) == key) {
                std::string v(trim(line.substr(eq + 1)));
                if (!v.empty()) return v;
            }
        }
        return std::nullopt;
    }

    static std::string_view trim(std::string_view s) {
        const auto b = s.find_first_not_of(" \t\r");
        if (b == std::string_view::npos) return {};
        return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
    }

private:
    static std::string lower(std::string_view s) {
        std::string out(s);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }

    static bool valid_name(std::string_view name) {
        if (name.empty()) return false;
        for (const char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  std::string_view("-_/.%@:+").find(c) != std::string_view::npos))
                return false;
        return true;
    }

    // Drops a comment: " #" or " ;" (or one at the start) and what follows.
    static std::string_view without_comment(std::string_view s) {
        for (std::size_t i = 0; i < s.size(); ++i)
            if ((s[i] == '#' || s[i] == ';') && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) return s.substr(0, i);
        return s;
    }

    [[noreturn]] static void fail(std::string_view file, int line, std::string_view why) {
        throw config_error("dynorm: " + std::string(file) + " line " + std::to_string(line) + ": " + std::string(why));
    }

    static void detail_parse(profile_file& out, std::string_view text, std::string_view file, bool config) {
        // Which section the lines go to: nullptr while in a skipped section.
        profile_properties* section = nullptr;
        bool in_any_section = false;
        std::string* last_value = nullptr; // the property a continuation line extends
        bool last_is_parent = false;       // "key =" with nothing after it: sub-properties follow
        // [default] sections, kept aside: dropped when the config file has [profile default].
        profile_properties plain_default;
        bool has_profile_default = false;
        bool saw_plain_default = false;
        int number = 0;
        while (!text.empty()) {
            const std::size_t newline = text.find('\n');
            std::string_view raw = text.substr(0, newline);
            text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
            ++number;
            if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
            const std::string_view line = trim(raw);
            if (line.empty() || line[0] == '#' || line[0] == ';') continue;

            if (raw[0] == ' ' || raw[0] == '\t') { // a continuation or a sub-property
                if (!in_any_section || (section && !last_value)) fail(file, number, "an indented line continues no property");
                if (!section) continue;
                if (last_is_parent) {
                    const std::size_t eq = line.find('=');
                    if (eq == std::string_view::npos || trim(line.substr(0, eq)).empty())
                        fail(file, number, "a sub-property must be `name = value`");
                    const std::string_view sub_value = trim(without_comment(line.substr(eq + 1)));
                    *last_value += '\n';
                    *last_value += trim(line.substr(0, eq));
                    *last_value += " =";
                    if (!sub_value.empty()) *last_value += ' ';
                    *last_value += sub_value;
                } else {
                    *last_value += '\n';
                    *last_value += line;
                }
                continue;
            }

            last_value = nullptr;
            last_is_parent = false;
            if (line[0] == '[') {
                const std::size_t close = line.find(']');
                if (close == std::string_view::npos) fail(file, number, "a section header misses its ']'");
                const std::string_view rest = trim(without_comment(line.substr(close + 1)));
                if (!rest.empty() && rest[0] != '#' && rest[0] != ';')
                    fail(file, number, "text after a section header");
                const std::string_view inside = trim(line.substr(1, close - 1));
                in_any_section = true;
                saw_plain_default = saw_plain_default || (config && inside == "default");
                section = open_section(out, inside, config, plain_default, has_profile_default);
                continue;
            }

            if (!in_any_section) fail(file, number, "a property before any [section]");
            const std::size_t eq = line.find('=');
            if (eq == std::string_view::npos) fail(file, number, "expected `name = value`");
            const std::string_view key = trim(line.substr(0, eq));
            if (key.empty()) fail(file, number, "a property without a name");
            if (!section) continue;
            if (key.find_first_of(" \t") != std::string_view::npos) continue; // skipped, as the SDKs do
            const std::string_view value = trim(without_comment(line.substr(eq + 1)));
            std::string& slot = (*section)[lower(key)];
            slot = std::string(value);
            last_value = &slot;
            last_is_parent = value.empty();
        }
        if (config && !has_profile_default && saw_plain_default) {
            profile_properties& d = out.profiles["default"];
            for (auto& [k, v] : plain_default) d.emplace(k, std::move(v));
        }
    }

    static profile_properties* open_section(profile_file& out, std::string_view inside, bool config,
                                            profile_properties& plain_default, bool& has_profile_default) {
        if (!config) return valid_name(inside) ? &out.profiles[std::string(inside)] : nullptr;
        const auto prefixed = [&](std::string_view prefix) -> std::optional<std::string_view> {
            if (inside.substr(0, prefix.size()) != prefix || inside.size() == prefix.size()) return std::nullopt;
            if (inside[prefix.size()] != ' ' && inside[prefix.size()] != '\t') return std::nullopt;
            return trim(inside.substr(prefix.size()));
        };
        if (inside == "default") return &plain_default; // merged at the end, unless [profile default] appears
        if (const auto name = prefixed("profile")) {
            if (!valid_name(*name)) return nullptr;
            if (*name == "default") has_profile_default = true;
            return &out.profiles[std::string(*name)];
        }
        if (const auto name = prefixed("sso-session")) return valid_name(*name) ? &out.sso_sessions[std::string(*name)] : nullptr;
        if (const auto name = prefixed("services")) return valid_name(*name) ? &out.services[std::string(*name)] : nullptr;
        return nullptr;
    }
};

} // namespace dynorm
