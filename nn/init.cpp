// nn/init.cpp — the initialisation schemes.
#include "nn/init.hpp"

#include <cmath>

#include "nn/check.hpp"

namespace nn {

Init parse_init(const std::string& name) {
    if (name == "truncated_normal") return Init::TruncatedNormal;
    if (name == "glorot_uniform") return Init::GlorotUniform;
    if (name == "he_normal") return Init::HeNormal;
    NN_CHECK(false, "unknown init '" << name << "' (known: truncated_normal, glorot_uniform, he_normal)");
}

std::string to_string(Init init) {
    switch (init) {
        case Init::TruncatedNormal: return "truncated_normal";
        case Init::GlorotUniform: return "glorot_uniform";
        case Init::HeNormal: return "he_normal";
    }
    return "?";
}

void initialize(Tensor& weights, Init init, std::size_t fan_in, std::size_t fan_out, Rng& rng) {
    NN_CHECK(fan_in > 0 && fan_out > 0, "initialize: fan_in and fan_out must be positive");
    const double in = double(fan_in), out = double(fan_out);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        double w = 0.0;
        switch (init) {
            case Init::TruncatedNormal: w = rng.truncated_normal(2.0) / std::sqrt(in); break;
            case Init::GlorotUniform: {
                const double a = std::sqrt(6.0 / (in + out));
                w = rng.uniform(-a, a);
                break;
            }
            case Init::HeNormal: w = rng.normal() * std::sqrt(2.0 / in); break;
        }
        weights[i] = float(w);
    }
}

}  // namespace nn
