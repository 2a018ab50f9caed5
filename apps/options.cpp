// apps/options.cpp — command-line parsing that refuses stray words (options.hpp).
#include "apps/options.hpp"

#include <stdexcept>
#include <vector>

namespace po = boost::program_options;

namespace apps {

po::parsed_options parse_options(const Arguments& arguments, const po::options_description& options,
                                 const std::string& command) {
    try {
        po::parsed_options parsed = po::command_line_parser(arguments).options(options).run();
        const std::vector<std::string> stray = po::collect_unrecognized(parsed.options, po::include_positional);
        if (!stray.empty())
            throw std::invalid_argument(command + ": unexpected argument '" + stray.front() + "' (options start with --)");
        return parsed;
    } catch (const po::error& error) {
        throw std::invalid_argument(command + ": " + error.what());
    }
}

}  // namespace apps
