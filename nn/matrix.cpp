// nn/matrix.cpp — a double matrix from values, and from a float tensor.
#include "nn/matrix.hpp"

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

}  // namespace nn
