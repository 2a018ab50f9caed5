// apps/estimate_command.cpp — `infoplane estimate`: the estimators on activations saved as .npy,
// from infoplane or from anywhere else. Prints CSV on stdout: estimator,i_xt_bits[,i_ty_bits][,diagnostics].
#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "apps/commands.hpp"
#include "apps/csv.hpp"
#include "apps/options.hpp"
#include "datasets/npy.hpp"
#include "estimators/entropy.hpp"
#include "estimators/estimator.hpp"
#include "nn/layers.hpp"

namespace po = boost::program_options;

namespace apps {

int estimate_command(const Arguments& arguments) {
    std::string t_path, x_path, y_path, activation;
    std::vector<std::string> specs;
    bool help = false;
    po::options_description options("usage: infoplane estimate --t T.npy [--x X.npy] [--y Y.npy] --estimator SPEC...");
    options.add_options()
        ("help,h", po::bool_switch(&help), "print this help")
        ("t", po::value(&t_path), "activations of one layer, (N, D) or (N, ...): required")
        ("x", po::value(&x_path), "the inputs, (N, ...); without it every row is a distinct input and I(X;T) = H(T)")
        ("y", po::value(&y_path), "class labels, (N): I(T;Y) is estimated when given")
        ("activation", po::value(&activation),
         "the layer's non-linearity (tanh, sigmoid, relu, softmax, linear), for binning modes whose bins follow it")
        ("estimator", po::value(&specs), "estimator spec, repeatable (default: binning)");
    po::variables_map vm;
    try {
        po::store(parse_options(arguments, options, "estimate"), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw std::invalid_argument(std::string("estimate: ") + error.what());
    }
    if (help) {
        std::cout << options;
        return 0;
    }
    if (t_path.empty()) throw std::invalid_argument("estimate: --t T.npy is required");
    if (specs.empty()) specs.push_back("binning");

    // Build every estimator first: a bad spec is reported before any file is read.
    std::vector<std::unique_ptr<estimators::Estimator>> chosen;
    for (const std::string& spec : specs) chosen.push_back(estimators::make_estimator(spec));

    const nn::Matrix t = datasets::read_npy_matrix(t_path);
    nn::Matrix x;
    std::vector<int> x_ids, y;
    if (!activation.empty()) nn::parse_activation(activation);  // throws, listing the known names
    estimators::Observations observations{.t = &t, .activation = activation};
    if (!x_path.empty()) {
        x = datasets::read_npy_matrix(x_path);
        if (x.rows != t.rows)
            throw std::invalid_argument(x_path + ": " + std::to_string(x.rows) + " rows, but " + t_path + " has " +
                                        std::to_string(t.rows));
        x_ids = estimators::group_rows(x).ids;
        observations.x = &x;
        observations.x_ids = &x_ids;
    }
    if (!y_path.empty()) {
        y = datasets::read_npy_labels(y_path);
        if (y.size() != t.rows)
            throw std::invalid_argument(y_path + ": " + std::to_string(y.size()) + " labels, but " + t_path +
                                        " has " + std::to_string(t.rows) + " rows");
        observations.y = &y;
    }

    std::vector<std::string> header = {"estimator", "i_xt_bits"};
    if (observations.y) header.push_back("i_ty_bits");
    const std::size_t fixed = header.size();
    for (const auto& estimator : chosen)
        for (const std::string& name : estimator->diagnostic_names())
            if (std::find(header.begin(), header.end(), name) == header.end()) header.push_back(name);

    // Every estimate before any output: a refusal (NaN activations, labels an estimator cannot take) leaves
    // stdout empty rather than a header and part of the rows.
    std::string files = "--t " + t_path;
    if (!x_path.empty()) files += " --x " + x_path;
    if (!y_path.empty()) files += " --y " + y_path;
    std::string text = csv_line(header);
    for (const auto& estimator : chosen) {
        estimators::Estimate estimate;
        try {
            estimate = estimator->estimate(observations);
        } catch (const std::invalid_argument& error) {
            throw std::invalid_argument(std::string(error.what()) + " (estimate " + files + ")");
        }
        std::vector<std::string> row(header.size());
        row[0] = estimator->spec();
        row[1] = format_number(estimate.i_xt_bits);
        if (observations.y) row[2] = estimate.i_ty_bits ? format_number(*estimate.i_ty_bits) : "";
        const auto names = estimator->diagnostic_names();
        for (std::size_t d = 0; d < names.size(); ++d)
            row[std::size_t(std::find(header.begin() + long(fixed), header.end(), names[d]) - header.begin())] =
                format_number(estimate.diagnostics.at(d));
        text += csv_line(row);
    }
    std::cout << text;
    return 0;
}

}  // namespace apps
