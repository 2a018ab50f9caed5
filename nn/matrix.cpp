// nn/matrix.cpp — a double matrix from values, from a float tensor, and back as a standardised tensor.
#include "nn/matrix.hpp"

#include <cmath>

#include "nn/check.hpp"

namespace nn {

Matrix Matrix::from_values(std::size_t r, std::size_t c, std::vector<double> values) {
    NN_CHECK(values.size() == r * c, "Matrix::from_values: " << values.size() << " values for " << r << " x " << c);
    Matrix m;
    m.rows = r;
    m.cols = c;
    m.data = std::move(values);
    return m;
}

Matrix to_matrix(const Tensor& t) {
    Matrix m(t.shape().rank() == 0 ? 0 : t.rows(), t.shape().rank() == 0 ? 0 : t.cols());
    for (std::size_t i = 0; i < t.size(); ++i) m.data[i] = double(t[i]);
    return m;
}

Tensor to_standardised_tensor(const Matrix& m) {
    Tensor out({m.rows, m.cols});
    for (std::size_t c = 0; c < m.cols; ++c) {
        double mean = 0.0, square = 0.0;
        for (std::size_t r = 0; r < m.rows; ++r) mean += m.at(r, c);
        mean /= double(m.rows);
        for (std::size_t r = 0; r < m.rows; ++r) square += (m.at(r, c) - mean) * (m.at(r, c) - mean);
        const double sd = std::sqrt(square / double(m.rows));
        for (std::size_t r = 0; r < m.rows; ++r)
            out[r * m.cols + c] = sd > 0.0 ? float((m.at(r, c) - mean) / sd) : 0.0f;
    }
    return out;
}

}  // namespace nn
