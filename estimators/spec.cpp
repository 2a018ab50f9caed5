// estimators/spec.cpp — parsing and typed access for "name[:key=value[,key=value]...]" estimator specs.
#include "estimators/spec.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace estimators {

namespace {

// Names and keys are words of letters, digits, '_' and '-', so a stray space or ';' is caught early.
bool is_word(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '-';
    });
}

std::string join(const std::vector<std::string>& words, const char* separator) {
    std::string out;
    for (const std::string& word : words) {
        if (!out.empty()) out += separator;
        out += word;
    }
    return out;
}

// The whole of `text` as a number of type Number, or nullopt ("1e", "3x", "", "+1" are not numbers).
template <typename Number>
std::optional<Number> parse_number(const std::string& text) {
    Number value{};
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return value;
}

}  // namespace

Spec::Spec(std::string text) : text_(std::move(text)) {
    const std::size_t colon = text_.find(':');
    name_ = text_.substr(0, colon);
    if (name_.empty()) fail("missing estimator name");
    if (!is_word(name_)) fail("invalid estimator name '" + name_ + "' (letters, digits, '_' and '-' only)");
    if (colon == std::string::npos) return;

    const std::string_view rest = std::string_view(text_).substr(colon + 1);
    if (rest.empty()) fail("no parameters after ':'");
    const std::string tail_prefix = std::string(tail_key) + "=";
    std::size_t begin = 0;
    while (begin <= rest.size()) {
        // `then=` takes the rest of the text, commas and colons included: it holds a whole spec.
        const bool tail = rest.substr(begin).starts_with(tail_prefix);
        const std::size_t comma = tail ? rest.size() : std::min(rest.find(',', begin), rest.size());
        const std::string item(rest.substr(begin, comma - begin));
        begin = comma + 1;

        if (item.empty()) fail("empty parameter (two commas in a row, or a comma at the end)");
        const std::size_t equals = item.find('=');
        if (equals == std::string::npos) fail("parameter '" + item + "' is not key=value");
        std::string key = item.substr(0, equals);
        std::string value = item.substr(equals + 1);
        if (key.empty()) fail("empty key in '" + item + "'");
        if (!is_word(key)) fail("invalid key '" + key + "' (letters, digits, '_' and '-' only)");
        if (value.empty()) fail("empty value for key '" + key + "'");
        for (const auto& [previous, unused] : params_)
            if (previous == key) fail("duplicate key '" + key + "'");
        // A comma before the tail's first ':' cannot be the inner spec's: keys were put after `then`.
        if (tail && value.substr(0, value.find(':')).find(',') != std::string::npos)
            fail("key '" + key + "' must be the last: it takes the rest of the text ('" + value +
                 "') as an estimator spec");
        params_.emplace_back(std::move(key), std::move(value));
    }
}

std::optional<std::string> Spec::find_text(const std::string& key) {
    const std::string* text = find(key);
    if (text == nullptr) return std::nullopt;
    return *text;
}

const std::string* Spec::find(const std::string& key) {
    if (std::find(accepted_.begin(), accepted_.end(), key) == accepted_.end()) accepted_.push_back(key);
    for (const auto& [k, value] : params_)
        if (k == key) return &value;
    return nullptr;
}

std::optional<double> Spec::find_real(const std::string& key, Sign sign) {
    const std::string* text = find(key);
    if (text == nullptr) return std::nullopt;
    const std::optional<double> value = parse_number<double>(*text);
    const std::string got = ", got '" + *text + "'";
    if (!value) fail(key + " must be a number" + got);
    if (!std::isfinite(*value)) fail(key + " must be finite" + got);
    if (sign == Sign::positive && !(*value > 0.0)) fail(key + " must be positive" + got);
    if (sign == Sign::non_negative && !(*value >= 0.0)) fail(key + " must be non-negative" + got);
    return value;
}

double Spec::real(const std::string& key, double fallback, Sign sign) {
    return find_real(key, sign).value_or(fallback);
}

std::optional<long long> Spec::find_integer(const std::string& key, long long min) {
    const std::string* text = find(key);
    if (text == nullptr) return std::nullopt;
    const std::optional<long long> value = parse_number<long long>(*text);
    if (!value) fail(key + " must be an integer, got '" + *text + "'");
    if (*value < min) fail(key + " must be >= " + format_number(min) + ", got '" + *text + "'");
    return value;
}

long long Spec::integer(const std::string& key, long long fallback, long long min) {
    return find_integer(key, min).value_or(fallback);
}

std::string Spec::choice(const std::string& key, const std::string& fallback,
                         const std::vector<std::string>& choices) {
    const std::string* text = find(key);
    if (text == nullptr) return fallback;
    if (std::find(choices.begin(), choices.end(), *text) == choices.end())
        fail(key + " must be one of " + join(choices, ", ") + "; got '" + *text + "'");
    return *text;
}

void Spec::finish() const {
    for (const auto& [key, value] : params_) {
        if (std::find(accepted_.begin(), accepted_.end(), key) != accepted_.end()) continue;
        if (accepted_.empty()) fail("unknown key '" + key + "'; " + name_ + " takes no parameters");
        fail("unknown key '" + key + "'; " + name_ + " accepts " + join(accepted_, ", "));
    }
}

void Spec::fail(const std::string& problem) const {
    throw std::invalid_argument("estimator spec '" + text_ + "': " + problem);
}

std::string format_spec(const std::string& name, const SpecParams& params) {
    std::string out = name;
    for (std::size_t i = 0; i < params.size(); ++i)
        out += (i == 0 ? ":" : ",") + params[i].first + "=" + params[i].second;
    return out;
}

}  // namespace estimators
