// datasets/npy_header.cpp — parsing and writing the .npy header dict (a small subset of Python literals:
// strings, True/False, tuples of non-negative ints) and decoding the dtype descr.
#include "datasets/npy_header.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <stdexcept>

#include "nn/check.hpp"

namespace datasets {

namespace {

// One value of the dict. A list or dict (a structured descr) is kept as raw text.
struct Value {
    enum class Kind { string, boolean, tuple, other } kind = Kind::other;
    std::string text;
    bool flag = false;
    std::vector<std::size_t> ints;
};

// A recursive-descent reader over the dict text; every failure names the character where it happened.
class DictParser {
public:
    DictParser(const std::string& text, const std::string& path) : text_(text), path_(path) {}

    std::map<std::string, Value> parse() {
        std::map<std::string, Value> dict;
        expect('{');
        while (!accept('}')) {
            skip_space();
            const std::string key = parse_string();
            expect(':');
            if (!dict.emplace(key, parse_value()).second) fail("the key '" + key + "' appears twice");
            if (!accept(',')) {
                expect('}');
                break;
            }
        }
        skip_space();
        if (pos_ != text_.size()) fail("unexpected text after the closing '}'");
        return dict;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        // Quote the header without numpy's padding, and at most 120 characters of it.
        const std::size_t end = text_.find_last_not_of(" \n") + 1, shown = std::min<std::size_t>(end, 120);
        throw std::runtime_error(path_ + ": malformed .npy header: " + what + " at character " +
                                 std::to_string(pos_) + " of \"" + text_.substr(0, shown) +
                                 (end > shown ? "..." : "") + "\"");
    }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!accept(c)) fail(std::string("expected '") + c + "'");
    }
    bool accept_word(const std::string& word) {
        skip_space();
        if (text_.compare(pos_, word.size(), word) != 0) return false;
        pos_ += word.size();
        return true;
    }

    std::string parse_string() {
        if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
            fail("expected a quoted string");
        const char quote = text_[pos_++];
        const std::size_t end = text_.find(quote, pos_);
        if (end == std::string::npos) fail("unterminated string");
        std::string s = text_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return s;
    }

    Value parse_value() {
        Value v;
        skip_space();
        if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"')) {
            v.kind = Value::Kind::string;
            v.text = parse_string();
        } else if (accept_word("True")) {
            v.kind = Value::Kind::boolean;
            v.flag = true;
        } else if (accept_word("False")) {
            v.kind = Value::Kind::boolean;
        } else if (accept('(')) {
            v.kind = Value::Kind::tuple;
            while (!accept(')')) {
                v.ints.push_back(parse_int());
                if (!accept(',')) {
                    expect(')');
                    break;
                }
            }
        } else if (pos_ < text_.size() && (text_[pos_] == '[' || text_[pos_] == '{')) {
            v.text = skip_bracketed();
        } else {
            fail("expected a string, True, False or a tuple");
        }
        return v;
    }

    std::size_t parse_int() {
        skip_space();
        if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_])))
            fail("expected a non-negative integer");
        std::size_t n = 0;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
            const auto digit = std::size_t(text_[pos_] - '0');
            if (n > (std::numeric_limits<std::size_t>::max() - digit) / 10) fail("integer too large");
            n = n * 10 + digit;
            ++pos_;
        }
        if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 long, as numpy's _filter_header
        return n;
    }

    // A list or dict value as raw text, up to its matching bracket (quotes respected).
    std::string skip_bracketed() {
        const std::size_t start = pos_;
        int depth = 0;
        char quote = 0;
        for (; pos_ < text_.size(); ++pos_) {
            const char c = text_[pos_];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                ++depth;
            } else if ((c == ']' || c == '}' || c == ')') && --depth == 0) {
                ++pos_;
                return text_.substr(start, pos_ - start);
            }
        }
        fail("unterminated bracket");
    }

    const std::string& text_;
    const std::string& path_;
    std::size_t pos_ = 0;
};

}  // namespace

NpyHeader parse_npy_header(const std::string& text, const std::string& path) {
    std::map<std::string, Value> dict = DictParser(text, path).parse();
    const auto take = [&](const std::string& key) {
        const auto it = dict.find(key);
        if (it == dict.end())
            throw std::runtime_error(path + ": malformed .npy header: no '" + key + "' key");
        Value v = std::move(it->second);
        dict.erase(it);
        return v;
    };
    const auto wrong = [&](const std::string& key, const char* what) {
        return std::runtime_error(path + ": malformed .npy header: '" + key + "' is not " + what);
    };
    const Value descr = take("descr");
    const Value fortran_order = take("fortran_order");
    const Value shape = take("shape");
    if (!dict.empty())
        throw std::runtime_error(path + ": malformed .npy header: unexpected key '" + dict.begin()->first +
                                 "'");
    if (descr.kind == Value::Kind::other)
        throw std::runtime_error(path + ": unsupported dtype " + descr.text +
                                 " (structured arrays are not supported; save a plain numeric array)");
    if (descr.kind != Value::Kind::string) throw wrong("descr", "a string");
    if (fortran_order.kind != Value::Kind::boolean) throw wrong("fortran_order", "True or False");
    if (shape.kind != Value::Kind::tuple) throw wrong("shape", "a tuple of integers");
    return {descr.text, fortran_order.flag, shape.ints};
}

NpyDtype parse_npy_dtype(const std::string& descr, const std::string& path) {
    NpyDtype dtype;
    dtype.descr = descr;
    bool known = descr.size() == 3 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '|') &&
                 descr[2] >= '1' && descr[2] <= '8';
    if (known) {
        dtype.kind = descr[1];
        dtype.item_size = std::size_t(descr[2] - '0');
        dtype.big_endian = descr[0] == '>';
        const std::size_t s = dtype.item_size;
        const bool power = s == 1 || s == 2 || s == 4 || s == 8;
        known = (dtype.kind == 'f' && (s == 4 || s == 8)) ||
                ((dtype.kind == 'i' || dtype.kind == 'u') && power) || (dtype.kind == 'b' && s == 1);
        known = known && (descr[0] != '|' || s == 1);  // '|' (no byte order) only makes sense for one byte
    }
    if (!known)
        throw std::runtime_error(path + ": unsupported dtype '" + descr +
                                 "' (supported: f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1)");
    return dtype;
}

std::string shape_repr(const std::vector<std::size_t>& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

std::string npy_preamble_v1(const std::string& descr, const std::vector<std::size_t>& shape) {
    std::string dict =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape_repr(shape) + ", }";
    // numpy >= 1.23 leaves room to rewrite the first dimension in place (up to 21 digits).
    const std::size_t growth_digits = 21;
    if (!shape.empty()) dict.append(growth_digits - std::to_string(shape[0]).size(), ' ');
    // Magic (6) + version (2) + length (2) + dict + spaces + '\n' is a multiple of 64; numpy always adds
    // at least one space, and a whole line of 64 when the rest is already aligned.
    const std::size_t prefix = 10;
    const std::size_t padding = 64 - (prefix + dict.size() + 1) % 64;
    const std::size_t header_len = dict.size() + padding + 1;
    NN_CHECK(header_len <= 0xffff,
             "write_npy: a shape of rank " << shape.size() << " does not fit a 1.0 header");
    std::string out = "\x93NUMPY\x01";
    out += '\0';
    out += char(header_len & 0xff);
    out += char(header_len >> 8);
    out += dict;
    out.append(padding, ' ');
    out += '\n';
    return out;
}

}  // namespace datasets
