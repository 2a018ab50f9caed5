// apps/plot_command.cpp — `infoplane plot RUN_DIR`.
#include <iostream>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/plot_run.hpp"

namespace apps {

int plot_command(const Arguments& arguments) {
    if (arguments.size() == 1 && (arguments[0] == "--help" || arguments[0] == "-h")) {
        std::cout << "usage: infoplane plot RUN_DIR    (re)draws RUN_DIR/information_plane.svg from its CSV\n";
        return 0;
    }
    if (arguments.size() != 1) throw std::invalid_argument("plot: usage: infoplane plot RUN_DIR");
    std::cout << plot_run(arguments[0]) << "\n";
    return 0;
}

}  // namespace apps
