// nn/matrix.cpp — float tensor to double matrix.
#include "nn/matrix.hpp"

namespace nn {

Matrix to_matrix(const Tensor& t) {
    Matrix m(t.shape().rank() == 0 ? 0 : t.rows(), t.shape().rank() == 0 ? 0 : t.cols());
    for (std::size_t i = 0; i < t.size(); ++i) m.data[i] = double(t[i]);
    return m;
}

}  // namespace nn
