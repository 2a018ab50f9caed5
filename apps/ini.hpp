// apps/ini.hpp — the INI files that configure a run (experiments/*.ini, a run's run.ini): `key = value`
// lines, `#` or `;` comments, blank lines. Flat: every key is a command-line option's name.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace apps {

struct IniEntry {
    std::string key;
    std::string value;
    std::size_t line = 0;  // 1-based, for messages
};

// Throws std::runtime_error "PATH:LINE: ..." for a line that is not `key = value`, an empty key or
// value, a [section] header; "PATH: cannot read" for a missing or unreadable file.
std::vector<IniEntry> read_ini(const std::string& path);

}  // namespace apps
