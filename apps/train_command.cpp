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

// `train --resume DIR`: what happened, then the usual summary. Returns false when DIR had finished.
bool resume(const TrainInvocation& invocation, const std::string& command_line, TrainSummary& summary) {
    const ResumeSummary resumed = resume_training(invocation.config, invocation.resume_dir, command_line);
    if (resumed.already_finished) {
        std::cout << invocation.resume_dir << " has finished (information_plane.svg is written); nothing to resume\n";
        return false;
    }
    if (resumed.started_over) std::cout << invocation.resume_dir << " had no checkpoint yet: trained it again from epoch 0\n";
    else std::cout << "resumed " << invocation.resume_dir << " at epoch " << resumed.from_epoch << "\n";
    summary = resumed.summary;
    return true;
}

}  // namespace

int train_command(const Arguments& arguments, const std::string& command_line) {
    if (has_option(arguments, "seeds") && has_option(arguments, "resume"))
        throw std::invalid_argument("train: --resume continues one run; resume each seed's run with train --resume DIR/seed=S");
    if (has_option(arguments, "seeds") && !has_option(arguments, "help")) return train_seeds(arguments, command_line);
    const TrainInvocation invocation = parse_train_arguments(arguments);
    if (invocation.help) {
        std::cout << train_usage()
                  << "\nRepeats: --seeds A..B or --seeds S1,S2,... (instead of --seed) trains every seed into\n"
                     "DIR/seed=S/ and merges them into DIR (a `seed` column; the plot draws the mean per layer).\n"
                     "Resuming: --resume DIR continues a killed run from DIR/checkpoint.bin to the files an\n"
                     "uninterrupted run writes (docs/experiments.md, \"Resuming a run\").\n";
        return 0;
    }
    TrainSummary summary;
    if (!invocation.resume_dir.empty()) {
        if (!resume(invocation, command_line, summary)) return 0;
    } else {
        summary = run_training(invocation.config, invocation.out_dir, invocation.force,
                               {.command_line = command_line, .seed = invocation.config.seed});
    }
    std::cout << "trained " << invocation.config.epochs << " epochs in " << summary.seconds << " s, "
              << summary.sampled_epochs << " sampled epochs, final training "
              << (summary.final_train_accuracy ? "accuracy " + format_number(*summary.final_train_accuracy)
                                               : "loss " + format_number(summary.final_train_loss))
              << "\n"
              << "wrote " << invocation.out_dir << "/{run.ini,metrics.csv,information_plane.csv,information_plane.svg}\n";
    return 0;
}

}  // namespace apps
