// apps/validate_command.cpp — `infoplane validate`: the estimators' ground-truth suite (apps/validation.hpp)
// as a table on stdout, optionally as CSV and as the correlated-Gaussians figure; exit 0 when every check
// is within its tolerance, 1 otherwise.
#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/csv.hpp"
#include "apps/run_directory.hpp"
#include "apps/validation.hpp"
#include "apps/validation_figure.hpp"
#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace po = boost::program_options;

namespace apps {

namespace {

std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> names;
    std::stringstream in(text);
    for (std::string name; std::getline(in, name, ',');) {
        if (name.empty()) throw std::invalid_argument("validate: --cases '" + text + "' has an empty name");
        case_applies(name, "");  // throws on an unknown case, listing the known ones
        names.push_back(name);
    }
    if (names.empty()) throw std::invalid_argument("validate: --cases is empty");
    return names;
}

std::string number(double value, const char* format) {
    if (std::isnan(value)) return "-";
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// The rows of one estimator as aligned text, under a line naming the estimator.
std::string table_text(const std::vector<ValidationRow>& rows) {
    std::string text;
    char line[256];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ValidationRow& row = rows[i];
        if (i == 0 || row.estimator != rows[i - 1].estimator) {
            text += "\n" + row.estimator + "\n";
            std::snprintf(line, sizeof line, "  %-11s %-38s %10s %10s %8s %10s %9s  %s\n", "case", "detail", "true",
                          "estimate", "std", "error", "tolerance", "result");
            text += line;
        }
        std::snprintf(line, sizeof line, "  %-11s %-38s %10s %10s %8s %10s %9s  %s\n", row.case_name.c_str(),
                      row.detail.c_str(), number(row.true_bits, "%.4f").c_str(),
                      number(row.estimate_bits, "%.4f").c_str(), number(row.std_bits, "%.4f").c_str(),
                      number(row.error_bits, "%.2e").c_str(), number(row.tolerance_bits, "%.0e").c_str(),
                      row.pass ? "pass" : "FAIL");
        text += line;
    }
    return text;
}

std::string csv_text(const std::vector<ValidationRow>& rows, const std::string& command_line,
                     const ValidationSettings& settings) {
    std::string text = csv_comment("command: " + command_line) + csv_comment("seed: " + std::to_string(settings.seed)) +
                       csv_comment("tries: " + std::to_string(settings.tries));
    text += csv_line({"estimator", "case", "detail", "criterion", "true_bits", "estimate_bits", "std_bits",
                      "error_bits", "tolerance_bits", "pass"});
    for (const ValidationRow& row : rows)
        text += csv_line({row.estimator, row.case_name, row.detail, row.criterion, format_number(row.true_bits),
                          format_number(row.estimate_bits), format_number(row.std_bits), format_number(row.error_bits),
                          format_number(row.tolerance_bits), row.pass ? "1" : "0"});
    return text;
}

}  // namespace

int validate_command(const Arguments& arguments, const std::string& command_line) {
    std::vector<std::string> specs;
    std::string cases_text, csv_path, svg_path;
    long long tries = 20, seed = 1;
    bool help = false;
    po::options_description options(
        "usage: infoplane validate [--estimator SPEC]... [--cases NAME,...] [--tries N] [--seed S] [--csv FILE] "
        "[--svg FILE]");
    options.add_options()
        ("help,h", po::bool_switch(&help), "print this help")
        ("estimator", po::value(&specs), "estimator spec, repeatable (default: every estimator with cases, at its defaults)")
        ("cases", po::value(&cases_text), "comma-separated cases (default: all): gaussian, gaussian1d, channel, discrete, invariance, dpi")
        ("tries", po::value(&tries), "samples per check, >= 1 (default 20)")
        ("seed", po::value(&seed), "seed of the data, >= 0 (default 1)")
        ("csv", po::value(&csv_path), "also write the rows as CSV to FILE")
        ("svg", po::value(&svg_path), "draw the gaussian case (estimate against true bits per d) as SVG to FILE");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(arguments).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw std::invalid_argument(std::string("validate: ") + error.what());
    }
    if (help) {
        std::cout << options;
        return 0;
    }
    if (tries < 1) throw std::invalid_argument("validate: --tries must be at least 1, got " + std::to_string(tries));
    if (seed < 0) throw std::invalid_argument("validate: --seed must be >= 0, got " + std::to_string(seed));
    const ValidationSettings settings{.tries = std::size_t(tries), .seed = std::uint64_t(seed)};
    const std::vector<std::string> cases = cases_text.empty() ? validation_case_names() : split_names(cases_text);
    const bool chosen = !specs.empty();
    if (!chosen) specs = default_validation_estimators();

    // Every spec is built and matched with its cases before anything runs: usage errors come at once.
    std::vector<std::pair<std::string, std::string>> plan;  // (case, spec)
    bool draws = false;
    for (const std::string& spec : specs) {
        estimators::make_estimator(spec);
        const std::string name = estimators::Spec(spec).name();
        std::size_t applicable = 0;
        for (const std::string& name_of_case : validation_case_names()) {
            if (std::find(cases.begin(), cases.end(), name_of_case) == cases.end()) continue;
            if (!case_applies(name_of_case, spec)) continue;
            plan.emplace_back(name_of_case, spec);
            draws = draws || name_of_case == "gaussian";
            ++applicable;
        }
        if (applicable == 0 && chosen)
            throw std::invalid_argument("validate: no selected case applies to " + name + " (docs/estimators.md lists which do)");
    }
    if (plan.empty()) throw std::invalid_argument("validate: no selected case applies to any selected estimator");
    if (!svg_path.empty() && !draws)
        throw std::invalid_argument("validate: --svg draws the gaussian case, and no selected estimator runs it");

    std::vector<ValidationRow> rows;
    for (const auto& [name_of_case, spec] : plan) {
        const std::vector<ValidationRow> some = run_validation_case(name_of_case, spec, settings);
        rows.insert(rows.end(), some.begin(), some.end());
    }
    std::size_t passed = 0;
    for (const ValidationRow& row : rows) passed += row.pass ? 1 : 0;
    std::cout << table_text(rows) << "\n" << passed << " of " << rows.size() << " checks pass\n";
    if (!csv_path.empty()) write_file_atomically(csv_path, csv_text(rows, command_line, settings));
    if (!svg_path.empty()) write_file_atomically(svg_path, correlated_gaussians_svg(rows));
    return passed == rows.size() ? 0 : 1;
}

}  // namespace apps
