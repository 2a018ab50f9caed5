// nn/fast_math.cpp — the array functions of fast_math.hpp, compiled three times: for AVX-512
// (x86-64-v4, sixteen floats a step), AVX2 (x86-64-v3, eight) and baseline x86-64 (four), the best
// chosen when the program loads. All give bit-identical results: the loops have no reductions and
// floating-point contraction is off, so only the vector width differs.
#include "nn/fast_math.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NN_ISA_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NN_ISA_CLONES
#endif

namespace nn {

NN_ISA_CLONES void tanh_array(const float* x, float* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] = fast_tanh(x[i]);
}

// 1 / (1 + exp(-x)) = (1 + tanh(x / 2)) / 2: the vectorised tanh; absolute error about 1e-7.
NN_ISA_CLONES void sigmoid_array(const float* x, float* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] = 0.5f + 0.5f * fast_tanh(0.5f * x[i]);
}

// One loop per case, so that each vectorises.
NN_ISA_CLONES void tanh_backward(const float* y, const float* dy, float* dx, std::size_t n, bool add) {
    if (add)
        for (std::size_t i = 0; i < n; ++i) dx[i] += dy[i] * (1.0f - y[i] * y[i]);
    else
        for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
}

NN_ISA_CLONES void sigmoid_backward(const float* y, const float* dy, float* dx, std::size_t n, bool add) {
    if (add)
        for (std::size_t i = 0; i < n; ++i) dx[i] += dy[i] * y[i] * (1.0f - y[i]);
    else
        for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}

}  // namespace nn
