// apps/validate_command.cpp — `infoplane validate`: the estimators' ground-truth suite (apps/validation.hpp)
// as a table on stdout, optionally as CSV and as the correlated-Gaussians figure, exit 0 when every check
// is within its tolerance, 1 otherwise; or, with --suite bmi, the known-MI benchmark (apps/bmi_suite.hpp).
#include <boost/program_options.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "apps/bmi_figure.hpp"
#include "apps/bmi_suite.hpp"
#include "apps/bmi_tasks.hpp"
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

// The comma-separated names of `option`, each checked by `check` (which throws on an unknown name).
template <class Check>
std::vector<std::string> split_names(const std::string& text, const std::string& option, Check check) {
    std::vector<std::string> names;
    std::stringstream in(text);
    for (std::string name; std::getline(in, name, ',');) {
        if (name.empty()) throw std::invalid_argument("validate: " + option + " '" + text + "' has an empty name");
        check(name);
        names.push_back(name);
    }
    if (names.empty()) throw std::invalid_argument("validate: " + option + " is empty");
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

// --suite bmi: every applicable estimator on the known-MI tasks; the table, and the CSV and heat map when
// asked for. Estimators that cannot take a continuous pair are named, with the reason, under the table.
int bmi_command(const std::vector<std::string>& specs, const std::string& tasks_text, bool quick, long long threads,
                const std::string& sizes_text, long long seeds, const std::string& csv_path,
                const std::string& figure_path, const std::string& command_line) {
    BmiSettings settings = quick ? quick_bmi_settings() : BmiSettings{};
    settings.estimators = specs;
    if (threads < 1) throw std::invalid_argument("validate: --threads must be at least 1, got " + std::to_string(threads));
    settings.threads = unsigned(threads);
    if (seeds == 0 || seeds < -1) throw std::invalid_argument("validate: --seeds must be at least 1, got " + std::to_string(seeds));
    if (seeds > 0) settings.seeds = std::size_t(seeds);
    if (!sizes_text.empty()) {
        settings.sizes.clear();
        for (const std::string& size : split_names(sizes_text, "--sizes", [](const std::string&) {})) {
            std::size_t used = 0;
            long long value = -1;
            try {
                value = std::stoll(size, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != size.size() || value < 100)
                throw std::invalid_argument("validate: --sizes wants whole numbers >= 100, got '" + size + "'");
            settings.sizes.push_back(std::size_t(value));
        }
    }
    if (!tasks_text.empty())
        settings.tasks = split_names(tasks_text, "--tasks", [](const std::string& name) { bmi_task(name); });
    const auto start = std::chrono::steady_clock::now();
    const std::vector<BmiRow> rows = run_bmi_suite(settings);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::string notes;
    for (const char* name : {"binning", "decision", "kde", "noisy"})
        notes += "not applicable: " + bmi_not_applicable_reason(name) + "\n";
    for (const std::string& rule : bmi_run_rules()) notes += rule + "\n";
    char timing[64];
    std::snprintf(timing, sizeof timing, "%.1f s on %u thread(s)", seconds, settings.threads);
    std::cout << bmi_table(rows) << "\n" << notes << rows.size() << " rows in " << timing << "\n";
    if (!csv_path.empty()) {
        std::vector<std::string> comments = {"command: " + command_line, "time: " + std::string(timing)};
        std::stringstream lines(notes);
        for (std::string line; std::getline(lines, line);) comments.push_back(line);
        write_file_atomically(csv_path, bmi_csv(rows, comments));
    }
    if (!figure_path.empty()) write_file_atomically(figure_path, bmi_heatmap_svg(rows));
    return 0;
}

}  // namespace

int validate_command(const Arguments& arguments, const std::string& command_line) {
    std::vector<std::string> specs;
    std::string suite = "gaussians", cases_text, tasks_text, csv_path, svg_path, figure_path;
    std::string sizes_text;
    long long tries = 20, seed = 1, threads = 2, seeds = -1;
    bool help = false, quick = false;
    po::options_description options(
        "usage: infoplane validate [--suite gaussians] [--estimator SPEC]... [--cases NAME,...] [--tries N] [--seed S] "
        "[--csv FILE] [--svg FILE]\n"
        "       infoplane validate --suite bmi [--estimator SPEC]... [--tasks NAME,...] [--quick] [--threads N] "
        "[--csv FILE] [--figure FILE]");
    options.add_options()
        ("help,h", po::bool_switch(&help), "print this help")
        ("suite", po::value(&suite), "gaussians (the ground-truth checks, default) or bmi (the known-MI benchmark)")
        ("estimator", po::value(&specs), "estimator spec, repeatable (default: every estimator with cases, at its defaults)")
        ("cases", po::value(&cases_text), "comma-separated cases (default: all): gaussian, gaussian1d, channel, discrete, invariance, dpi")
        ("tries", po::value(&tries), "samples per check, >= 1 (default 20)")
        ("seed", po::value(&seed), "seed of the data, >= 0 (default 1)")
        ("csv", po::value(&csv_path), "also write the rows as CSV to FILE")
        ("svg", po::value(&svg_path), "draw the gaussian case (estimate against true bits per d) as SVG to FILE")
        ("tasks", po::value(&tasks_text), "bmi: comma-separated tasks (default: all; docs/estimators.md lists them)")
        ("quick", po::bool_switch(&quick), "bmi: N = 1000 and 3 seeds instead of N = 1000, 5000, 10000 and 10 seeds")
        ("sizes", po::value(&sizes_text), "bmi: comma-separated sample sizes N, each >= 100 (after --quick's)")
        ("seeds", po::value(&seeds), "bmi: samples per task and N, >= 1 (after --quick's)")
        ("threads", po::value(&threads), "bmi: worker threads (default 2)")
        ("figure", po::value(&figure_path), "bmi: draw the heat map as SVG to FILE");
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
    if (suite != "gaussians" && suite != "bmi")
        throw std::invalid_argument("validate: --suite must be gaussians or bmi, got '" + suite + "'");
    const auto refuse = [&](const char* option, bool bmi_only) {
        if (vm.count(option) && !vm[option].defaulted() && (suite == "bmi") != bmi_only)
            throw std::invalid_argument(std::string("validate: --") + option + " belongs to --suite " +
                                        (bmi_only ? "bmi" : "gaussians"));
    };
    for (const char* option : {"cases", "tries", "seed", "svg"}) refuse(option, false);
    for (const char* option : {"tasks", "sizes", "seeds", "threads", "figure"}) refuse(option, true);
    if (quick && suite != "bmi") throw std::invalid_argument("validate: --quick belongs to --suite bmi");
    if (suite == "bmi")
        return bmi_command(specs, tasks_text, quick, threads, sizes_text, seeds, csv_path, figure_path, command_line);
    if (tries < 1) throw std::invalid_argument("validate: --tries must be at least 1, got " + std::to_string(tries));
    if (seed < 0) throw std::invalid_argument("validate: --seed must be >= 0, got " + std::to_string(seed));
    const ValidationSettings settings{.tries = std::size_t(tries), .seed = std::uint64_t(seed)};
    const std::vector<std::string> cases = cases_text.empty() ? validation_case_names() : split_names(cases_text, "--cases", [](const std::string& name) {
        case_applies(name, "");  // throws on an unknown case, listing the known ones
    });
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
