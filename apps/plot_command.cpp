// apps/plot_command.cpp — `infoplane plot RUN_DIR`.
#include <iostream>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/plot_run.hpp"

namespace apps {

namespace {

const std::string usage_line = "usage: infoplane plot RUN_DIR [--x COLUMN] [--y COLUMN]";
const std::string usage = usage_line + "\n"
    "  (re)draws RUN_DIR/information_plane.svg from its CSV; with --x/--y, any column of\n"
    "  information_plane.csv against any other (e.g. --y saturation after train --geometry),\n"
    "  written to RUN_DIR/<x>__<y>.svg. Defaults: --x i_xt_bits --y i_ty_bits.";

}  // namespace

int plot_command(const Arguments& arguments) {
    if (arguments.size() == 1 && (arguments[0] == "--help" || arguments[0] == "-h")) {
        std::cout << usage << "\n";
        return 0;
    }
    std::string run_dir, x_column = "i_xt_bits", y_column = "i_ty_bits";
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (argument == "--x" || argument == "--y") {
            if (i + 1 == arguments.size()) throw std::invalid_argument("plot: " + argument + " needs a column name");
            (argument == "--x" ? x_column : y_column) = arguments[++i];
        } else if (run_dir.empty() && !argument.starts_with("-")) {
            run_dir = argument;
        } else {
            throw std::invalid_argument("plot: unexpected argument '" + argument + "'; " + usage_line);
        }
    }
    if (run_dir.empty()) throw std::invalid_argument("plot: " + usage_line);
    std::cout << plot_run(run_dir, x_column, y_column) << "\n";
    return 0;
}

}  // namespace apps
