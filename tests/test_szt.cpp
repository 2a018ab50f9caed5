// tests/test_szt.cpp — the generated SZT set against the reference label files of /work/shared/data/szt,
// its structure (bits, popcount classes), and its CSV export.
#include <catch2/catch.hpp>

#include <bit>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "datasets/export.hpp"
#include "datasets/szt.hpp"

namespace {

// The first line of a reference file in the shared SZT folder.
std::string reference_line(const std::string& name) {
    const std::string path = std::string(INFOPLANE_SHARED_DIR) + "/data/szt/" + name;
    std::ifstream in(path);
    INFO("reading " << path);
    REQUIRE(in);
    std::string line;
    std::getline(in, line);
    return line;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("make_szt: 4096 patterns of 12 bits, most significant bit first", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();
    REQUIRE(szt.name == "szt");
    REQUIRE(szt.num_classes == 2);
    REQUIRE(szt.x.shape() == nn::Shape{4096, 12});
    REQUIRE(szt.size() == 4096);
    REQUIRE(szt.input_id.size() == 4096);
    for (int i = 0; i < 4096; ++i) REQUIRE(szt.input_id[std::size_t(i)] == i);

    const auto row = [&](std::size_t i) {
        std::vector<float> bits;
        for (std::size_t k = 0; k < 12; ++k) bits.push_back(szt.x.at(i, k));
        return bits;
    };
    REQUIRE(row(0) == std::vector<float>(12, 0.0f));
    REQUIRE(row(1) == std::vector<float>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    REQUIRE(row(2048) == std::vector<float>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    REQUIRE(row(0b101000000011) == std::vector<float>{1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1});
    REQUIRE(row(4095) == std::vector<float>(12, 1.0f));
}

TEST_CASE("make_szt: labels equal szt_labels_hex.txt and szt_labels.txt exactly", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();
    const std::string hex = reference_line("szt_labels_hex.txt");
    const std::string bits = reference_line("szt_labels.txt");
    REQUIRE(hex.size() == 1024);
    REQUIRE(bits.size() == 4096);

    int hex_mismatches = 0, bit_mismatches = 0;
    for (std::size_t i = 0; i < 4096; ++i) {
        // hex char j holds labels 4j..4j+3, the first of them in the high bit
        const char c = hex[i / 4];
        const int nibble = c <= '9' ? c - '0' : c - 'a' + 10;
        hex_mismatches += szt.y[i] != ((nibble >> (3 - i % 4)) & 1);
        bit_mismatches += szt.y[i] != bits[i] - '0';
    }
    REQUIRE(hex_mismatches == 0);
    REQUIRE(bit_mismatches == 0);
}

TEST_CASE("make_szt: 2118 positives, split by popcount as in the README", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();
    std::vector<int> positives(13, 0), patterns(13, 0);
    for (std::size_t i = 0; i < 4096; ++i) {
        const int w = std::popcount(unsigned(i));
        ++patterns[std::size_t(w)];
        positives[std::size_t(w)] += szt.y[i];
    }
    int total = 0;
    for (int p : positives) total += p;
    REQUIRE(total == 2118);
    for (std::size_t w = 0; w <= 4; ++w) REQUIRE(positives[w] == 0);
    REQUIRE(positives[5] == 60);
    REQUIRE(patterns[5] == 792);
    REQUIRE(positives[6] == 532);
    REQUIRE(patterns[6] == 924);
    REQUIRE(positives[7] == 732);
    REQUIRE(patterns[7] == 792);
    for (std::size_t w = 8; w <= 12; ++w) REQUIRE(positives[w] == patterns[w]);
}

TEST_CASE("write_dataset_csv: SZT as 0/1 bit columns and a label", "[datasets]") {
    std::ostringstream out;
    datasets::write_dataset_csv(datasets::make_szt(), out);
    const std::vector<std::string> lines = lines_of(out.str());
    REQUIRE(lines.size() == 4097);
    REQUIRE(lines[0] == "b0,b1,b2,b3,b4,b5,b6,b7,b8,b9,b10,b11,label");
    REQUIRE(lines[1] == "0,0,0,0,0,0,0,0,0,0,0,0,0");
    REQUIRE(lines[2] == "0,0,0,0,0,0,0,0,0,0,0,1,0");
    // Pattern 63 = 000000111111 is positive (hex char 15 of the reference table is 3).
    REQUIRE(lines[1 + 63] == "0,0,0,0,0,0,1,1,1,1,1,1,1");
    REQUIRE(lines[4096] == "1,1,1,1,1,1,1,1,1,1,1,1,1");
    REQUIRE(out.str().back() == '\n');
}

TEST_CASE("write_dataset_csv: float inputs in shortest round-trip form", "[datasets]") {
    datasets::Dataset data;
    data.x = nn::Tensor({2, 3}, {0.1f, -2.5f, 1e-7f, 3.0f, 1.0f / 3.0f, 16777216.0f});
    data.y = {0, 1};
    data.input_id = {0, 1};
    data.num_classes = 2;
    std::ostringstream out;
    datasets::write_dataset_csv(data, out);
    REQUIRE(out.str() == "x0,x1,x2,label\n0.1,-2.5,1e-07,0\n3,0.33333334,16777216,1\n");

    // Each printed number reads back to the float it came from.
    const std::vector<std::pair<std::string, float>> printed = {
        {"0.1", 0.1f}, {"1e-07", 1e-7f}, {"0.33333334", 1.0f / 3.0f}};
    for (const auto& [text, value] : printed) {
        float back = 0.0f;
        std::from_chars(text.data(), text.data() + text.size(), back);
        REQUIRE(back == value);
    }

    data.y = {0, 1, 1};
    REQUIRE_THROWS_WITH(datasets::write_dataset_csv(data, out), Catch::Matchers::Contains("3 labels"));
}
