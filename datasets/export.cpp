// datasets/export.cpp — CSV export of a Dataset, numbers in shortest round-trip form.
#include "datasets/export.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "nn/check.hpp"

namespace datasets {

void write_dataset_csv(const Dataset& data, std::ostream& out) {
    const std::size_t n = data.size();
    NN_CHECK(data.x.shape().rank() >= 1 && data.x.rows() == n,
             "write_dataset_csv: " << data.x.shape() << " inputs for " << n << " labels");
    const std::size_t d = n == 0 ? 0 : data.x.cols();
    const auto& values = data.x.values();
    const bool bits =
        std::all_of(values.begin(), values.end(), [](float v) { return v == 0.0f || v == 1.0f; });

    const char* prefix = bits ? "b" : "x";
    for (std::size_t k = 0; k < d; ++k) out << prefix << k << ',';
    out << "label\n";

    std::string line;
    char number[32];  // the longest shortest-form float, e.g. "-1.17549435e-38", is 15 characters
    for (std::size_t i = 0; i < n; ++i) {
        line.clear();
        for (std::size_t k = 0; k < d; ++k) {
            const auto result = std::to_chars(number, number + sizeof number, data.x.at(i, k));
            line.append(number, result.ptr);
            line += ',';
        }
        line += std::to_string(data.y[i]);
        line += '\n';
        out << line;
    }
}

}  // namespace datasets
