// estimators/compress_autoencoder.hpp — the autoencoder compressor of the compress estimator: a small
// D -> hidden -> K -> hidden -> D network trained with our engine, whose linear code layer is the output.
#pragma once
#include <cstddef>
#include <cstdint>

#include "nn/matrix.hpp"
#include "nn/rng.hpp"

namespace estimators {

struct AutoencoderOptions {
    std::size_t dim = 1;      // K, the width of the code layer
    long hidden = 64;         // width of the encoder's and the decoder's hidden layer
    long epochs = 50;         // passes over the rows
    long batch = 128;         // rows per Adam step (all rows when there are fewer)
    double lr = 1e-3;         // Adam's learning rate
};

struct AutoencoderCode {
    nn::Matrix codes;             // (N, K) the code layer's output for every row
    double variance_kept = 1.0;   // 1 - reconstruction error / variance, both of the standardised columns
};

// Standardises each column of x (N, D) (mean 0, standard deviation 1; a constant column is only centred),
// trains Linear(D, hidden) - tanh - Linear(hidden, K) - Linear(K, hidden) - tanh - Linear(hidden, D)
// (Glorot-uniform weights, zero biases, all drawn from rng) on the mean squared reconstruction error with
// Adam for `epochs` shuffled passes in mini-batches, and returns the code layer (linear) of every row.
// Cost: about 6 N epochs hidden (2 D + 2 K) flops. Throws unless 1 <= K <= D, hidden, epochs, batch >= 1,
// lr > 0, and x has rows and only finite values.
AutoencoderCode autoencoder_code(const nn::Matrix& x, const AutoencoderOptions& options, nn::Rng& rng);

}  // namespace estimators
