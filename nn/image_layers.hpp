// nn/image_layers.hpp — the layers of a convolutional network on (N, C, H, W) batches: convolution,
// pooling, flattening to (N, D) and back, and the random layers (dropout, Gaussian noise).
#pragma once
#include <cstddef>
#include <string>

#include "nn/init.hpp"
#include "nn/module.hpp"
#include "nn/rng.hpp"

namespace nn {

// y = conv(x, W) + b      x: (N, in, H, W)   W: (out, in, k, k)   b: (1, out), zero at start
// y: (N, out, H', W'), H' = (H + 2 padding - k) / stride + 1. The weights are drawn by `init` with
// fan_in = in k^2 and fan_out = out k^2 (as PyTorch and Keras count them for convolutions).
class Conv2d : public Module {
public:
    Conv2d(std::size_t in_channels, std::size_t out_channels, std::size_t kernel, std::size_t stride,
           std::size_t padding, Init init, Rng& rng);

    Var forward(const Var& x) override;
    std::vector<Var> parameters() override { return {weight_, bias_}; }
    std::string describe() const override;  // "Conv2d(1 -> 6, k5, s1, p2)"

    Var& weight() { return weight_; }
    Var& bias() { return bias_; }

private:
    Var weight_;
    Var bias_;
    std::size_t stride_;
    std::size_t padding_;
};

// The largest value of each kernel x kernel window, windows every `stride` pixels (default: kernel).
class MaxPool2d : public Module {
public:
    explicit MaxPool2d(std::size_t kernel) : MaxPool2d(kernel, kernel) {}
    MaxPool2d(std::size_t kernel, std::size_t stride);

    Var forward(const Var& x) override;
    std::string describe() const override;  // "MaxPool2d(k2, s2)"

private:
    std::size_t kernel_;
    std::size_t stride_;
};

// The mean of each kernel x kernel window, windows every `stride` pixels (default: kernel).
class AvgPool2d : public Module {
public:
    explicit AvgPool2d(std::size_t kernel) : AvgPool2d(kernel, kernel) {}
    AvgPool2d(std::size_t kernel, std::size_t stride);

    Var forward(const Var& x) override;
    std::string describe() const override;  // "AvgPool2d(k2, s2)"

private:
    std::size_t kernel_;
    std::size_t stride_;
};

// (N, C, H, W) -> (N, C H W), for the dense layers after the convolutions.
class Flatten : public Module {
public:
    Var forward(const Var& x) override;
    std::string describe() const override { return "Flatten"; }
};

// (N, C H W) -> (N, C, H, W): images stored as rows (a data set of flat pixels) into a convolution.
class Unflatten : public Module {
public:
    Unflatten(std::size_t channels, std::size_t height, std::size_t width);

    Var forward(const Var& x) override;
    std::string describe() const override;  // "Unflatten(1, 28, 28)"

private:
    std::size_t channels_;
    std::size_t height_;
    std::size_t width_;
};

// The random layers own their Rng, seeded at construction with one draw from the Rng passed in (the
// run's): the network is reproducible from the run's seed, and does not hold a reference to an Rng
// that may not outlive it. Its state is reachable through rng() (for checkpoints).

// Training: each element is zeroed with probability p, the others scaled by 1 / (1 - p) (inverted
// dropout). Evaluation (and so Sequential::probe): the identity.
class Dropout : public Module {
public:
    Dropout(double p, Rng& rng);

    Var forward(const Var& x) override;
    std::string describe() const override;  // "Dropout(p=0.5)"
    Rng& rng() { return rng_; }

private:
    double p_;
    Rng rng_;
};

// y = x + N(0, sigma^2) per element, in training AND in evaluation: the noise is part of Goldfeld et
// al.'s noisy network, so the recorded activations are noisy too (set_training does not turn it off).
class GaussianNoise : public Module {
public:
    GaussianNoise(double sigma, Rng& rng);

    Var forward(const Var& x) override;
    std::string describe() const override;  // "GaussianNoise(sigma=0.1)"
    Rng& rng() { return rng_; }

private:
    double sigma_;
    Rng rng_;
};

}  // namespace nn
