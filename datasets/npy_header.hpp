// datasets/npy_header.hpp — the text part of a NumPy .npy file: the header dict and the dtype it names.
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// Used by npy.cpp; errors are std::runtime_error("PATH: what is wrong").
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace datasets {

// A supported element type: kind 'f' (f4, f8), 'i' or 'u' (1, 2, 4, 8 bytes) or 'b' (bool, 1 byte).
struct NpyDtype {
    std::string descr;        // as written in the file, e.g. "<f4", "|u1", ">i2"
    char kind = 'f';
    std::size_t item_size = 4;
    bool big_endian = false;  // '>'; '<' and '|' (one-byte types) are little endian / order-free
};

// The header dict {'descr': ..., 'fortran_order': ..., 'shape': (...), }.
struct NpyHeader {
    std::string descr;
    bool fortran_order = false;
    std::vector<std::size_t> shape;
};

// Parses the dict text (a Python literal with exactly the three keys, in any order). `path` names the
// file in error messages. A descr that is not a string (a structured dtype) is reported as unsupported.
NpyHeader parse_npy_header(const std::string& text, const std::string& path);

// The dtype of a descr string; throws "PATH: unsupported dtype '<c8' (supported: ...)" otherwise.
NpyDtype parse_npy_dtype(const std::string& descr, const std::string& path);

// Python's repr of a shape tuple: "()", "(3,)", "(2, 3)".
std::string shape_repr(const std::vector<std::size_t>& shape);

// Everything before the data of a version 1.0 file for a C-order array, byte for byte as numpy 1.24
// writes it: magic, version, header length, the dict with sorted keys, the spare room numpy leaves for
// growing the first axis, then spaces and '\n' so that the data starts at a multiple of 64 bytes.
std::string npy_preamble_v1(const std::string& descr, const std::vector<std::size_t>& shape);

}  // namespace datasets
