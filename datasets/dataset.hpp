// datasets/dataset.hpp — what every data source produces: inputs, class labels, and input identities.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "nn/tensor.hpp"

namespace datasets {

struct Dataset {
    std::string name;            // "szt", "mnist", ...
    nn::Tensor x;                // (N, D) inputs, or (N, C, H, W) images
    std::vector<int> y;          // (N) class labels 0..num_classes-1
    std::vector<int> input_id;   // (N) input_id[i] == input_id[j] <=> rows i and j are the same input
    int num_classes = 0;

    std::size_t size() const { return y.size(); }
};

// Which rows of a Dataset train and which test; indices into the dataset, each in increasing order.
struct Split {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
};

}  // namespace datasets
