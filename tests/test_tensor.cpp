// tests/test_tensor.cpp — Shape, Tensor, the double Matrix view of a tensor, and the buffer pool that
// tensor storage comes from.
#include <catch2/catch.hpp>

#include <cmath>

#include <sstream>
#include <stdexcept>
#include <vector>

#include "nn/buffer_pool.hpp"
#include "nn/matrix.hpp"
#include "nn/tensor.hpp"

namespace {

std::vector<float> values_of(const nn::Tensor& t) { return {t.values().begin(), t.values().end()}; }

}  // namespace

TEST_CASE("Shape: rank, extents, numel, printing", "[nn]") {
    const nn::Shape image{2, 3, 4, 5};
    REQUIRE(image.rank() == 4);
    REQUIRE(image[2] == 4);
    REQUIRE(image.numel() == 120);
    REQUIRE_THROWS_AS(image[4], std::out_of_range);
    REQUIRE(nn::Shape({2, 0}).numel() == 0);
    REQUIRE(nn::Shape({2, 3}) == nn::Shape(std::vector<std::size_t>{2, 3}));
    REQUIRE_FALSE(nn::Shape({2, 3}) == nn::Shape({3, 2}));
    REQUIRE(image.with(0, 7) == nn::Shape({7, 3, 4, 5}));  // another batch size, the rest kept
    REQUIRE(image == nn::Shape({2, 3, 4, 5}));              // with() leaves the original alone
    REQUIRE_THROWS_AS(nn::Shape{2}.with(1, 3), std::invalid_argument);

    std::ostringstream out;
    out << nn::Shape{2, 3};
    REQUIRE(out.str() == "(2, 3)");
    REQUIRE(nn::to_string(nn::Shape{7}) == "(7)");
    REQUIRE(nn::to_string(image) == "(2, 3, 4, 5)");
}

TEST_CASE("Tensor: construction, rows and cols, element access, fill", "[nn]") {
    const nn::Tensor zeros({2, 3});
    REQUIRE(zeros.size() == 6);
    REQUIRE(values_of(zeros) == std::vector<float>(6, 0.0f));
    REQUIRE(values_of(nn::Tensor({3}, 1.5f)) == std::vector<float>(3, 1.5f));

    nn::Tensor t({2, 3}, {1, 2, 3, 4, 5, 6});
    REQUIRE(t.rows() == 2);
    REQUIRE(t.cols() == 3);
    REQUIRE(t.at(1, 0) == 4.0f);
    REQUIRE(t[5] == 6.0f);
    t.at(0, 2) = -3.0f;
    REQUIRE(t[2] == -3.0f);
    REQUIRE(t.data()[2] == -3.0f);

    const nn::Tensor image({2, 3, 2, 2});
    REQUIRE(image.rows() == 2);
    REQUIRE(image.cols() == 12);  // C * H * W

    t.fill(0.25f);
    REQUIRE(values_of(t) == std::vector<float>(6, 0.25f));
}

TEST_CASE("Tensor(shape, values) needs exactly numel values", "[nn]") {
    REQUIRE_THROWS_AS(nn::Tensor({2, 3}, std::vector<float>{1, 2, 3, 4, 5}), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::Tensor({2, 3}, std::vector<float>(7)), std::invalid_argument);
    REQUIRE_THROWS_WITH(nn::Tensor({2, 3}, std::vector<float>{1}), Catch::Matchers::Contains("(2, 3)"));
    REQUIRE_NOTHROW(nn::Tensor({2, 0}, std::vector<float>{}));
}

TEST_CASE("Tensor copies are deep", "[nn]") {
    const nn::Tensor original({1, 2}, {1, 2});
    nn::Tensor copy = original;
    copy[0] = 9.0f;
    REQUIRE(original[0] == 1.0f);
    REQUIRE(copy[0] == 9.0f);
}

TEST_CASE("reshape keeps the values and rejects a different numel", "[nn]") {
    nn::Tensor t({2, 3, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    t.reshape({2, 6});
    REQUIRE(t.shape() == nn::Shape({2, 6}));
    REQUIRE(t.at(1, 0) == 7.0f);
    REQUIRE_THROWS_AS(t.reshape({5, 2}), std::invalid_argument);
    REQUIRE_THROWS_WITH(t.reshape({13}), Catch::Matchers::Contains("(2, 6)") && Catch::Matchers::Contains("(13)"));
    REQUIRE(t.shape() == nn::Shape({2, 6}));  // unchanged after the failed reshape
}

TEST_CASE("gather_rows picks rows in order, with repeats, of any rank", "[nn]") {
    const nn::Tensor t({3, 2, 1}, {1, 2, 3, 4, 5, 6});
    const nn::Tensor g = t.gather_rows({2, 0, 2});
    REQUIRE(g.shape() == nn::Shape({3, 2, 1}));
    REQUIRE(values_of(g) == std::vector<float>{5, 6, 1, 2, 5, 6});
    REQUIRE(t.gather_rows({}).shape() == nn::Shape({0, 2, 1}));
    REQUIRE_THROWS_AS(t.gather_rows({0, 3}), std::invalid_argument);
}

TEST_CASE("to_matrix widens (N, ...) to an (N, rest) double matrix", "[nn]") {
    const nn::Matrix m = nn::to_matrix(nn::Tensor({2, 1, 3}, {1, 2, 3, 4, 5, 0.1f}));
    REQUIRE(m.rows == 2);
    REQUIRE(m.cols == 3);
    REQUIRE(m.at(1, 1) == 5.0);
    REQUIRE(m.row(1)[2] == double(0.1f));  // the float value exactly, not 0.1
    const nn::Matrix empty = nn::to_matrix(nn::Tensor());
    REQUIRE(empty.rows == 0);
    REQUIRE(empty.data.empty());
}

TEST_CASE("to_standardised_tensor gives each column mean 0 and standard deviation 1, a constant column 0", "[nn]") {
    // Column 0: 1, 2, 3 (mean 2, population sd sqrt(2/3)); column 1 constant.
    const nn::Tensor t = nn::to_standardised_tensor(nn::Matrix::from_values(3, 2, {1, 7, 2, 7, 3, 7}));
    REQUIRE(t.shape() == nn::Shape{3, 2});
    const float z = float(1.0 / std::sqrt(2.0 / 3.0));
    CHECK(t.at(0, 0) == -z);
    CHECK(t.at(1, 0) == 0.0f);
    CHECK(t.at(2, 0) == z);
    for (std::size_t r = 0; r < 3; ++r) CHECK(t.at(r, 1) == 0.0f);
}

TEST_CASE("the buffer pool hands out usable memory and reuses freed buffers", "[nn]") {
    const std::size_t bytes = 1000 * sizeof(float);
    auto* first = static_cast<float*>(nn::pool_allocate(bytes));
    REQUIRE(first != nullptr);
    for (int i = 0; i < 1000; ++i) first[i] = float(i);
    REQUIRE(first[999] == 999.0f);
    nn::pool_deallocate(first, bytes);

    auto* second = static_cast<float*>(nn::pool_allocate(bytes));
    REQUIRE(second == first);  // the freed buffer of the same size comes back
    auto* third = static_cast<float*>(nn::pool_allocate(bytes));
    REQUIRE(third != second);  // while the second is in use, a new one
    for (int i = 0; i < 1000; ++i) {
        second[i] = float(2 * i);
        third[i] = -1.0f;
    }
    for (int i = 0; i < 1000; ++i) REQUIRE(second[i] == float(2 * i));
    nn::pool_deallocate(second, bytes);
    nn::pool_deallocate(third, bytes);

    REQUIRE(nn::pool_allocate(0) == nullptr);
    nn::pool_deallocate(nullptr, 0);  // a no-op
    nn::pool_deallocate(nullptr, 64);
}

TEST_CASE("tensors built on recycled storage start from their own fill", "[nn]") {
    { nn::Tensor dirty({4, 4}, 7.0f); }
    const nn::Tensor clean({4, 4});
    REQUIRE(values_of(clean) == std::vector<float>(16, 0.0f));
    { nn::Tensor dirty({4, 4}, 7.0f); }
    const nn::Tensor filled({16}, 2.0f);
    REQUIRE(values_of(filled) == std::vector<float>(16, 2.0f));
}

TEST_CASE("Matrix::from_values fills row by row and needs rows x cols values", "[nn]") {
    const nn::Matrix m = nn::Matrix::from_values(2, 3, {1, 2, 3, 4, 5, 6});
    REQUIRE(m.rows == 2);
    REQUIRE(m.cols == 3);
    REQUIRE(m.at(1, 0) == 4.0);
    REQUIRE(m.at(0, 2) == 3.0);
    REQUIRE_THROWS_AS(nn::Matrix::from_values(2, 3, {1, 2, 3}), std::invalid_argument);
}
