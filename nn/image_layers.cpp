// nn/image_layers.cpp — Conv2d, the pooling layers, Flatten / Unflatten, Dropout and GaussianNoise.
#include "nn/image_layers.hpp"

#include <cmath>
#include <sstream>

#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

Conv2d::Conv2d(std::size_t in_channels, std::size_t out_channels, std::size_t kernel, std::size_t stride,
               std::size_t padding, Init init, Rng& rng)
    : weight_(Tensor({out_channels, in_channels, kernel, kernel}), /*requires_grad=*/true),
      bias_(Tensor({1, out_channels}), /*requires_grad=*/true),
      stride_(stride),
      padding_(padding) {
    NN_CHECK(in_channels >= 1 && out_channels >= 1 && kernel >= 1 && stride >= 1,
             "Conv2d: channels (" << in_channels << " -> " << out_channels << "), kernel " << kernel
                                  << " and stride " << stride << " must be at least 1");
    initialize(weight_.value(), init, in_channels * kernel * kernel, out_channels * kernel * kernel, rng);
}

Var Conv2d::forward(const Var& x) { return conv2d(x, weight_, bias_, stride_, padding_); }

std::string Conv2d::describe() const {
    const Shape& w = weight_.shape();
    return "Conv2d(" + std::to_string(w[1]) + " -> " + std::to_string(w[0]) + ", k" + std::to_string(w[2]) +
           ", s" + std::to_string(stride_) + ", p" + std::to_string(padding_) + ")";
}

MaxPool2d::MaxPool2d(std::size_t kernel, std::size_t stride) : kernel_(kernel), stride_(stride) {
    NN_CHECK(kernel >= 1 && stride >= 1,
             "MaxPool2d: kernel " << kernel << " and stride " << stride << " must be at least 1");
}

Var MaxPool2d::forward(const Var& x) { return max_pool2d(x, kernel_, stride_); }

std::string MaxPool2d::describe() const {
    return "MaxPool2d(k" + std::to_string(kernel_) + ", s" + std::to_string(stride_) + ")";
}

AvgPool2d::AvgPool2d(std::size_t kernel, std::size_t stride) : kernel_(kernel), stride_(stride) {
    NN_CHECK(kernel >= 1 && stride >= 1,
             "AvgPool2d: kernel " << kernel << " and stride " << stride << " must be at least 1");
}

Var AvgPool2d::forward(const Var& x) { return avg_pool2d(x, kernel_, stride_); }

std::string AvgPool2d::describe() const {
    return "AvgPool2d(k" + std::to_string(kernel_) + ", s" + std::to_string(stride_) + ")";
}

Var Flatten::forward(const Var& x) { return flatten(x); }

Unflatten::Unflatten(std::size_t channels, std::size_t height, std::size_t width)
    : channels_(channels), height_(height), width_(width) {
    NN_CHECK(channels >= 1 && height >= 1 && width >= 1,
             "Unflatten: (" << channels << ", " << height << ", " << width << ") must be positive");
}

Var Unflatten::forward(const Var& x) {
    NN_CHECK(x.shape().rank() == 2 && x.shape()[1] == channels_ * height_ * width_,
             "Unflatten: cannot view " << x.shape() << " as (N, " << channels_ << ", " << height_ << ", "
                                       << width_ << ")");
    return reshape(x, {x.shape()[0], channels_, height_, width_});
}

std::string Unflatten::describe() const {
    return "Unflatten(" + std::to_string(channels_) + ", " + std::to_string(height_) + ", " +
           std::to_string(width_) + ")";
}

Dropout::Dropout(double p, Rng& rng) : p_(p), rng_(rng.next()) {
    NN_CHECK(p >= 0.0 && p < 1.0, "Dropout: p = " << p << " must lie in [0, 1)");
}

Var Dropout::forward(const Var& x) { return training() ? dropout(x, p_, rng_) : x; }

std::string Dropout::describe() const {
    std::ostringstream text;
    text << "Dropout(p=" << p_ << ")";
    return text.str();
}

GaussianNoise::GaussianNoise(double sigma, Rng& rng) : sigma_(sigma), rng_(rng.next()) {
    NN_CHECK(std::isfinite(sigma) && sigma >= 0.0,
             "GaussianNoise: sigma = " << sigma << " must be finite and >= 0");
}

Var GaussianNoise::forward(const Var& x) { return gaussian_noise(x, sigma_, rng_); }

std::string GaussianNoise::describe() const {
    std::ostringstream text;
    text << "GaussianNoise(sigma=" << sigma_ << ")";
    return text.str();
}

}  // namespace nn
