// apps/commands.hpp — the subcommands of the infoplane executable. Each takes its arguments (after
// the subcommand's name) and the full command line for provenance, and returns the exit status.
// Bad usage and bad input throw (std::invalid_argument, std::runtime_error); main reports them.
#pragma once
#include <string>
#include <vector>

namespace apps {

using Arguments = std::vector<std::string>;

int train_command(const Arguments& arguments, const std::string& command_line);
int estimate_command(const Arguments& arguments);
int plot_command(const Arguments& arguments);
int dataset_command(const Arguments& arguments);
int bench_command(const Arguments& arguments);
int validate_command(const Arguments& arguments, const std::string& command_line);
int sweep_command(const Arguments& arguments, const std::string& command_line);
int merge_command(const Arguments& arguments, const std::string& command_line);
int report_command(const Arguments& arguments);

}  // namespace apps
