// apps/sweep.cpp — parsing, expanding, naming and sharding a sweep, and its DIR/sweep.ini (see sweep.hpp).
#include "apps/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <set>
#include <sstream>
#include <stdexcept>

#include "apps/ini.hpp"

namespace apps {

namespace {

void require(bool condition, const std::string& message) {
    if (!condition) throw std::invalid_argument(message);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) parts.push_back(part);
    if (!text.empty() && text.back() == separator) parts.emplace_back();  // "a," has an empty last value
    return parts;
}

// Whether `text` is a whole non-negative number, stored in `value`.
bool parse_count(const std::string& text, std::uint64_t& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

std::uint64_t parse_seed(const std::string& text, const std::string& whole) {
    std::uint64_t seed = 0;
    require(parse_count(text, seed) && seed <= std::uint64_t(INT64_MAX),
            "seeds: '" + text + "' is not a seed (a whole number >= 0) in '" + whole + "'");
    return seed;
}

std::size_t environment_number(const char* name) {
    const char* text = std::getenv(name);
    require(text != nullptr, std::string("shard auto: ") + name + " is not set (run inside a Slurm job array)");
    std::uint64_t value = 0;
    require(parse_count(text, value), std::string("shard auto: ") + name + "='" + text + "' is not a number");
    return std::size_t(value);
}

// Letters, digits and . _ - + = , stay; anything else (/, spaces, :, quotes) becomes '_'.
std::string sanitise(const std::string& text) {
    std::string name = text;
    for (char& c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          std::string_view("._-+=,").find(c) != std::string_view::npos;
        if (!keep) c = '_';
    }
    return name;
}

// The option name of a train argument: "--epochs=10" -> "epochs"; "" for a value such as "10".
std::string option_key(const std::string& argument) {
    if (!argument.starts_with("--")) return "";
    return argument.substr(2, argument.find('=') - 2);
}

const std::set<std::string> reserved_keys = {"seed", "seeds", "out", "config", "force", "help", "grid", "shard"};

}  // namespace

GridAxis parse_grid_axis(const std::string& text) {
    const std::size_t equals = text.find('=');
    require(equals != std::string::npos && equals > 0, "grid: expected KEY=V1,V2,..., got '" + text + "'");
    GridAxis axis{text.substr(0, equals), {}};
    require(reserved_keys.count(axis.key) == 0,
            "grid: '" + axis.key + "' cannot be a grid key (seeds go in --seeds; config, out, force are the sweep's)");
    const std::string list = text.substr(equals + 1);
    axis.values = split(list, list.find(';') != std::string::npos ? ';' : ',');
    require(!axis.values.empty(), "grid: no values for '" + axis.key + "'");
    std::set<std::string> seen;
    for (const std::string& value : axis.values) {
        require(!value.empty(), "grid: an empty value for '" + axis.key + "' in '" + text + "'");
        require(seen.insert(value).second, "grid: '" + axis.key + "' lists '" + value + "' twice");
    }
    return axis;
}

std::vector<std::uint64_t> parse_seeds(const std::string& text) {
    std::vector<std::uint64_t> seeds;
    const std::size_t dots = text.find("..");
    if (dots != std::string::npos) {
        const std::uint64_t first = parse_seed(text.substr(0, dots), text);
        const std::uint64_t last = parse_seed(text.substr(dots + 2), text);
        require(first <= last, "seeds: '" + text + "' is an empty range");
        require(last - first < 100000, "seeds: '" + text + "' is more than 100000 seeds");
        for (std::uint64_t seed = first; seed <= last; ++seed) seeds.push_back(seed);
        return seeds;
    }
    std::set<std::uint64_t> seen;
    for (const std::string& part : split(text, ',')) {
        seeds.push_back(parse_seed(part, text));
        require(seen.insert(seeds.back()).second, "seeds: " + part + " is listed twice in '" + text + "'");
    }
    require(!seeds.empty(), "seeds: expected A..B or a list such as 1,2,5");
    return seeds;
}

Shard parse_shard(const std::string& text) {
    if (text == "auto") {
        const std::size_t id = environment_number("SLURM_ARRAY_TASK_ID");
        const std::size_t min = environment_number("SLURM_ARRAY_TASK_MIN");
        const std::size_t max = environment_number("SLURM_ARRAY_TASK_MAX");
        const std::size_t count = environment_number("SLURM_ARRAY_TASK_COUNT");
        require(max >= min && max - min + 1 == count && id >= min && id <= max,
                "shard auto: the job array must be contiguous (e.g. --array=1-" + std::to_string(count) + ")");
        return {id - min + 1, count};
    }
    const std::size_t slash = text.find('/');
    std::uint64_t index = 0, count = 0;
    require(slash != std::string::npos && parse_count(text.substr(0, slash), index) &&
                parse_count(text.substr(slash + 1), count) && count >= 1 && index >= 1 && index <= count,
            "shard: expected I/N with 1 <= I <= N, or auto, got '" + text + "'");
    return {std::size_t(index), std::size_t(count)};
}

std::vector<SweepRun> expand_sweep(const SweepSpec& spec) {
    require(!spec.seeds.empty(), "sweep: no seeds");
    std::set<std::string> keys;
    for (const GridAxis& axis : spec.grid) require(keys.insert(axis.key).second, "grid: '" + axis.key + "' given twice");
    for (const std::string& argument : spec.train_options)
        require(keys.count(option_key(argument)) == 0,
                "grid: '" + option_key(argument) + "' is both a grid key and a train option");

    std::size_t points = 1;
    for (const GridAxis& axis : spec.grid) points *= axis.values.size();
    std::vector<SweepRun> runs;
    std::set<std::string> names;
    for (std::size_t point = 0; point < points; ++point) {
        // Mixed-radix digits of `point`, the last axis the fastest.
        std::vector<std::string> values(spec.grid.size());
        std::string prefix;
        for (std::size_t a = spec.grid.size(), rest = point; a-- > 0;) {
            values[a] = spec.grid[a].values[rest % spec.grid[a].values.size()];
            rest /= spec.grid[a].values.size();
        }
        for (std::size_t a = 0; a < spec.grid.size(); ++a) prefix += spec.grid[a].key + "=" + values[a] + ",";
        for (const std::uint64_t seed : spec.seeds) {
            SweepRun run{runs.size(), values, seed, sanitise(prefix + "seed=" + std::to_string(seed))};
            require(names.insert(run.name).second,
                    "grid: two runs would both be named '" + run.name + "' (values that differ only in characters "
                    "replaced by '_')");
            runs.push_back(std::move(run));
        }
    }
    return runs;
}

std::vector<std::string> run_train_arguments(const SweepSpec& spec, const SweepRun& run, const std::string& out_dir,
                                             bool force) {
    std::vector<std::string> arguments;
    if (!spec.config_path.empty()) arguments = {"--config", spec.config_path};
    arguments.insert(arguments.end(), spec.train_options.begin(), spec.train_options.end());
    for (std::size_t a = 0; a < spec.grid.size(); ++a)
        arguments.push_back("--" + spec.grid[a].key + "=" + run.values[a]);
    arguments.push_back("--seed=" + std::to_string(run.seed));
    arguments.push_back("--out=" + out_dir + "/" + run.name);
    if (force) arguments.push_back("--force");
    return arguments;
}

SweepInvocation parse_sweep_arguments(const std::vector<std::string>& arguments) {
    SweepInvocation inv;
    bool have_seeds = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        const std::string key = option_key(argument);
        const bool inline_value = argument.find('=') != std::string::npos && argument.starts_with("--");
        const auto value = [&]() -> std::string {
            if (inline_value) return argument.substr(argument.find('=') + 1);
            require(i + 1 < arguments.size(), "sweep: " + argument + " needs a value");
            return arguments[++i];
        };
        if (argument == "--help" || argument == "-h") inv.help = true;
        else if (argument == "--force") inv.force = true;
        else if (key == "config") inv.spec.config_path = value();
        else if (key == "out") inv.out_dir = value();
        else if (key == "grid") inv.spec.grid.push_back(parse_grid_axis(value()));
        else if (key == "shard") inv.shard = parse_shard(value());
        else if (key == "seeds") inv.spec.seeds = parse_seeds(value()), have_seeds = true;
        else {
            require(key != "seed", "sweep: give the seeds with --seeds (e.g. --seeds 1..5), not --seed");
            inv.spec.train_options.push_back(argument);
        }
    }
    if (inv.help) return inv;
    require(!inv.out_dir.empty(), "sweep: --out DIR is required");
    require(have_seeds, "sweep: --seeds is required (e.g. --seeds 1..5 or --seeds 1,2,5)");
    return inv;
}

std::string sweep_manifest(const SweepSpec& spec) {
    std::string text = "# infoplane sweep: the runs are the grid's points (the last grid line varying fastest),\n"
                       "# each for every seed (seeds innermost); `infoplane merge` reads them in this order.\n";
    if (!spec.config_path.empty()) text += "config = " + spec.config_path + "\n";
    for (const GridAxis& axis : spec.grid) {
        const bool commas = std::any_of(axis.values.begin(), axis.values.end(),
                                        [](const std::string& v) { return v.find(',') != std::string::npos; });
        std::string values;
        for (const std::string& value : axis.values) {
            if (!values.empty()) values += commas ? ';' : ',';
            values += value;
        }
        text += "grid = " + axis.key + "=" + values + "\n";
    }
    std::string seeds;
    for (const std::uint64_t seed : spec.seeds) {
        if (!seeds.empty()) seeds += ',';
        seeds += std::to_string(seed);
    }
    text += "seeds = " + seeds + "\n";
    for (const std::string& argument : spec.train_options) text += "option = " + argument + "\n";
    return text;
}

SweepSpec read_sweep_manifest(const std::string& path) {
    SweepSpec spec;
    for (const IniEntry& entry : read_ini(path)) {
        const std::string where = path + ":" + std::to_string(entry.line) + ": ";
        try {
            if (entry.key == "config") spec.config_path = entry.value;
            else if (entry.key == "grid") spec.grid.push_back(parse_grid_axis(entry.value));
            else if (entry.key == "seeds") spec.seeds = parse_seeds(entry.value);
            else if (entry.key == "option") spec.train_options.push_back(entry.value);
            else throw std::runtime_error("unknown key '" + entry.key + "'");
        } catch (const std::exception& error) {
            throw std::runtime_error(where + error.what());
        }
    }
    if (spec.seeds.empty()) throw std::runtime_error(path + ": no `seeds = ...` line; not a sweep manifest");
    return spec;
}

}  // namespace apps
