// apps/options.hpp — command-line parsing shared by the subcommands that read `--key value` options.
#pragma once
#include <boost/program_options.hpp>

#include <string>

#include "apps/commands.hpp"

namespace apps {

// `arguments` parsed against `options`. A word that is no option would be kept by Boost as a positional
// argument that no option takes, and dropped without a word: it is refused instead,
// "COMMAND: unexpected argument 'WORD' (options start with --)". Boost's own errors (an unknown option,
// a missing or bad value) become std::invalid_argument "COMMAND: <what>".
boost::program_options::parsed_options parse_options(const Arguments& arguments,
                                                     const boost::program_options::options_description& options,
                                                     const std::string& command);

}  // namespace apps
