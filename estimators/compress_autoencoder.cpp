// estimators/compress_autoencoder.cpp — training the compressing autoencoder on standardised columns and
// reading its code layer.
#include "estimators/compress_autoencoder.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "nn/check.hpp"
#include "nn/layers.hpp"
#include "nn/ops.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"

namespace estimators {

namespace {

constexpr std::size_t encoder_modules = 3;  // Linear, tanh, Linear: the code layer is their output

}  // namespace

AutoencoderCode autoencoder_code(const nn::Matrix& x, const AutoencoderOptions& options, nn::Rng& rng) {
    const std::size_t N = x.rows, D = x.cols, K = options.dim;
    NN_CHECK(N >= 1, "autoencoder: no rows");
    NN_CHECK(K >= 1 && K <= D, "autoencoder: dim must be between 1 and the " << D << " columns, got " << K);
    NN_CHECK(options.hidden >= 1 && options.epochs >= 1 && options.batch >= 1,
             "autoencoder: hidden, epochs and batch must be at least 1, got " << options.hidden << ", "
                                                                              << options.epochs << ", " << options.batch);
    NN_CHECK(std::isfinite(options.lr) && options.lr > 0.0, "autoencoder: lr must be positive, got " << options.lr);
    for (double value : x.data) NN_CHECK(std::isfinite(value), "autoencoder: non-finite value " << value);

    const nn::Tensor input = nn::to_standardised_tensor(x);
    const std::size_t H = std::size_t(options.hidden);
    nn::Sequential net;
    net.add<nn::Linear>(D, H, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Tanh);
    net.add<nn::Linear>(H, K, nn::Init::GlorotUniform, rng);
    net.add<nn::Linear>(K, H, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Tanh);
    net.add<nn::Linear>(H, D, nn::Init::GlorotUniform, rng);
    nn::Adam adam(net.parameters(), nn::AdamOptions{.lr = float(options.lr)});

    const std::size_t size = std::min(std::size_t(options.batch), N);
    std::vector<std::size_t> order(N), rows;
    std::iota(order.begin(), order.end(), std::size_t(0));
    for (long epoch = 0; epoch < options.epochs; ++epoch) {
        rng.shuffle(order);
        for (std::size_t begin = 0; begin < N; begin += size) {
            rows.assign(order.begin() + std::ptrdiff_t(begin), order.begin() + std::ptrdiff_t(std::min(N, begin + size)));
            const nn::Tensor batch = input.gather_rows(rows);
            const nn::Var loss = nn::mse(net.forward(nn::Var(batch)), batch);
            adam.zero_grad();
            nn::backward(loss);
            adam.step();
        }
    }

    nn::NoGradGuard no_grad;
    const nn::Var whole(input);
    const nn::Tensor code = net.forward(whole, encoder_modules).value();
    const nn::Tensor reconstruction = net.forward(whole).value();
    AutoencoderCode out{nn::to_matrix(code), 1.0};
    double error = 0.0, variance = 0.0;
    for (std::size_t i = 0; i < input.size(); ++i) {
        error += double(reconstruction[i] - input[i]) * double(reconstruction[i] - input[i]);
        variance += double(input[i]) * double(input[i]);
    }
    if (variance > 0.0) out.variance_kept = 1.0 - error / variance;
    return out;
}

}  // namespace estimators
