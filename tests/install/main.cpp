// tests/install/main.cpp — built against an installed infoplane: it runs the binning estimator on
// a layer whose information is known by hand and exits non-zero when the installed code disagrees.
#include <cmath>
#include <exception>
#include <iostream>
#include <string>

#include "datasets/dataset.hpp"
#include "estimators/estimator.hpp"
#include "infoplane/version.hpp"
#include "nn/matrix.hpp"
#include "nn/tensor.hpp"

namespace {

bool near(double value, double expected) { return std::abs(value - expected) < 1e-9; }

int run() {
    // Eight samples of a 2-unit layer stored as (N, 2, 1), which to_matrix flattens to (8, 2). Four
    // distinct patterns A, B, C, D, each twice, one bin apart: H(T) = log2(4) = 2 bits, and with every
    // row a distinct input, I(X;T) = H(T) = 2 bits. Labels: A 0,0  B 1,1  C 0,1  D 1,0, so
    // H(Y) = 1 bit, H(Y|T) = (0 + 0 + 1 + 1) / 4 = 0.5 bit, I(T;Y) = 0.5 bit.
    const datasets::Dataset layer{
        .name = "four_patterns",
        .x = nn::Tensor({8, 2, 1}, {-0.5f, -0.5f, -0.5f, -0.5f,
                                    -0.5f, 0.5f,  -0.5f, 0.5f,
                                    0.5f,  -0.5f, 0.5f,  -0.5f,
                                    0.5f,  0.5f,  0.5f,  0.5f}),
        .y = {0, 0, 1, 1, 0, 1, 1, 0},
        .num_classes = 2,
    };
    const nn::Matrix t = nn::to_matrix(layer.x);
    if (t.rows != 8 || t.cols != 2 || t.at(2, 1) != 0.5) {
        std::cerr << "consumer: to_matrix gave (" << t.rows << ", " << t.cols << ")\n";
        return 1;
    }

    const auto binning = estimators::make_estimator("binning");
    const estimators::Estimate estimate = binning->estimate({.t = &t, .y = &layer.y});
    std::cout << "infoplane " << infoplane::version << ", " << binning->spec() << ": I(X;T) = "
              << estimate.i_xt_bits << " bits, I(T;Y) = " << estimate.i_ty_bits.value_or(NAN) << " bits\n";

    if (std::string(infoplane::version) != INFOPLANE_EXPECTED_VERSION) {
        std::cerr << "consumer: version header says " << infoplane::version << ", package says "
                  << INFOPLANE_EXPECTED_VERSION << "\n";
        return 1;
    }
    if (!near(estimate.i_xt_bits, 2.0) || !estimate.i_ty_bits || !near(*estimate.i_ty_bits, 0.5)) {
        std::cerr << "consumer: expected I(X;T) = 2 bits and I(T;Y) = 0.5 bit\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main() {
    try {
        return run();
    } catch (const std::exception& e) {
        std::cerr << "consumer: " << e.what() << "\n";
        return 2;
    }
}
