// apps/report_command.cpp — `infoplane report RUN_DIR [--out FILE]`.
#include <iostream>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/report.hpp"

namespace apps {

namespace {

const std::string usage_line = "usage: infoplane report RUN_DIR [--out FILE]";
const std::string usage = usage_line + "\n"
    "  writes one self-contained HTML page of a run (or a merged sweep): its provenance, the information\n"
    "  plane, the loss and accuracy curves, the geometry figures (after train --geometry), the last sampled\n"
    "  epoch's rows and run.ini. Default output: RUN_DIR/report.html.";

}  // namespace

int report_command(const Arguments& arguments) {
    if (arguments.size() == 1 && (arguments[0] == "--help" || arguments[0] == "-h")) {
        std::cout << usage << "\n";
        return 0;
    }
    std::string run_dir, out_path;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (argument == "--out") {
            if (i + 1 == arguments.size()) throw std::invalid_argument("report: --out needs a file name");
            out_path = arguments[++i];
        } else if (run_dir.empty() && !argument.starts_with("-")) {
            run_dir = argument;
        } else {
            throw std::invalid_argument("report: unexpected argument '" + argument + "'; " + usage_line);
        }
    }
    if (run_dir.empty()) throw std::invalid_argument("report: " + usage_line);
    std::cout << write_report(run_dir, out_path) << "\n";
    return 0;
}

}  // namespace apps
