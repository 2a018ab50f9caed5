// apps/checkpoint.hpp — DIR/checkpoint.bin: everything a killed run needs to continue to the bytes an
// uninterrupted run writes (weights, optimizer state, every Rng, the epoch, the CSV lengths).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/optimizer.hpp"
#include "nn/rng.hpp"
#include "nn/sequential.hpp"
#include "nn/tensor.hpp"

namespace apps {

struct Checkpoint {
    long epoch = 0;                             // taken at the start of this epoch (its rows, if sampled, are written)
    std::uint64_t metrics_bytes = 0;            // metrics.csv's length at that moment
    std::uint64_t plane_bytes = 0;              // information_plane.csv's length
    std::string rng_state;                      // the run's Rng (nn::Rng::state)
    std::vector<std::string> layer_rng_states;  // each Dropout / GaussianNoise layer's own Rng, in network order
    std::vector<nn::Tensor> parameters;         // model.parameters(), in order
    long optimizer_steps = 0;
    std::vector<nn::Tensor> optimizer_state;    // Optimizer::state(), in order
};

// The state of the model, optimizer and Rngs at the start of `epoch` (the CSV lengths are the caller's).
Checkpoint capture_checkpoint(long epoch, nn::Sequential& model, nn::Optimizer& optimizer, const nn::Rng& rng);

// Puts the checkpoint's state into a network built from the same configuration. Throws std::runtime_error
// naming `path` when the checkpoint does not fit the network (tensor count or shape, random layers).
void restore_checkpoint(const Checkpoint& checkpoint, const std::string& path, nn::Sequential& model,
                        nn::Optimizer& optimizer, nn::Rng& rng);

// The file format, version 1, little-endian: "IPCK", u32 version, the fields of Checkpoint in order
// (integers as u64 / i64, strings and lists as a u64 count then the items, a tensor as u32 rank, u64
// extents, IEEE float32 values), then a u64 FNV-1a hash of everything before it.
std::string encode_checkpoint(const Checkpoint& checkpoint);
// Throws std::runtime_error "PATH: ..." for a wrong magic, an unknown version, a truncated or corrupt file.
Checkpoint decode_checkpoint(const std::string& bytes, const std::string& path);

// Written to PATH.tmp and renamed, so a kill leaves either the previous checkpoint or the new one.
void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
Checkpoint read_checkpoint(const std::string& path);

}  // namespace apps
