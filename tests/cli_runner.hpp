// tests/cli_runner.hpp — runs the infoplane executable (INFOPLANE_EXECUTABLE) as a child process in a
// chosen working directory and returns its exit status, stdout and stderr, for the command-line tests.
#pragma once
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace cli {

using TempDir = ::TempDir;
using Args = std::vector<std::string>;

// The demo preset (a 2-second SZT run): what the command-line tests train, cut to a few epochs.
inline const std::string demo_preset = INFOPLANE_SOURCE_DIR "/experiments/szt_demo.ini";

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The names in `dir` (files and directories, not recursive), sorted.
inline std::vector<std::string> entries_of(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The lines of `text` without their '\n'; a last line without '\n' counts too.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

struct CliResult {
    int status = -1;  // the exit status; 128 + N when the process was killed by signal N
    std::string out;  // everything written to stdout
    std::string err;  // everything written to stderr
};

// Runs `infoplane ARGUMENTS...` with `working_dir` as its current directory, stdin from /dev/null and
// stdout and stderr captured in files of a temporary directory. A child that runs longer than
// `timeout_seconds` is killed by SIGALRM (the alarm survives exec), so a hung command fails its test
// instead of hanging the suite.
inline CliResult run_infoplane(const std::vector<std::string>& arguments, const std::filesystem::path& working_dir,
                               unsigned timeout_seconds = 60) {
    const TempDir capture;
    const std::string out_path = (capture.path / "stdout").string();
    const std::string err_path = (capture.path / "stderr").string();
    const std::string directory = working_dir.string();
    // Everything the child needs is built before fork: after fork it only makes system calls.
    std::vector<std::string> words = {INFOPLANE_EXECUTABLE};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0 || ::dup2(in, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 ||
            ::dup2(err, STDERR_FILENO) < 0 || ::chdir(directory.c_str()) != 0)
            ::_exit(127);
        ::alarm(timeout_seconds);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    CliResult result;
    result.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

}  // namespace cli
