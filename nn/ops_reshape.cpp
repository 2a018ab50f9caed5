// nn/ops_reshape.cpp — the same values under another shape: flattening feature maps for a dense layer,
// and back (a copy, as tensors have no views; its cost is small beside the ops around it).
#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

// y = x read in row-major order with another shape          dx += dy read the same way
Var reshape(const Var& x, const Shape& shape) {
    NN_CHECK(shape.numel() == x.value().size(), "reshape: cannot view " << x.shape() << " as " << shape);
    Tensor y = x.value();
    y.reshape(shape);

    return make_result("reshape", std::move(y), {x}, [](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        const float* dy = self.grad.data();
        for (std::size_t i = 0; i < self.grad.size(); ++i) dx[i] += dy[i];
    });
}

Var flatten(const Var& x) {
    NN_CHECK(x.shape().rank() >= 2, "flatten: expects (N, ...) of rank 2 or more, got " << x.shape());
    std::size_t features = 1;
    for (std::size_t d = 1; d < x.shape().rank(); ++d) features *= x.shape()[d];
    return reshape(x, {x.shape()[0], features});
}

}  // namespace nn
