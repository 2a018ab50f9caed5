// nn/matrix.hpp — the double-precision matrix that estimators and linear algebra work in.
// The network computes in float (nn::Tensor); everything that subtracts nearly equal numbers
// (distances, Gram matrices, log-sum-exp, eigenvalues, entropies) runs on a Matrix of doubles.
#pragma once
#include <cstddef>
#include <vector>

#include "nn/tensor.hpp"

namespace nn {

// (rows, cols), row-major: element (r, c) is data[r * cols + c].
struct Matrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> data;

    Matrix() = default;
    Matrix(std::size_t r, std::size_t c, double fill = 0.0) : rows(r), cols(c), data(r * c, fill) {}
    // (r, c) holding `values` row by row; throws std::invalid_argument unless there are r * c of them.
    static Matrix from_values(std::size_t r, std::size_t c, std::vector<double> values);

    double& at(std::size_t r, std::size_t c) { return data[r * cols + c]; }
    double at(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
    const double* row(std::size_t r) const { return data.data() + r * cols; }
    double* row(std::size_t r) { return data.data() + r * cols; }
};

// A tensor of any rank as (N, everything else): (N, D) stays, (N, C, H, W) becomes (N, C*H*W).
Matrix to_matrix(const Tensor& t);

// (N, D) doubles as floats, each column shifted to mean 0 and scaled to standard deviation 1 (divisor N);
// a constant column becomes 0. The input of the small networks some estimators train (decision, compress).
Tensor to_standardised_tensor(const Matrix& m);

}  // namespace nn
