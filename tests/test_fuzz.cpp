// tests/test_fuzz.cpp — seeded random mutations of valid IDX (raw and gzip), .npy, INI and estimator-spec
// inputs: every parser either succeeds or throws std::invalid_argument / std::runtime_error, returns
// within a second, and never allocates what a corrupt header declares.
#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/ini.hpp"
#include "apps/train_config.hpp"
#include "datasets/idx.hpp"
#include "datasets/npy.hpp"
#include "estimators/estimator.hpp"
#include "nn/matrix.hpp"
#include "nn/rng.hpp"
#include "nn/tensor.hpp"
#include "temp_dir.hpp"

namespace {

// Numbers that break naive size arithmetic: 2^31, 2^32 - 1, 10^12, 2^64 - 1, past 2^64, and bad signs.
const std::vector<std::string> kHugeTexts = {"2147483648", "4294967295", "1000000000000", "18446744073709551615",
                                            "99999999999999999999999", "-1", "0", "1e308", "nan", "inf"};
const std::vector<std::uint32_t> kHugeWords = {0x80000000u, 0xffffffffu, 0x7fffffffu, 0x00010000u, 0u};

// Each call of next() takes a random seed input and applies 1 to 3 random mutations to it. `tokens` (for
// the text formats) are keys, values and whole lines that get past the first syntax check, so that the
// mutations also reach the value checks behind it.
class Mutator {
public:
    Mutator(std::uint64_t seed, std::vector<std::string> seeds, std::vector<std::string> tokens = {})
        : rng_(seed), seeds_(std::move(seeds)), tokens_(std::move(tokens)) {
        tokens_.insert(tokens_.end(), kHugeTexts.begin(), kHugeTexts.end());
    }

    std::string next() {
        std::string s = pick();
        const std::size_t count = 1 + rng_.uniform_int(3);
        for (std::size_t i = 0; i < count; ++i) mutate(s);
        return s;
    }

private:
    const std::string& pick() { return seeds_[rng_.uniform_int(seeds_.size())]; }
    std::size_t position(const std::string& s) { return rng_.uniform_int(s.size() + 1); }  // 0 .. size

    void mutate(std::string& s) {
        switch (rng_.uniform_int(10)) {
            case 0:  // flip one bit
                if (!s.empty()) s[rng_.uniform_int(s.size())] ^= char(1u << rng_.uniform_int(8));
                break;
            case 1:  // insert a random byte
                s.insert(position(s), 1, char(rng_.uniform_int(256)));
                break;
            case 2: {  // delete 1 to 8 bytes
                const std::size_t at = position(s);
                s.erase(at, 1 + rng_.uniform_int(8));
                break;
            }
            case 3: {  // duplicate a range of up to 16 bytes somewhere else
                const std::size_t at = position(s);
                const std::string piece = s.substr(at, 1 + rng_.uniform_int(16));
                s.insert(position(s), piece);
                break;
            }
            case 4:  // truncate
                s.resize(position(s));
                break;
            case 5:  // a byte that is often special: 0, 0x7f, 0x80, 0xff, or a separator of the text formats
                if (!s.empty()) s[rng_.uniform_int(s.size())] = "\x00\x7f\x80\xff,=:()'\n"[rng_.uniform_int(11)];
                break;
            case 6:
                huge_number(s);
                break;
            case 7: {  // splice: a prefix of this input and a suffix of another seed
                const std::string& other = pick();
                s = s.substr(0, position(s)) + other.substr(position(other));
                break;
            }
            case 8:  // insert a token
                s.insert(position(s), tokens_[rng_.uniform_int(tokens_.size())]);
                break;
            default: {  // replace the value after a random '=' or ':' (up to ',' or the line's end) with a token
                std::vector<std::size_t> starts;
                for (std::size_t i = 0; i < s.size(); ++i)
                    if (s[i] == '=' || s[i] == ':') starts.push_back(i + 1);
                if (starts.empty()) break;
                const std::size_t start = starts[rng_.uniform_int(starts.size())];
                const std::size_t end = std::min(s.find_first_of(",\n", start), s.size());
                s.replace(start, end - start, tokens_[rng_.uniform_int(tokens_.size())]);
                break;
            }
        }
    }

    // Replaces a run of digits with a huge decimal number (text headers: an npy shape, an INI value, a spec
    // parameter), or a 4-aligned word among the first 24 bytes with a huge big-endian uint32 (IDX dims).
    void huge_number(std::string& s) {
        std::vector<std::size_t> runs;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (std::isdigit(static_cast<unsigned char>(s[i])) && (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))))
                runs.push_back(i);
        if (!runs.empty() && rng_.uniform_int(2) == 0) {
            const std::size_t start = runs[rng_.uniform_int(runs.size())];
            std::size_t end = start;
            while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
            s.replace(start, end - start, kHugeTexts[rng_.uniform_int(kHugeTexts.size())]);
        } else if (s.size() >= 4) {
            const std::size_t at = 4 * rng_.uniform_int(std::min<std::size_t>(s.size(), 24) / 4);
            const std::uint32_t word = kHugeWords[rng_.uniform_int(kHugeWords.size())];
            for (std::size_t b = 0; b < 4 && at + b < s.size(); ++b) s[at + b] = char(word >> (24 - 8 * b));
        }
    }

    nn::Rng rng_;
    std::vector<std::string> seeds_;
    std::vector<std::string> tokens_;
};

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string gzip(const std::string& bytes) {
    uLongf size = compressBound(uLong(bytes.size())) + 32;
    std::string out(size, '\0');
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);  // +16: gzip wrapper
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = uInt(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

// The input's first bytes, escaped, to name a failing case.
std::string shown(const std::string& bytes) {
    std::string text;
    for (std::size_t i = 0; i < bytes.size() && i < 160; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            text += char(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            text += hex;
        }
    }
    return bytes.size() > 160 ? text + "..." : text;
}

long peak_rss_kb() {
    rusage usage{};
    REQUIRE(getrusage(RUSAGE_SELF, &usage) == 0);
    return usage.ru_maxrss;
}

// Runs `call` on one input and fails the test, naming the input, when it throws anything but the two
// exception types the readers promise or takes longer than a second (a hang or a huge allocation).
template <class Call>
void expect_clean(const std::string& input, Call call) {
    const auto start = std::chrono::steady_clock::now();
    try {
        call();
    } catch (const std::invalid_argument&) {
    } catch (const std::runtime_error&) {
    } catch (const std::exception& e) {
        FAIL("unexpected exception type for input \"" << shown(input) << "\": " << e.what());
    } catch (...) {
        FAIL("a non-std exception for input \"" << shown(input) << "\"");
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > 1.0) FAIL("input \"" << shown(input) << "\" took " << seconds << " s");
}

// Fails when the peak memory of this process grew by more than 512 MiB since `start_kb` (each test case
// runs in its own ctest process, so the peak is the fuzz loop's).
void check_memory(long start_kb) { CHECK(peak_rss_kb() - start_kb < 512 * 1024); }

std::vector<std::uint8_t> counting_bytes(std::size_t n) {
    std::vector<std::uint8_t> data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = std::uint8_t(i * 7);
    return data;
}

}  // namespace

TEST_CASE("fuzz: mutated IDX files, raw and gzipped, are read or rejected cleanly", "[fuzz]") {
    const long start_kb = peak_rss_kb();
    TempDir dir;
    datasets::write_idx(dir.file("labels.idx"), {{12}, counting_bytes(12)});
    datasets::write_idx(dir.file("images.idx"), {{3, 5, 4}, counting_bytes(60)});
    datasets::write_idx(dir.file("four.idx"), {{2, 1, 3, 2}, counting_bytes(12)});
    datasets::write_idx(dir.file("images.idx.gz"), {{3, 5, 4}, counting_bytes(60)});
    const std::vector<std::string> raw = {read_bytes(dir.file("labels.idx")), read_bytes(dir.file("images.idx")),
                                          read_bytes(dir.file("four.idx"))};
    Mutator raw_mutator(7, raw);
    Mutator gz_mutator(8, {read_bytes(dir.file("images.idx.gz")), gzip(raw[0])});
    std::size_t accepted = 0;
    for (int i = 0; i < 600; ++i) {
        // A mutated IDX file as it is, the same gzipped (the header mutations behind a valid gzip stream),
        // and mutated gzip bytes (corrupt, truncated or concatenated streams).
        const std::string bytes = raw_mutator.next();
        for (const std::string& file : {bytes, gzip(bytes), gz_mutator.next()}) {
            const std::string path = dir.write("fuzz.idx", file);
            expect_clean(file, [&] {
                const datasets::IdxArray array = datasets::read_idx(path);
                std::size_t total = 1;
                for (std::size_t d : array.dims) total *= d;
                CHECK(array.data.size() == total);
                ++accepted;
            });
        }
    }
    CHECK(accepted > 0);  // some mutations keep a valid file (a flipped data bit)
    check_memory(start_kb);
}

TEST_CASE("fuzz: mutated .npy files are read or rejected cleanly", "[fuzz]") {
    const long start_kb = peak_rss_kb();
    TempDir dir;
    nn::Tensor tensor(nn::Shape{2, 3, 2});
    for (std::size_t i = 0; i < tensor.size(); ++i) tensor.data()[i] = float(i) / 4.0f;
    nn::Matrix matrix;
    matrix.rows = 3;
    matrix.cols = 2;
    matrix.data = {0.5, -1.0, 2.0, 3.25, 1e300, -0.0};
    datasets::write_npy(dir.file("f4.npy"), tensor);
    datasets::write_npy(dir.file("f8.npy"), matrix);
    datasets::write_npy(dir.file("i4.npy"), std::vector<int>{0, 1, 1, 0, 2});
    datasets::write_npy(dir.file("i8.npy"), std::vector<std::int64_t>{3, 0, 1});
    Mutator mutator(11, {read_bytes(dir.file("f4.npy")), read_bytes(dir.file("f8.npy")),
                         read_bytes(dir.file("i4.npy")), read_bytes(dir.file("i8.npy"))});
    std::size_t accepted = 0;
    for (int i = 0; i < 1500; ++i) {
        const std::string bytes = mutator.next();
        const std::string path = dir.write("fuzz.npy", bytes);
        expect_clean(bytes, [&] {
            const nn::Matrix m = datasets::read_npy_matrix(path);
            CHECK(m.data.size() == m.rows * m.cols);
            ++accepted;
        });
        expect_clean(bytes, [&] { datasets::read_npy_labels(path); });
    }
    CHECK(accepted > 0);
    check_memory(start_kb);
}

TEST_CASE("fuzz: mutated INI files are read or rejected cleanly, alone and as train --config", "[fuzz]") {
    TempDir dir;
    std::vector<std::string> seeds = {apps::to_ini(apps::TrainConfig{})};
    for (const auto& entry : std::filesystem::directory_iterator(INFOPLANE_SOURCE_DIR "/experiments"))
        if (entry.path().extension() == ".ini") seeds.push_back(read_bytes(entry.path().string()));
    REQUIRE(seeds.size() > 3);
    const std::string out = dir.file("run");
    Mutator mutator(13, seeds,
                    {" 1", " -5", " 0.5", " 1e400", " -inf", " true", " off", " 3,0,2", " all,all", " kde:var=nan",
                     " binning:edges=0", " lenet5", " autoencoder", " mse", " sgd", "\n[train]\n", "\nlr = nan\n",
                     "\nepochs = 9223372036854775808\n", "\nbatch_size = -1\n", "\nlayers = 10,,3\n",
                     "\nseed = 18446744073709551616\n", "\nthreads = -2\n", "\nconfig = other.ini\n",
                     "\nestimator = renyi:alpha=1\n", "\ndataset = mnist\n", "\nmomentum = 1\n", "\nfrobnicate = 1\n",
                     "\nprobe_samples = -1\n", "\nnesterov = true\n", "\nschedule = every\nevery = 0\n"});
    std::size_t accepted = 0;
    for (int i = 0; i < 800; ++i) {
        const std::string text = mutator.next();
        const std::string path = dir.write("fuzz.ini", text);
        expect_clean(text, [&] { apps::read_ini(path); });
        expect_clean(text, [&] {
            apps::parse_train_arguments({"--config", path, "--out", out});
            ++accepted;
        });
    }
    CHECK(accepted > 0);
    CHECK(dir.entries() == std::vector<std::string>{"fuzz.ini"});  // parsing writes nothing
}

TEST_CASE("fuzz: mutated estimator specs build an estimator or are rejected cleanly", "[fuzz]") {
    const std::vector<std::string> tokens = {"edges=", "lo=", "hi=", "size=", "mode=adaptive", "bound=lower", "var=",
                                             "adaptive=", "alpha=", "rule=", "gamma=", "k=", "sigma=", "1", "-1",
                                             "0.5", "-0", "1e-320", "1e400", "-inf", "0x10", " 3", "3 ", ",", ":",
                                             "=", ",,", "binning", "kde", "renyi"};
    Mutator whole(17, {"binning", "binning:edges=30,lo=-1,hi=1", "binning:size=0.07", "binning:mode=adaptive",
                       "kde:bound=upper,var=0.001", "kde:adaptive=1", "renyi:alpha=1.01,rule=tapia,gamma=2",
                       "decision", "edge", "mine", "noisy:sigma=0.1", "ksg", "kl"},
                  tokens);
    // Half the specs keep a valid name and mutate only the parameters, which the name's own checks read.
    const std::vector<std::string> names = {"binning", "kde", "renyi", "decision", "edge", "mine", "noisy", "ksg", "kl"};
    Mutator parameters(19, {"edges=30,lo=-1,hi=1", "size=0.07", "mode=adaptive", "bound=upper,var=0.001", "adaptive=1",
                            "alpha=1.01,rule=tapia,gamma=2", "sigma=0.1", "k=3"},
                       tokens);
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < 4000; ++i) {
        const std::string spec = i % 2 == 0 ? whole.next() : names[(i / 2) % names.size()] + ":" + parameters.next();
        expect_clean(spec, [&] {
            const auto estimator = estimators::make_estimator(spec);
            CHECK(!estimator->spec().empty());
            ++accepted;
        });
    }
    CHECK(accepted > 0);
}

TEST_CASE("fuzz: huge declared sizes are rejected before anything is allocated", "[fuzz]") {
    const long start_kb = peak_rss_kb();
    TempDir dir;
    const auto idx_header = [](std::vector<std::uint32_t> dims) {
        std::string bytes = {0, 0, 0x08, char(dims.size())};
        for (std::uint32_t d : dims)
            for (int shift = 24; shift >= 0; shift -= 8) bytes += char((d >> shift) & 0xff);
        return bytes + std::string(100, '\x01');
    };
    // 2^31 bytes (just past the limit), 2^31 - 1 bytes (allowed, but the file holds 100), 2^32-1 cubed.
    for (const std::string& bytes : {idx_header({0x80000000u}), idx_header({0x7fffffffu}),
                                     idx_header({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}),
                                     idx_header({0x10000u, 0x8000u})}) {
        for (const std::string& file : {bytes, gzip(bytes)}) {
            const std::string path = dir.write("huge.idx", file);
            expect_clean(file, [&] { CHECK_THROWS_AS(datasets::read_idx(path), std::runtime_error); });
        }
    }
    const auto npy = [](const std::string& shape) {
        std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        dict.append(64 - (10 + dict.size() + 1) % 64, ' ');
        dict += '\n';
        return std::string("\x93NUMPY\x01\x00", 8) + char(dict.size() & 0xff) + char(dict.size() >> 8) + dict +
               std::string(64, '\0');
    };
    for (const std::string& shape : {"(1000000000000,)", "(9223372036854775807, 9223372036854775807)",
                                     "(4294967296, 4294967296, 4294967296)", "(18446744073709551615,)"}) {
        const std::string bytes = npy(shape);
        const std::string path = dir.write("huge.npy", bytes);
        expect_clean(bytes, [&] { CHECK_THROWS_AS(datasets::read_npy_matrix(path), std::runtime_error); });
    }
    check_memory(start_kb);
}
