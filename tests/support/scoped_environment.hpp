#pragma once
// A test's own process environment: every AWS_* variable, HOME and the proxy variables are
// cleared on entry and restored on exit, HOME points at a fresh temporary directory, and files
// are written under it.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

extern char** environ;

namespace dynorm_test {

class scoped_environment {
public:
    explicit scoped_environment(const std::string& tag = "env") {
        std::vector<std::string> names{"HOME"};
        for (char** e = environ; *e; ++e)
            if (ours(*e)) names.push_back(std::string(*e).substr(0, std::string(*e).find('=')));
        for (const auto& name : names) {
            const char* v = std::getenv(name.c_str());
            saved_.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
            ::unsetenv(name.c_str());
        }
        home_ = std::filesystem::temp_directory_path() / ("dynorm_" + tag + "_" + std::to_string(::getpid()));
        std::filesystem::create_directories(home_);
        set("HOME", home_.string());
    }
    ~scoped_environment() {
        for (char** e = environ; *e; ++e) // variables the test added
            if (ours(*e)) added_.push_back(std::string(*e).substr(0, std::string(*e).find('=')));
        for (const auto& name : added_) ::unsetenv(name.c_str());
        for (const auto& [name, v] : saved_) {
            if (v) ::setenv(name.c_str(), v->c_str(), 1);
            else ::unsetenv(name.c_str());
        }
        std::error_code ignored;
        std::filesystem::remove_all(home_, ignored);
    }
    scoped_environment(const scoped_environment&) = delete;
    scoped_environment& operator=(const scoped_environment&) = delete;

    void set(const std::string& name, const std::string& value) { ::setenv(name.c_str(), value.c_str(), 1); }
    const std::filesystem::path& home() const { return home_; }
    // Writes a file under HOME ("relative" may name folders); returns its path.
    std::string write(const std::string& relative, const std::string& text) {
        const auto p = home_ / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }

private:
    static bool ours(const std::string& entry) {
        const std::string name = entry.substr(0, entry.find('='));
        if (name.rfind("AWS_", 0) == 0) return true;
        for (const char* proxy : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                                  "no_proxy", "NO_PROXY"})
            if (name == proxy) return true;
        return false;
    }

    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
    std::vector<std::string> added_;
    std::filesystem::path home_;
};

} // namespace dynorm_test
