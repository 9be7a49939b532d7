#pragma once
// An environment for credential tests held in maps: variables, files by path (writes land there
// too) and a fixed clock. get() reads this object, so tests can change a file between fetches;
// it must outlive what uses the environment.

#include <dynorm/wire/environment.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace dynorm_test {

struct memory_environment {
    std::map<std::string, std::string> variables;
    std::map<std::string, std::string> files;
    std::chrono::system_clock::time_point now{};

    dynorm::environment get() {
        dynorm::environment e;
        e.variable = [this](const std::string& name) -> std::optional<std::string> {
            const auto v = variables.find(name);
            if (v == variables.end() || v->second.empty()) return std::nullopt;
            return v->second;
        };
        e.read_file = [this](const std::string& path) -> std::optional<std::string> {
            const auto f = files.find(path);
            if (f == files.end()) return std::nullopt;
            return f->second;
        };
        e.write_file = [this](const std::string& path, const std::string& text) {
            files[path] = text;
            return true;
        };
        e.now = [this] { return now; };
        return e;
    }
};

} // namespace dynorm_test
