// nn/fast_math.cpp — the array form of fast_tanh, compiled twice: for AVX2 (eight floats a step) and
// for baseline x86-64, the better chosen when the program loads. Both give bit-identical results: the
// loop has no reductions and floating-point contraction is off, so only the vector width differs.
#include "nn/fast_math.hpp"

namespace nn {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void tanh_array(const float* x, float* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] = fast_tanh(x[i]);
}

}  // namespace nn
