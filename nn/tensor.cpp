// nn/tensor.cpp — Shape and Tensor helpers.
#include "nn/tensor.hpp"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "nn/check.hpp"

namespace nn {

std::size_t Shape::numel() const {
    std::size_t n = 1;
    for (std::size_t d : dims()) n *= d;
    return n;
}

Shape Shape::with(std::size_t i, std::size_t extent) const {
    NN_CHECK(i < rank(), "Shape::with: " << *this << " has no dimension " << i);
    Shape out = *this;
    out.dims_[i] = extent;
    return out;
}

std::ostream& operator<<(std::ostream& out, const Shape& shape) {
    out << '(';
    for (std::size_t i = 0; i < shape.rank(); ++i) out << (i ? ", " : "") << shape[i];
    return out << ')';
}

std::string to_string(const Shape& shape) {
    std::ostringstream out;
    out << shape;
    return out.str();
}

Tensor::Tensor(Shape shape, const std::vector<float>& values)
    : shape_(std::move(shape)), data_(values.begin(), values.end()) {
    NN_CHECK(data_.size() == shape_.numel(),
             "Tensor: " << data_.size() << " values do not fill shape " << shape_);
}

Tensor Tensor::uninitialized(Shape shape) {
    Tensor t;
    t.data_ = FloatBuffer(shape.numel());  // default-initialised by PoolAllocator::construct: not zeroed
    t.shape_ = std::move(shape);
    return t;
}

void Tensor::fill(float value) { std::fill(data_.begin(), data_.end(), value); }

void Tensor::reshape(Shape shape) {
    NN_CHECK(shape.numel() == data_.size(), "reshape: cannot view " << shape_ << " as " << shape);
    shape_ = std::move(shape);
}

Tensor Tensor::gather_rows(const std::vector<std::size_t>& indices) const {
    Tensor out = Tensor::uninitialized(shape_.with(0, indices.size()));  // every row is copied in below
    const std::size_t row = cols();
    for (std::size_t i = 0; i < indices.size(); ++i) {
        NN_CHECK(indices[i] < rows(), "gather_rows: row " << indices[i] << " of " << shape_);
        std::memcpy(out.data() + i * row, data() + indices[i] * row, row * sizeof(float));
    }
    return out;
}

}  // namespace nn
