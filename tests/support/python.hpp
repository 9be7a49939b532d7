#pragma once
// Runs a Python script with Debian's /usr/bin/python3 (boto3 and botocore are the reference
// clients of the cross-checks) and returns what it printed; a failing script fails the test.

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace dynorm_test {

inline std::string run_python(const std::string& script, const std::vector<std::string>& args = {}) {
    static int counter = 0;
    const auto path = std::filesystem::temp_directory_path() /
                      ("dynorm_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".py");
    std::ofstream(path) << script;
    std::string command = "/usr/bin/python3 " + path.string();
    for (const auto& a : args) command += " '" + a + "'";
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buffer{};
    while (const auto n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    const int status = pclose(pipe);
    std::filesystem::remove(path);
    REQUIRE(status == 0);
    return out;
}

} // namespace dynorm_test
