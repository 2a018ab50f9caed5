// tests/temp_dir.hpp — a fresh directory under /tmp for a test's files, removed with everything in it
// when the test ends (also when it fails).
#pragma once
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

struct TempDir {
    std::filesystem::path path;

    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "infoplane_test_XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(pattern + ": cannot create");
        path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }

    // DIR/name as a string (name may contain subdirectories).
    std::string file(const std::string& name) const { return (path / name).string(); }

    // Writes `bytes` to DIR/name exactly (creating subdirectories) and returns its path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::filesystem::path target = path / name;
        std::filesystem::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::binary);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        if (!out) throw std::runtime_error(target.string() + ": cannot write");
        return target.string();
    }

    // The names directly in DIR, sorted.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(path)) names.push_back(entry.path().filename());
        std::sort(names.begin(), names.end());
        return names;
    }
};
