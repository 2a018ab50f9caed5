// nn/tensor.hpp — the numeric container of the network: a contiguous row-major buffer of floats and
// its shape. A batch of rows is (N, D); an image batch is (N, C, H, W). Value semantics, deep copy,
// no strides, no views, no implicit broadcasting, no gradient fields (those live in autograd's Node).
#pragma once
#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "nn/buffer_pool.hpp"

namespace nn {

// Tensor storage: a vector whose memory is recycled through the buffer pool.
using FloatBuffer = std::vector<float, PoolAllocator<float>>;

// The extent of each dimension, outermost first. Every tensor has a shape, so its extents live in pool
// memory: a plain std::vector here cost a heap allocation per tensor, several per op. A struct (not a
// vector alias) so that operator<< is found from any namespace.
struct Shape {
    Shape() = default;
    Shape(std::initializer_list<std::size_t> dims) : dims_(dims) {}
    explicit Shape(const std::vector<std::size_t>& dims) : dims_(dims.begin(), dims.end()) {}

    std::size_t rank() const { return dims_.size(); }
    std::size_t operator[](std::size_t i) const { return dims_.at(i); }
    std::span<const std::size_t> dims() const { return dims_; }
    std::size_t numel() const;
    // The same shape with dimension i set to `extent` (e.g. another number of rows).
    Shape with(std::size_t i, std::size_t extent) const;
    friend bool operator==(const Shape& a, const Shape& b) { return a.dims_ == b.dims_; }

private:
    std::vector<std::size_t, PoolAllocator<std::size_t>> dims_;
};

std::ostream& operator<<(std::ostream& out, const Shape& shape);  // prints (2, 3)
std::string to_string(const Shape& shape);

class Tensor {
public:
    Tensor() = default;
    explicit Tensor(Shape shape, float fill = 0.0f) : shape_(std::move(shape)), data_(shape_.numel(), fill) {}
    Tensor(Shape shape, const std::vector<float>& values);  // values.size() must equal shape.numel()
    // A tensor whose elements are not set, for an op that is about to write every one of them
    // (saves zeroing memory that is overwritten at once).
    static Tensor uninitialized(Shape shape);

    const Shape& shape() const { return shape_; }
    std::size_t size() const { return data_.size(); }
    std::size_t rows() const { return shape_[0]; }         // rank >= 1
    std::size_t cols() const { return size() / rows(); }   // row length: D, or C*H*W for images

    float& operator[](std::size_t i) { return data_[i]; }  // flat index
    float operator[](std::size_t i) const { return data_[i]; }
    float& at(std::size_t r, std::size_t c) { return data_[r * cols() + c]; }
    float at(std::size_t r, std::size_t c) const { return data_[r * cols() + c]; }

    float* data() { return data_.data(); }
    const float* data() const { return data_.data(); }
    const FloatBuffer& values() const { return data_; }

    void fill(float value);
    // Same buffer, new shape with the same number of elements (e.g. (N, C, H, W) -> (N, C*H*W)).
    void reshape(Shape shape);
    // Rows `indices` of this tensor, in that order: (N, ...) -> (indices.size(), ...).
    Tensor gather_rows(const std::vector<std::size_t>& indices) const;

private:
    Shape shape_;
    FloatBuffer data_;
};

}  // namespace nn
