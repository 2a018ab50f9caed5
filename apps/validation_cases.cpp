// apps/validation_cases.cpp — the cases of the validation suite (see validation.hpp): the data of each,
// what every estimator is asked on it, and the tolerances, whose reasons are in docs/estimators.md
// ("Validation"). Estimators are reached only through their specs (estimators::make_estimator).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "apps/validation.hpp"
#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"
#include "nn/check.hpp"

namespace apps {

namespace {

// Which estimators each case serves (by the spec's name), in validation_case_names() order.
struct CaseEntry {
    const char* name;
    std::vector<std::string> estimators;
};

const std::vector<CaseEntry>& case_table() {
    static const std::vector<CaseEntry> table = {
        {"gaussian", {"renyi"}},
        {"gaussian1d", {"edge", "mine"}},
        {"channel", {"kde", "noisy"}},
        {"discrete", {"binning", "kde", "renyi", "edge", "mine", "decision"}},
        {"invariance", {"binning", "kde", "renyi", "decision"}},
        {"dpi", {"binning", "kde", "renyi", "edge"}},
    };
    return table;
}

// The tolerance in bits of one check for one estimator; docs/estimators.md gives each one's reason.
double tolerance_bits(const std::string& estimator, const std::string& check) {
    static const std::map<std::pair<std::string, std::string>, double> table = {
        {{"renyi", "ranks"}, 0.05},       {{"renyi", "ceiling"}, 1e-9},
        {{"edge", "gaussian1d"}, 0.3},    {{"mine", "gaussian1d"}, 0.4},   {{"kde", "channel"}, 0.05},   {{"noisy", "channel"}, 0.1},
        {{"binning", "uniform"}, 1e-9},   {{"kde", "uniform"}, 1e-6},      {{"edge", "uniform"}, 0.05},
        {{"binning", "function"}, 1e-9},  {{"kde", "function"}, 1e-6},     {{"edge", "function"}, 0.05},
        {{"decision", "function"}, 1e-9}, {{"binning", "independent"}, 1e-9}, {{"kde", "independent"}, 1e-6},
        {{"renyi", "independent"}, 1e-6}, {{"edge", "independent"}, 0.05}, {{"mine", "independent"}, 0.1},
        {{"decision", "independent"}, 1e-9}, {{"binning", "permutation"}, 1e-9}, {{"kde", "permutation"}, 1e-9},
        {{"renyi", "permutation"}, 1e-9}, {{"decision", "permutation"}, 1e-9}, {{"binning", "self"}, 1e-9},
        {{"kde", "self"}, 1e-9},          {{"renyi", "self"}, 1e-9},       {{"decision", "self"}, 1e-9},
        {{"binning", "dpi"}, 1e-9},       {{"kde", "dpi"}, 0.02},          {{"renyi", "dpi"}, 0.02},
        {{"edge", "dpi"}, 0.1},
    };
    const auto found = table.find({estimator, check});
    NN_CHECK(found != table.end(), "validate: no tolerance for check '" << check << "' of " << estimator);
    return found->second;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string format_detail(const std::string& text, double value) {
    std::ostringstream out;
    out << text << value;
    return out.str();
}

// One try's observations; the pointers of observations() point into this object.
struct Sample {
    nn::Matrix t;
    nn::Matrix x;
    std::vector<int> x_ids;
    std::vector<int> y;

    estimators::Observations observations() const {
        estimators::Observations o;
        o.t = &t;
        if (x.rows > 0) o.x = &x;
        if (!x_ids.empty()) o.x_ids = &x_ids;
        if (!y.empty()) o.y = &y;
        return o;
    }
};

estimators::Estimate estimate(const std::string& spec, const Sample& sample) {
    return estimators::make_estimator(spec)->estimate(sample.observations());  // fresh: no state across tries
}

double i_ty(const std::string& spec, const estimators::Estimate& e) {
    NN_CHECK(e.i_ty_bits.has_value(), "validate: " << spec << " gave no I(T;Y) although labels were given");
    return *e.i_ty_bits;
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// What a case needs to build its rows.
struct Context {
    std::string spec;      // as given
    std::string resolved;  // the estimator's own spec()
    std::string name;      // the spec's name
    std::string case_name;
    ValidationSettings settings;
    std::vector<ValidationRow> rows;

    ValidationRow& add(const std::string& detail, const std::string& criterion, double true_bits,
                       const std::vector<double>& estimates, double error_bits, const std::string& check,
                       double tolerance = nan) {
        const MeanStd stats = mean_std(estimates);
        ValidationRow row{.estimator = resolved, .case_name = case_name, .detail = detail, .criterion = criterion,
                          .true_bits = true_bits, .estimate_bits = stats.mean, .std_bits = stats.std,
                          .error_bits = error_bits,
                          .tolerance_bits = std::isnan(tolerance) ? tolerance_bits(name, check) : tolerance};
        row.pass = error_bits <= row.tolerance_bits;  // NaN fails
        rows.push_back(row);
        return rows.back();
    }
    // A row held against a closed-form value: error = |mean - truth|.
    void add_truth(const std::string& detail, double true_bits, const std::vector<double>& estimates,
                   const std::string& check) {
        add(detail, "|estimate - true|", true_bits, estimates, std::abs(mean_std(estimates).mean - true_bits), check);
    }
};

// 1 - Spearman's rank correlation of a and b (no ties expected; ties are ranked by position).
double one_minus_spearman(const std::vector<double>& a, const std::vector<double>& b) {
    auto ranks = [](const std::vector<double>& v) {
        std::vector<std::size_t> order(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return v[i] < v[j]; });
        std::vector<double> rank(v.size());
        for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = double(r);
        return rank;
    };
    const std::vector<double> ra = ranks(a), rb = ranks(b);
    double squares = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) squares += (ra[i] - rb[i]) * (ra[i] - rb[i]);
    const double n = double(a.size());
    return 6.0 * squares / (n * (n * n - 1.0));  // 1 - rho_s = 6 sum d^2 / (n (n^2 - 1))
}

// Tapia & Estévez's test (nicolasigor/entropy): d in {10, 100, 1000}, N = 128, rho = 0.05 .. 0.95 after an
// anchor at rho = 0. The matrix-based estimate is not the Shannon value (it cannot exceed log2 N = 7
// bits); what is checked is that it does not drop as rho grows (beyond 3 standard errors of the
// difference of the means, at least 1e-3 bits), that it ranks the 19 values as the truth does, and
// that it stays under log2 N.
void gaussian_case(Context& c) {
    const std::size_t n = gaussian_case_rows;
    nn::Rng rng(c.settings.seed);
    auto run = [&](std::size_t d, double rho) {
        std::vector<double> estimates;
        Sample s;
        for (std::size_t k = 0; k < c.settings.tries; ++k) {
            correlated_gaussians(d, rho, n, rng, s.x, s.t);
            estimates.push_back(estimate(c.spec, s).i_xt_bits);
        }
        return estimates;
    };
    const double tries = double(c.settings.tries);
    for (const std::size_t d : {10u, 100u, 1000u}) {
        MeanStd previous = mean_std(run(d, 0.0));
        std::vector<double> truths, means;
        for (int j = 1; j <= 19; ++j) {
            const double rho = 0.05 * j;
            const std::vector<double> estimates = run(d, rho);
            const MeanStd now = mean_std(estimates);
            const double noise = 3.0 * std::sqrt((previous.std * previous.std + now.std * now.std) / tries);
            ValidationRow& row = c.add("d=" + std::to_string(d) + format_detail(" rho=", rho),
                                       format_detail("drop from rho=", 0.05 * (j - 1)), gaussian_mi_bits(d, rho),
                                       estimates, previous.mean - now.mean, "drop", std::max(1e-3, noise));
            row.dimension = d;
            row.rho = rho;
            truths.push_back(row.true_bits);
            means.push_back(now.mean);
            previous = now;
        }
        const std::string over = "d=" + std::to_string(d) + " rho 0.05..0.95";
        c.add(over + ": ranks", "1 - Spearman(estimate, true)", nan, means, one_minus_spearman(means, truths),
              "ranks");
        const double highest = *std::max_element(means.begin(), means.end());
        c.add(over + ": ceiling", "max estimate - log2 N", std::log2(double(n)), {highest},
              highest - std::log2(double(n)), "ceiling");
    }
}

// d = 1, N = 1000, rho in {0, 0.5, 0.9}: estimators that target the Shannon value, held to it.
void gaussian1d_case(Context& c) {
    nn::Rng rng(c.settings.seed);
    for (const double rho : {0.0, 0.5, 0.9}) {
        std::vector<double> estimates;
        Sample s;
        for (std::size_t k = 0; k < c.settings.tries; ++k) {
            correlated_gaussians(1, rho, 1000, rng, s.x, s.t);
            estimates.push_back(estimate(c.spec, s).i_xt_bits);
        }
        c.add_truth(format_detail("d=1 N=1000 rho=", rho), gaussian_mi_bits(1, rho), estimates, "gaussian1d");
    }
}

// Gaussian channels with a known answer: T = s X, X ~ N(0, 1), Z ~ N(0, v) the estimator's own noise,
// I(X; T + Z) = 1/2 log2(1 + s^2 / v) (Cover & Thomas eq. 9.16), s chosen so that the targets are 0.5, 1 and
// 2 bits. kde adds its noise itself and reports v (its noise_var diagnostic; with relative=1, v follows s^2
// and the truth is whatever the reported v makes it); its two bounds bracket the truth, so the upper one may
// not fall below it and the lower one not rise above it. noisy's v is its sigma^2, and it targets the truth
// itself: held to it both ways.
void channel_case(Context& c) {
    const std::size_t n = 512;
    nn::Rng rng(c.settings.seed);
    estimators::Spec resolved(c.resolved);
    const bool bound = c.name == "kde";
    const bool upper = bound && resolved.choice("bound", "upper", {"upper", "lower"}) == "upper";
    const auto names = estimators::make_estimator(c.spec)->diagnostic_names();
    const auto found = std::find(names.begin(), names.end(), "noise_var");
    NN_CHECK(!bound || found != names.end(),
             "validate: " << c.resolved << " reports no noise_var, which the channel case needs");
    const std::size_t noise_index = std::size_t(found - names.begin());
    const double sigma = bound ? 0.0 : resolved.real("sigma", 0.1, estimators::Sign::positive);
    auto noise_var = [&](const estimators::Estimate& e) { return bound ? e.diagnostics.at(noise_index) : sigma * sigma; };
    Sample s;
    nn::Matrix unused;
    correlated_gaussians(1, 0.0, n, rng, s.x, unused);
    s.t = s.x;
    const double probe_var = noise_var(estimate(c.spec, s));
    s.x = nn::Matrix();
    for (const double target : {0.5, 1.0, 2.0}) {
        const double scale = std::sqrt(probe_var * (std::exp2(2.0 * target) - 1.0));
        std::vector<double> estimates, truths;
        for (std::size_t k = 0; k < c.settings.tries; ++k) {
            correlated_gaussians(1, 0.0, n, rng, s.t, unused);
            for (double& v : s.t.data) v *= scale;
            const estimators::Estimate e = estimate(c.spec, s);
            estimates.push_back(e.i_xt_bits);
            truths.push_back(0.5 * std::log2(1.0 + scale * scale / noise_var(e)));
        }
        const double truth = mean_std(truths).mean, mean = mean_std(estimates).mean;
        if (!bound)
            c.add(format_detail("N=512 target=", target), "|estimate - true|", truth, estimates, std::abs(mean - truth),
                  "channel");
        else
            c.add(format_detail("N=512 target=", target),
                  upper ? "true - estimate (upper bound)" : "estimate - true (lower bound)", truth, estimates,
                  upper ? truth - mean : mean - truth, "channel");
    }
}

// k equally frequent points, in shuffled order: ids[i] = i mod k for N = k m rows.
std::vector<int> shuffled_ids(std::size_t n, std::size_t k, nn::Rng& rng) {
    std::vector<int> ids(n);
    const std::vector<std::size_t> order = rng.permutation(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = int(order[i] % k);
    return ids;
}

// k-point X as codes (T = X, and x = X for the estimators that read it): H(X) = log2 k; Y = X mod 4, a
// function of X: I(T;Y) = H(Y) = 2 bits; Y independent of X (every (x, y) pair equally often): 0 bits.
// N = 128 and the designs are balanced, so the empirical entropies equal the true ones exactly.
void discrete_case(Context& c) {
    const std::size_t n = 128;
    const std::vector<std::string> uniform = {"binning", "kde", "edge"};
    const std::vector<std::string> function = {"binning", "kde", "edge", "decision"};
    nn::Rng rng(c.settings.seed);
    auto tries = [&](std::size_t k, auto make_labels, bool want_ty) {
        std::vector<double> estimates;
        for (std::size_t t = 0; t < c.settings.tries; ++t) {
            Sample s;
            s.x_ids = shuffled_ids(n, k * 4, rng);
            s.y = make_labels(s.x_ids);
            for (int& id : s.x_ids) id %= int(k);
            s.t = binary_codes(s.x_ids, k);
            s.x = s.t;
            const estimators::Estimate e = estimate(c.spec, s);
            estimates.push_back(want_ty ? i_ty(c.spec, e) : e.i_xt_bits);
        }
        return estimates;
    };
    auto none = [](const std::vector<int>&) { return std::vector<int>(); };
    if (has(uniform, c.name))
        for (const std::size_t k : {2u, 8u})
            c.add_truth("uniform k=" + std::to_string(k) + ": I(X;T) = H(X)", std::log2(double(k)),
                        tries(k, none, false), "uniform");
    if (has(function, c.name)) {
        auto low_bits = [](const std::vector<int>& ids) {
            std::vector<int> y(ids.size());
            for (std::size_t i = 0; i < ids.size(); ++i) y[i] = ids[i] % 4;
            return y;
        };
        c.add_truth("k=8, Y = X mod 4: I(T;Y) = H(Y)", 2.0, tries(8, low_bits, true), "function");
    }
    // ids run over 8 x 4 values: x = id mod 8 and y = id / 8 are independent and each pair occurs 4 times.
    auto high_bits = [](const std::vector<int>& ids) {
        std::vector<int> y(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) y[i] = ids[i] / 8;
        return y;
    };
    c.add_truth("k=8, Y independent of X: I(T;Y) = 0", 0.0, tries(8, high_bits, true), "independent");
}

// (N, D) standard normals.
nn::Matrix normals(std::size_t n, std::size_t d, nn::Rng& rng) {
    nn::Matrix m(n, d);
    for (double& v : m.data) v = rng.normal();
    return m;
}

// tanh(a w) for a (N, D) and w (D, U).
nn::Matrix tanh_layer(const nn::Matrix& a, const nn::Matrix& w) {
    nn::Matrix out(a.rows, w.cols);
    for (std::size_t r = 0; r < a.rows; ++r)
        for (std::size_t u = 0; u < w.cols; ++u) {
            double sum = 0.0;
            for (std::size_t i = 0; i < a.cols; ++i) sum += a.at(r, i) * w.at(i, u);
            out.at(r, u) = std::tanh(sum);
        }
    return out;
}

nn::Matrix permute_rows(const nn::Matrix& m, const std::vector<std::size_t>& order) {
    nn::Matrix out(m.rows, m.cols);
    for (std::size_t r = 0; r < m.rows; ++r) std::copy_n(m.row(order[r]), m.cols, out.row(r));
    return out;
}

nn::Matrix permute_columns(const nn::Matrix& m, const std::vector<std::size_t>& order) {
    nn::Matrix out(m.rows, m.cols);
    for (std::size_t r = 0; r < m.rows; ++r)
        for (std::size_t col = 0; col < m.cols; ++col) out.at(r, col) = m.at(r, order[col]);
    return out;
}

// Permuting the rows (all variables alike) or the columns of X and of T leaves every estimate as it
// was; with Y = X (labels naming the k points of T = X), I(T;Y) equals the estimator's own I(X;T).
// Data: X ~ N(0, I_4), T = tanh(X W) with 3 units, Y = argmax of X V over 3 classes, N = 128.
void invariance_case(Context& c) {
    const std::size_t n = 128;
    const bool columns = c.name != "decision";  // its probe's initial weights follow the column order
    nn::Rng rng(c.settings.seed);
    std::vector<double> xt, ty, rows_xt, rows_ty, cols_xt, cols_ty, self_xt, self_ty;
    double rows_change = 0.0, cols_change = 0.0, self_change = 0.0;
    for (std::size_t k = 0; k < c.settings.tries; ++k) {
        Sample s;
        s.x = normals(n, 4, rng);
        s.t = tanh_layer(s.x, normals(4, 3, rng));
        const nn::Matrix scores = tanh_layer(s.x, normals(4, 3, rng));
        for (std::size_t r = 0; r < n; ++r)
            s.y.push_back(int(std::max_element(scores.row(r), scores.row(r) + 3) - scores.row(r)));
        const estimators::Estimate original = estimate(c.spec, s);
        xt.push_back(original.i_xt_bits);
        ty.push_back(i_ty(c.spec, original));

        const std::vector<std::size_t> order = rng.permutation(n);
        Sample p{.t = permute_rows(s.t, order), .x = permute_rows(s.x, order), .x_ids = {}, .y = {}};
        for (const std::size_t r : order) p.y.push_back(s.y[r]);
        const estimators::Estimate by_rows = estimate(c.spec, p);
        rows_xt.push_back(by_rows.i_xt_bits);
        rows_ty.push_back(i_ty(c.spec, by_rows));
        rows_change = std::max({rows_change, std::abs(by_rows.i_xt_bits - original.i_xt_bits),
                                std::abs(rows_ty.back() - ty.back())});
        if (columns) {
            Sample q{.t = permute_columns(s.t, rng.permutation(3)), .x = permute_columns(s.x, rng.permutation(4)),
                     .x_ids = {}, .y = s.y};
            const estimators::Estimate by_columns = estimate(c.spec, q);
            cols_xt.push_back(by_columns.i_xt_bits);
            cols_ty.push_back(i_ty(c.spec, by_columns));
            cols_change = std::max({cols_change, std::abs(by_columns.i_xt_bits - original.i_xt_bits),
                                    std::abs(cols_ty.back() - ty.back())});
        }
        Sample self;
        self.y = shuffled_ids(n, 8, rng);
        self.t = binary_codes(self.y, 8);
        const estimators::Estimate e = estimate(c.spec, self);
        self_xt.push_back(e.i_xt_bits);
        self_ty.push_back(i_ty(c.spec, e));
        self_change = std::max(self_change, std::abs(self_ty.back() - e.i_xt_bits));
    }
    c.add("rows permuted: I(X;T)", "max |permuted - original| over I(X;T), I(T;Y)", mean_std(xt).mean, rows_xt,
          rows_change, "permutation");
    c.add("rows permuted: I(T;Y)", "as the row above", mean_std(ty).mean, rows_ty, rows_change, "permutation");
    if (columns) {
        c.add("columns permuted: I(X;T)", "max |permuted - original| over I(X;T), I(T;Y)", mean_std(xt).mean,
              cols_xt, cols_change, "permutation");
        c.add("columns permuted: I(T;Y)", "as the row above", mean_std(ty).mean, cols_ty, cols_change,
              "permutation");
    }
    c.add("k=8, Y = X: I(T;Y) = I(X;T)", "max |I(T;Y) - I(X;T)|", mean_std(self_xt).mean, self_ty, self_change,
          "self");
}

// X -> T1 = tanh(X W) -> T2: a many-to-one function of T1 carries no more information about X (the data
// processing inequality). T2 = the first 2 of T1's 4 units, and T2 = sign(T1). X ~ N(0, I_4), N = 256.
void dpi_case(Context& c) {
    const std::size_t n = 256;
    nn::Rng rng(c.settings.seed);
    std::vector<double> t1, first_units, signs;
    for (std::size_t k = 0; k < c.settings.tries; ++k) {
        Sample s;
        s.x = normals(n, 4, rng);
        const nn::Matrix layer = tanh_layer(s.x, normals(4, 4, rng));
        s.t = layer;
        t1.push_back(estimate(c.spec, s).i_xt_bits);
        s.t = nn::Matrix(n, 2);
        for (std::size_t r = 0; r < n; ++r) std::copy_n(layer.row(r), 2, s.t.row(r));
        first_units.push_back(estimate(c.spec, s).i_xt_bits);
        s.t = layer;
        for (double& v : s.t.data) v = v < 0.0 ? -1.0 : 1.0;
        signs.push_back(estimate(c.spec, s).i_xt_bits);
    }
    const double reference = mean_std(t1).mean;
    c.add("T2 = first 2 units of T1", "I(X;T2) - I(X;T1)", reference, first_units,
          mean_std(first_units).mean - reference, "dpi");
    c.add("T2 = sign(T1)", "I(X;T2) - I(X;T1)", reference, signs, mean_std(signs).mean - reference, "dpi");
}

using CaseRunner = void (*)(Context&);

CaseRunner runner(const std::string& case_name) {
    if (case_name == "gaussian") return gaussian_case;
    if (case_name == "gaussian1d") return gaussian1d_case;
    if (case_name == "channel") return channel_case;
    if (case_name == "discrete") return discrete_case;
    if (case_name == "invariance") return invariance_case;
    return dpi_case;
}

const CaseEntry& find_case(const std::string& case_name) {
    for (const CaseEntry& entry : case_table())
        if (entry.name == case_name) return entry;
    std::string known;
    for (const CaseEntry& entry : case_table()) known += (known.empty() ? "" : ", ") + std::string(entry.name);
    throw std::invalid_argument("validate: unknown case '" + case_name + "'; known cases: " + known);
}

}  // namespace

const std::vector<std::string>& validation_case_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const CaseEntry& entry : case_table()) list.push_back(entry.name);
        return list;
    }();
    return names;
}

std::vector<std::string> default_validation_estimators() {
    return {"binning", "kde", "renyi", "decision", "edge", "mine", "noisy"};
}

bool case_applies(const std::string& case_name, const std::string& spec) {
    const CaseEntry& entry = find_case(case_name);
    if (spec.empty()) return false;
    const std::string name = estimators::Spec(spec).name();
    // Chelombiev's KDE (kde:adaptive=1) adds noise tied to row positions and takes absolute values, which
    // merges codes of opposite sign: of the exact checks only the data processing inequality survives that.
    if (name == "kde") {
        estimators::Spec resolved(estimators::make_estimator(spec)->spec());
        if (resolved.choice("adaptive", "0", {"0", "1"}) == "1") return case_name == "dpi";
    }
    return has(entry.estimators, name);
}

std::vector<ValidationRow> run_validation_case(const std::string& case_name, const std::string& spec,
                                               const ValidationSettings& settings) {
    NN_CHECK(settings.tries >= 1, "validate: tries must be at least 1");
    Context c{.spec = spec, .resolved = estimators::make_estimator(spec)->spec(), .name = estimators::Spec(spec).name(),
              .case_name = case_name, .settings = settings, .rows = {}};
    NN_CHECK(case_applies(case_name, spec), "validate: case '" << case_name << "' does not apply to " << c.resolved);
    runner(case_name)(c);
    return c.rows;
}

}  // namespace apps
