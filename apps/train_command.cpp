// apps/train_command.cpp — `infoplane train`.
#include <iostream>

#include "apps/commands.hpp"
#include "apps/csv.hpp"
#include "apps/trainer.hpp"

namespace apps {

int train_command(const Arguments& arguments, const std::string& command_line) {
    const TrainInvocation invocation = parse_train_arguments(arguments);
    if (invocation.help) {
        std::cout << train_usage();
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
