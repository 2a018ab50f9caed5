// apps/ini.cpp — a line-by-line INI reader that remembers where each entry came from.
#include "apps/ini.hpp"

#include <fstream>
#include <stdexcept>

namespace apps {

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<IniEntry> read_ini(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read the configuration file");
    std::vector<IniEntry> entries;
    std::string raw;
    for (std::size_t line = 1; std::getline(in, raw); ++line) {
        const std::string text = trim(raw);
        if (text.empty() || text[0] == '#' || text[0] == ';') continue;
        const std::string where = path + ":" + std::to_string(line) + ": ";
        if (text[0] == '[')
            throw std::runtime_error(where + "sections are not used; write plain `key = value` lines");
        const auto equals = text.find('=');
        if (equals == std::string::npos) throw std::runtime_error(where + "expected `key = value`, got '" + text + "'");
        IniEntry entry{trim(text.substr(0, equals)), trim(text.substr(equals + 1)), line};
        if (entry.key.empty()) throw std::runtime_error(where + "empty key");
        if (entry.value.empty()) throw std::runtime_error(where + "no value for '" + entry.key + "'");
        entries.push_back(std::move(entry));
    }
    if (in.bad()) throw std::runtime_error(path + ": read error");
    return entries;
}

}  // namespace apps
