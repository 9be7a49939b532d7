#pragma once
// What credential and endpoint resolution read from the process: environment variables, files
// and the clock. The default is the real process; tests and programs that resolve on behalf of
// another (a CLI, a sandbox) substitute their own.

#include <dynorm/version.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>

namespace dynorm::inline DYNORM_ABI {

struct environment {
    // An environment variable; nullopt when unset or empty.
    std::function<std::optional<std::string>(const std::string& name)> variable;
    // A whole file; nullopt when it can't be opened.
    std::function<std::optional<std::string>(const std::string& path)> read_file;
    // Replaces a file's content (the SSO token cache after a refresh); false when it can't.
    std::function<bool(const std::string& path, const std::string& content)> write_file;
    std::function<std::chrono::system_clock::time_point()> now;

    static environment process() {
        environment e;
        e.variable = [](const std::string& name) -> std::optional<std::string> {
            const char* v = std::getenv(name.c_str());
            if (!v || !*v) return std::nullopt;
            return std::string(v);
        };
        e.read_file = [](const std::string& path) -> std::optional<std::string> {
            std::ifstream in(path, std::ios::binary);
            if (!in) return std::nullopt;
            return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        };
        e.write_file = [](const std::string& path, const std::string& content) {
            const std::string temporary = path + ".dynorm-" + std::to_string(::getpid());
            {
                std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
                if (!out || !out.write(content.data(), static_cast<std::streamsize>(content.size())).flush()) return false;
            }
            return std::rename(temporary.c_str(), path.c_str()) == 0; // whole or not at all
        };
        e.now = [] { return std::chrono::system_clock::now(); };
        return e;
    }

    std::optional<std::string> get(const std::string& name) const { return variable ? variable(name) : std::nullopt; }

    // Whether a setting is "true" in any case, as the SDKs read AWS_EC2_METADATA_DISABLED.
    static bool is_true(const std::optional<std::string>& v) {
        if (!v || v->size() != 4) return false;
        std::string lower;
        for (const char c : *v) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return lower == "true";
    }
    bool flag(const std::string& name) const { return is_true(get(name)); }
};

} // namespace dynorm
