// apps/dataset_command.cpp — `infoplane dataset szt --csv FILE`: a data set as CSV, to look at or to
// feed to other tools.
#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/run_directory.hpp"
#include "datasets/export.hpp"
#include "datasets/szt.hpp"

namespace po = boost::program_options;

namespace apps {

int dataset_command(const Arguments& arguments) {
    std::string name, csv_path;
    bool help = false;
    po::options_description options("usage: infoplane dataset szt --csv FILE   (FILE '-' is stdout)");
    options.add_options()
        ("help,h", po::bool_switch(&help), "print this help")
        ("name", po::value(&name), "the data set: szt")
        ("csv", po::value(&csv_path), "write the data set as CSV: b0..b11,label for SZT");
    po::positional_options_description positional;
    positional.add("name", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(arguments).options(options).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw std::invalid_argument(std::string("dataset: ") + error.what());
    }
    if (help) {
        std::cout << options;
        return 0;
    }
    if (name != "szt") throw std::invalid_argument("dataset: unknown data set '" + name + "' (known: szt)");
    if (csv_path.empty()) throw std::invalid_argument("dataset: --csv FILE is required");
    std::ostringstream text;
    datasets::write_dataset_csv(datasets::make_szt(), text);
    if (csv_path == "-") std::cout << text.str();
    else write_file_atomically(csv_path, text.str());
    return 0;
}

}  // namespace apps
