#pragma once
// credential_process: a helper program whose standard output is a JSON document
//   {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ...,
//    "Expiration": "RFC 3339", "AccountId": ...}      (SessionToken, Expiration, AccountId optional)
// The command line is split into words as a POSIX shell would split it (quotes and backslashes),
// but no shell runs: no pipes, globs or variables, as in boto3 and the Go SDK. A helper that exits
// with a failure, prints more than 1 MiB or runs longer than a minute is an error that carries
// the first kilobyte of its standard error.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/detail/parse.hpp>
#include <dynorm/wire/credentials/provider.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace dynorm::inline DYNORM_ABI {

namespace detail {

// Words of a command line: whitespace separates; '...' keeps everything; "..." keeps all but
// \" \\ \$ \`; a backslash outside quotes keeps the next character. nullopt for an open quote.
inline std::optional<std::vector<std::string>> split_command_line(std::string_view line) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else if (c == '\'') {
            const std::size_t end = line.find('\'', i + 1);
            if (end == std::string_view::npos) return std::nullopt;
            word.append(line.substr(i + 1, end - i - 1));
            i = end;
            in_word = true;
        } else if (c == '"') {
            for (++i;; ++i) {
                if (i >= line.size()) return std::nullopt;
                if (line[i] == '"') break;
                if (line[i] == '\\' && i + 1 < line.size() && std::string_view("\"\\$`").find(line[i + 1]) != std::string_view::npos)
                    ++i;
                word += line[i];
            }
            in_word = true;
        } else if (c == '\\' && i + 1 < line.size()) {
            word += line[++i];
            in_word = true;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

struct process_result {
    int exit_status = -1; // -1: killed or didn't exit normally
    std::string out, err;
    bool timed_out = false, too_large = false;
};

inline process_result run_process(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                                  std::size_t max_output) {
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw config_error("dynorm: pipe failed: " + std::string(std::strerror(errno)));
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        throw config_error("dynorm: pipe failed: " + std::string(std::strerror(errno)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    process_result r;
    if (spawned != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        r.err = "can't start " + argv[0] + ": " + std::strerror(spawned);
        return r;
    }
    const auto deadline = std::chrono::steady_clock::now() + limit;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open = 2;
    while (open > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            r.timed_out = true;
            break;
        }
        const int n = ::poll(fds, 2, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char chunk[8192];
            const ssize_t got = ::read(fds[i].fd, chunk, sizeof chunk);
            if (got <= 0) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
                continue;
            }
            std::string& sink = i == 0 ? r.out : r.err;
            if (sink.size() + static_cast<std::size_t>(got) > max_output) r.too_large = true;
            else sink.append(chunk, static_cast<std::size_t>(got));
        }
        if (r.too_large) break;
    }
    for (const auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
    if (r.timed_out || r.too_large) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
    return r;
}

} // namespace detail

class process_provider : public credentials_provider {
public:
    // `account_id`: the profile's aws_account_id, used when the helper doesn't print one.
    process_provider(std::string command, std::string origin, std::string account_id = {})
        : command_(std::move(command)), origin_(std::move(origin)), account_id_(std::move(account_id)) {}

    std::string name() const override { return "credential_process (" + origin_ + ")"; }

    resolved_credentials fetch() override {
        const auto argv = detail::split_command_line(command_);
        if (!argv) throw credentials_error(name(), "the command line has an unclosed quote");
        if (argv->empty()) throw credentials_error(name(), "the command line is empty");
        const detail::process_result r = detail::run_process(*argv, std::chrono::minutes(1), max_credentials_output);
        std::string err = r.err.substr(0, 1000);
        while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
        const std::string said = err.empty() ? std::string() : "; it said: " + err;
        if (r.timed_out) throw credentials_error(name(), "the helper ran longer than a minute and was stopped" + said);
        if (r.too_large) throw credentials_error(name(), "the helper printed more than 1 MiB");
        if (r.exit_status != 0)
            throw credentials_error(name(), (r.exit_status < 0 ? std::string("the helper didn't exit normally")
                                                               : "the helper exited with status " + std::to_string(r.exit_status)) +
                                                said);
        auto fail = [&](const std::string& why) { throw credentials_error(name(), "the helper's output: " + why); };
        const detail::json_members j = detail::read_json_object(r.out, fail);
        if (j.integer("Version") != 1) fail("\"Version\" must be 1");
        resolved_credentials out;
        out.credentials = {j.string("AccessKeyId").value_or(""), j.string("SecretAccessKey").value_or(""),
                           j.string("SessionToken").value_or("")};
        if (out.credentials.access_key_id.empty()) fail("\"AccessKeyId\" is missing");
        if (out.credentials.secret_access_key.empty()) fail("\"SecretAccessKey\" is missing");
        if (const auto e = j.string("Expiration")) {
            out.expiry = detail::parse_rfc3339(*e);
            if (!out.expiry) fail("\"Expiration\" is not an RFC 3339 time");
        }
        out.account_id = j.string("AccountId").value_or(account_id_);
        out.source = name();
        return out;
    }

    static constexpr std::size_t max_credentials_output = 1 << 20;

private:
    std::string command_, origin_, account_id_;
};

} // namespace dynorm
