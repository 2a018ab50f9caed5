// apps/train_command.cpp — `infoplane train`: one run, or with --seeds the repeats of one configuration
// (a sweep without a grid into DIR/seed=K/, merged and plotted in DIR).
#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/csv.hpp"
#include "apps/plot_run.hpp"
#include "apps/sweep.hpp"
#include "apps/sweep_merge.hpp"
#include "apps/trainer.hpp"

namespace apps {

namespace {

bool has_option(const Arguments& arguments, const std::string& name) {
    return std::any_of(arguments.begin(), arguments.end(), [&](const std::string& argument) {
        return argument == "--" + name || argument.starts_with("--" + name + "=");
    });
}

// The repeats: every seed's run, then their merge and its plot of the mean trajectories.
int train_seeds(const Arguments& arguments, const std::string& command_line) {
    for (const std::string name : {"seed", "grid", "shard"})
        if (has_option(arguments, name))
            throw std::invalid_argument("train: --seeds runs every seed here; --" + name +
                                        " belongs to a single run (--seed) or to `infoplane sweep`");
    const SweepInvocation sweep = parse_sweep_arguments(arguments);
    const int status = sweep_command(arguments, command_line);
    if (status != 0) return status;
    const MergeSummary summary = merge_sweep(sweep.out_dir, false, command_line);
    std::cout << "merged " << summary.merged << " seeds into " << sweep.out_dir << "/{information_plane.csv,metrics.csv}\n"
              << "wrote " << plot_run(sweep.out_dir) << "\n";
    return 0;
}

}  // namespace

int train_command(const Arguments& arguments, const std::string& command_line) {
    if (has_option(arguments, "seeds") && !has_option(arguments, "help")) return train_seeds(arguments, command_line);
    const TrainInvocation invocation = parse_train_arguments(arguments);
    if (invocation.help) {
        std::cout << train_usage()
                  << "\nRepeats: --seeds A..B or --seeds S1,S2,... (instead of --seed) trains every seed into\n"
                     "DIR/seed=S/ and merges them into DIR (a `seed` column; the plot draws the mean per layer).\n";
        return 0;
    }
    const TrainSummary summary = run_training(invocation.config, invocation.out_dir, invocation.force,
                                              {.command_line = command_line, .seed = invocation.config.seed});
    std::cout << "trained " << invocation.config.epochs << " epochs in " << summary.seconds << " s, "
              << summary.sampled_epochs << " sampled epochs, final training "
              << (summary.final_train_accuracy ? "accuracy " + format_number(*summary.final_train_accuracy)
                                               : "loss " + format_number(summary.final_train_loss))
              << "\n"
              << "wrote " << invocation.out_dir << "/{run.ini,metrics.csv,information_plane.csv,information_plane.svg}\n";
    return 0;
}

}  // namespace apps
