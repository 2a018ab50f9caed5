// datasets/npy.hpp — reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0, C order), so
// that activations can be saved and estimated later, and arrays made elsewhere can be estimated here.
// Every problem with a file throws std::runtime_error("PATH: what is wrong").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/matrix.hpp"
#include "nn/tensor.hpp"

namespace datasets {

// Any supported dtype (f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1; little endian '<' or '|', big endian '>'
// byte-swapped) converted to double. Shape (N) gives (N, 1), (N, D) stays, (N, a, b, ...) gives
// (N, a*b*...). Rejects a 0-d array, Fortran order, complex/string/object/structured dtypes, a file shorter
// or longer than its header says. Never allocates more than the file holds.
nn::Matrix read_npy_matrix(const std::string& path);

// Class labels: shape (N) or (N, 1), an integer or bool dtype, or a float dtype whose values are all
// integers. A negative, non-integer or larger-than-int value is an error naming its index.
std::vector<int> read_npy_labels(const std::string& path);

// Version 1.0 files, byte for byte as numpy.save writes the same array. Each writes PATH.tmp and renames
// it to PATH, so a failed write never leaves a partial PATH.
void write_npy(const std::string& path, const nn::Tensor& t);        // '<f4', the tensor's full shape
void write_npy(const std::string& path, const nn::Matrix& m);        // '<f8', (rows, cols)
void write_npy(const std::string& path, const std::vector<int>& v);  // '<i4', (N,)
void write_npy(const std::string& path, const std::vector<std::int64_t>& v);  // '<i8', (N,): numpy's and torch's class indices

}  // namespace datasets
