// estimators/spec.hpp — estimator specs "name[:key=value[,key=value]...]": parsing, typed access to the
// parameters with defaults and range checks, the check for unknown keys, and formatting of resolved specs.
// The key `then` holds a whole inner spec: it must come last and takes the rest of the text verbatim.
#pragma once
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace estimators {

using SpecParams = std::vector<std::pair<std::string, std::string>>;  // (key, value) in spec order

// Which real numbers a parameter accepts; all of them are finite.
enum class Sign { any, non_negative, positive };

// A parsed spec. An estimator reads its parameters through the typed accessors, each of which also
// declares that key as accepted (whether or not the spec gives it), then calls finish(), which rejects
// the keys it never asked for. Every error is std::invalid_argument "estimator spec '<text>': <problem>".
class Spec {
public:
    // The key whose value is the rest of the text, e.g. "compress:dim=4,then=ksg:k=3,variant=2" gives
    // then = "ksg:k=3,variant=2". A comma before the value's first ':' means keys followed `then`: an error.
    static constexpr const char* tail_key = "then";

    // Throws on a missing name, an empty key or value, a duplicate key, a `then` that is not last.
    explicit Spec(std::string text);

    const std::string& text() const { return text_; }
    const std::string& name() const { return name_; }
    const SpecParams& params() const { return params_; }

    // A finite real number, e.g. "0.07", "-1", "1e-3"; nullopt when the key is not given.
    std::optional<double> find_real(const std::string& key, Sign sign = Sign::any);
    double real(const std::string& key, double fallback, Sign sign = Sign::any);
    // A decimal integer >= min, e.g. "30".
    std::optional<long long> find_integer(const std::string& key, long long min);
    long long integer(const std::string& key, long long fallback, long long min);
    // The value as written, e.g. an inner spec under `then`; nullopt when the key is not given.
    std::optional<std::string> find_text(const std::string& key);
    // One of `choices`, e.g. bound=upper|lower.
    std::string choice(const std::string& key, const std::string& fallback,
                       const std::vector<std::string>& choices);

    // Throws if the spec gives a key that no accessor asked for, listing the accepted keys.
    void finish() const;
    // Throws "estimator spec '<text>': <problem>".
    [[noreturn]] void fail(const std::string& problem) const;

private:
    const std::string* find(const std::string& key);  // marks `key` accepted

    std::string text_;
    std::string name_;
    SpecParams params_;
    std::vector<std::string> accepted_;  // in the order the estimator asked
};

// The shortest text that reads back to the same value (std::to_chars): 30, -1, 0.07, 1e-06.
template <typename Number>
std::string format_number(Number value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

// "name:key=value,key=value", or just "name" without parameters. A `then` parameter must be the last.
std::string format_spec(const std::string& name, const SpecParams& params);

}  // namespace estimators
