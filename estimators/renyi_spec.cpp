// estimators/renyi_spec.cpp — the renyi estimator's spec: "renyi[:key=value,...]" in (make_renyi), the
// resolved spec with every parameter of the chosen rule out (RenyiEstimator::spec).
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "estimators/renyi.hpp"

namespace estimators {

namespace {

// Spec names, in the order of the enums.
const std::vector<std::string> rule_names = {"fixed", "scott", "tapia", "silverman", "knn", "graph", "alignment"};
const std::vector<std::string> kernel_names = {"rbf2", "rbf1"};
const std::vector<std::string> standardize_names = {"dims", "global", "none"};
const std::vector<std::string> label_kernel_names = {"delta", "rbf"};
const std::vector<std::string> solver_names = {"exact", "lanczos", "auto"};

template <typename Enum>
Enum enum_of(const std::vector<std::string>& names, const std::string& name) {
    return Enum(std::find(names.begin(), names.end(), name) - names.begin());
}

template <typename Enum>
const std::string& name_of(const std::vector<std::string>& names, Enum value) {
    return names[std::size_t(value)];
}

// The keys that only some rules read; giving one to another rule is an error, not silently ignored.
struct RuleKey {
    const char* key;
    std::vector<WidthRule> rules;
    const char* rules_text;
};

const RuleKey rule_keys[] = {
    {"sigma", {WidthRule::fixed}, "rule=fixed"},
    {"gamma", {WidthRule::scott, WidthRule::tapia}, "rule=scott and rule=tapia"},
    {"standardize", {WidthRule::tapia}, "rule=tapia"},
    {"standardize_x", {WidthRule::tapia}, "rule=tapia"},
    {"k", {WidthRule::knn}, "rule=knn"},
    {"quantile", {WidthRule::graph}, "rule=graph"},
    {"candidates", {WidthRule::alignment}, "rule=alignment"},
    {"smoothing", {WidthRule::alignment}, "rule=alignment"},
};

bool given(const Spec& spec, const std::string& key) {
    const SpecParams& params = spec.params();
    return std::any_of(params.begin(), params.end(), [&](const auto& param) { return param.first == key; });
}

}  // namespace

std::string RenyiEstimator::spec() const {
    const RenyiOptions& o = options_;
    SpecParams params = {{"alpha", format_number(o.alpha)},
                         {"kernel", name_of(kernel_names, o.kernel)},
                         {"rule", name_of(rule_names, o.rule)}};
    switch (o.rule) {
        case WidthRule::fixed: params.emplace_back("sigma", format_number(*o.sigma)); break;
        case WidthRule::scott: params.emplace_back("gamma", format_number(o.gamma)); break;
        case WidthRule::tapia:
            params.emplace_back("gamma", format_number(o.gamma));
            params.emplace_back("standardize", name_of(standardize_names, o.standardize));
            params.emplace_back("standardize_x", name_of(standardize_names, o.standardize_x.value_or(o.standardize)));
            break;
        case WidthRule::silverman: break;
        case WidthRule::knn: params.emplace_back("k", format_number(o.k)); break;
        case WidthRule::graph: params.emplace_back("quantile", format_number(o.quantile)); break;
        case WidthRule::alignment:
            params.emplace_back("candidates", format_number(o.candidates));
            params.emplace_back("smoothing", format_number(o.smoothing));
            break;
    }
    params.emplace_back("label_kernel", name_of(label_kernel_names, o.label_kernel));
    if (o.label_kernel == LabelKernel::rbf) params.emplace_back("sigma_y", format_number(o.sigma_y));
    params.emplace_back("solver", name_of(solver_names, o.solver));
    if (o.solver != Solver::exact) {
        params.emplace_back("probes", format_number(o.lanczos.probes));
        params.emplace_back("steps", format_number(o.lanczos.steps));
        params.emplace_back("deflate", format_number(o.lanczos.deflate));
        params.emplace_back("seed", format_number(o.lanczos.seed));
    }
    return format_spec("renyi", params);
}

std::unique_ptr<Estimator> make_renyi(Spec& spec) {
    RenyiOptions o;
    o.alpha = spec.real("alpha", o.alpha, Sign::positive);
    o.kernel = enum_of<Rbf>(kernel_names, spec.choice("kernel", "rbf2", kernel_names));
    o.rule = enum_of<WidthRule>(rule_names, spec.choice("rule", "tapia", rule_names));
    o.sigma = spec.find_real("sigma", Sign::positive);
    o.gamma = spec.real("gamma", o.gamma, Sign::positive);
    o.standardize = enum_of<Standardize>(standardize_names, spec.choice("standardize", "dims", standardize_names));
    // standardize_x defaults to standardize, so "not given" must stay distinguishable.
    const std::string standardize_x = spec.choice("standardize_x", "", standardize_names);
    if (!standardize_x.empty()) o.standardize_x = enum_of<Standardize>(standardize_names, standardize_x);
    o.k = std::size_t(spec.integer("k", (long long)o.k, 1));
    o.quantile = spec.real("quantile", o.quantile, Sign::positive);
    o.candidates = std::size_t(spec.integer("candidates", (long long)o.candidates, 1));
    o.smoothing = spec.real("smoothing", o.smoothing, Sign::non_negative);
    o.label_kernel = enum_of<LabelKernel>(label_kernel_names, spec.choice("label_kernel", "delta", label_kernel_names));
    o.sigma_y = spec.real("sigma_y", o.sigma_y, Sign::positive);
    o.solver = enum_of<Solver>(solver_names, spec.choice("solver", "auto", solver_names));
    o.lanczos.probes = std::size_t(spec.integer("probes", (long long)o.lanczos.probes, 1));
    o.lanczos.steps = std::size_t(spec.integer("steps", (long long)o.lanczos.steps, 2));
    o.lanczos.deflate = std::size_t(spec.integer("deflate", (long long)o.lanczos.deflate, 0));
    o.lanczos.seed = std::uint64_t(spec.integer("seed", (long long)o.lanczos.seed, 0));
    spec.finish();  // a misspelt key is reported before the checks below

    const std::string& rule = name_of(rule_names, o.rule);
    for (const RuleKey& entry : rule_keys)
        if (given(spec, entry.key) && std::find(entry.rules.begin(), entry.rules.end(), o.rule) == entry.rules.end())
            spec.fail(std::string(entry.key) + " applies only to " + entry.rules_text + ", not to rule=" + rule);
    if (given(spec, "sigma_y") && o.label_kernel != LabelKernel::rbf)
        spec.fail("sigma_y applies only to label_kernel=rbf");
    for (const char* key : {"probes", "steps", "deflate", "seed"})
        if (given(spec, key) && o.solver == Solver::exact)
            spec.fail(std::string(key) + " applies only to solver=lanczos and solver=auto");
    if (o.rule == WidthRule::fixed && !o.sigma) spec.fail("rule=fixed needs sigma=<kernel width>");
    try {
        return std::make_unique<RenyiEstimator>(o);
    } catch (const std::invalid_argument& error) {
        spec.fail(error.what());
    }
}

}  // namespace estimators
