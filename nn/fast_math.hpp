// nn/fast_math.hpp — tanh and sigmoid for float arrays and their gradients, fast and vectorisable.
// std::tanh costs ~15 ns a call and does not vectorise; in a small tanh network it would take more
// time than all the matrix products. This is a [13/6] rational minimax approximation of tanh on
// [-7.905, 7.905] (the coefficients Eigen uses in its fast tanh); beyond that, tanh is +-1 in float.
// Maximum absolute error about 4e-7 (tests/test_ops.cpp checks it against std::tanh in double).
#pragma once
#include <cstddef>

namespace nn {

inline float fast_tanh(float x) {
    // Clamping here keeps |result| <= 1 (the rational function slightly exceeds 1 further out).
    const float clamp = 7.90531110763549805f;
    x = x > clamp ? clamp : x;  // (written as selects, not std::min/max, so that the loop vectorises)
    x = x < -clamp ? -clamp : x;
    const float x2 = x * x;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = x2 * p + -8.60467152213735e-11f;
    p = x2 * p + 5.12229709037114e-08f;
    p = x2 * p + 1.48572235717979e-05f;
    p = x2 * p + 6.37261928875436e-04f;
    p = x2 * p + 4.89352455891786e-03f;
    p = x * p;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = x2 * q + 2.26843463243900e-03f;
    q = x2 * q + 4.89352518554385e-03f;
    return p / q;
}

// The array functions are compiled for AVX-512, for AVX2 and for baseline x86-64 (fast_math.cpp);
// all give the same bits. For i < n:
void tanh_array(const float* x, float* y, std::size_t n);               // y[i] = tanh(x[i])
void sigmoid_array(const float* x, float* y, std::size_t n);            // y[i] = (1 + tanh(x[i] / 2)) / 2
// The gradients add into dx, or with add false assign to it (dx[i] = ...):
void tanh_backward(const float* y, const float* dy, float* dx, std::size_t n, bool add);     // dx[i] += dy[i] (1 - y[i]^2)
void sigmoid_backward(const float* y, const float* dy, float* dx, std::size_t n, bool add);  // dx[i] += dy[i] y[i] (1 - y[i])

}  // namespace nn
