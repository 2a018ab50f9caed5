// estimators/renyi.cpp — matrix-based Rényi entropies from Gram matrices and the renyi estimator.
// Reference: nicolasigor/entropy MatrixEstimator (Tapia & Estévez), matched formula by formula; see
// docs/estimators.md, section "renyi", for the other peers and where they differ.
#include "estimators/renyi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "estimators/distances.hpp"
#include "estimators/entropy.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"

namespace estimators {

namespace {

void check_finite(const nn::Matrix& m, const char* name) {
    NN_CHECK(m.data.size() == m.rows * m.cols,
             "renyi: " << name << " holds " << m.data.size() << " values, not " << m.rows << " x " << m.cols);
    for (std::size_t i = 0; i < m.data.size(); ++i)
        NN_CHECK(std::isfinite(m.data[i]),
                 "renyi: " << name << " at row " << i / m.cols << ", column " << i % m.cols << " is " << m.data[i]);
}

// K_y for two different labels: 0 for the delta kernel; the RBF of two one-hot vectors (squared
// distance 2) for label_kernel=rbf, as Wickström's kernel on one-hot Y.
double label_off_diagonal(const RenyiOptions& options) {
    if (options.label_kernel == LabelKernel::delta) return 0.0;
    return std::exp(-2.0 * rbf_factor(options.kernel, options.sigma_y));
}

// The squared distances of the rows the kernel sees: under rule=tapia, of the standardised rows.
nn::Matrix kernel_distances(const nn::Matrix& v, const RenyiOptions& options, Standardize mode) {
    if (options.rule != WidthRule::tapia || mode == Standardize::none) return pairwise_squared_distances(v);
    nn::Matrix standardized = v;
    standardize(standardized, mode);
    return pairwise_squared_distances(standardized);
}

// The width the rule gives a variable with rows v (as given, before any standardisation; MatrixEstimator
// takes N and d from its shape) and `distances`, the squared distances of kernel_distances().
double rule_width(const RenyiOptions& options, const nn::Matrix& v, const nn::Matrix& distances,
                  const Grouping* labels) {
    switch (options.rule) {
        case WidthRule::fixed: return *options.sigma;
        case WidthRule::scott: return scott_width(v.rows, v.cols, options.gamma);
        case WidthRule::tapia: return tapia_width(v.rows, v.cols, options.gamma);
        case WidthRule::silverman: return silverman_width(v);
        case WidthRule::knn: return knn_width(distances, options.k);
        case WidthRule::graph: return graph_width(distances, options.quantile);
        case WidthRule::alignment:
            return aligned_width(distances, labels->ids, label_off_diagonal(options), options.candidates,
                                 options.kernel);
    }
    return 0.0;  // unreachable: every rule is handled above
}

// The Gram matrix A_V = K_V / N of a variable at a known width, standardised as the rule says.
nn::Matrix gram_at(const nn::Matrix& v, const RenyiOptions& options, Standardize mode, double sigma) {
    nn::Matrix a = kernel_distances(v, options, mode);
    normalized_gram_in_place(a, sigma, options.kernel);
    return a;
}

// sum_p y_p with regression control variates (e.g. Glasserman, Monte Carlo Methods in Financial
// Engineering, 2003, section 4.1): u_p and v_p are computed from the same probes as y_p and have known
// sums mu_u and mu_v, so sum y - b_u (sum u - mu_u) - b_v (sum v - mu_v) is as unbiased (up to O(1 /
// probes) from fitting b) and, with b the least-squares fit of y on u and v over the probes, has the
// variance of the fit's residual. For a Gram matrix's spectrum y is close to a combination of l and l^2
// probe by probe (measured in docs/estimators.md: 18x less error). Fewer than 4 probes, or controls that
// do not vary, leave the plain sum.
double controlled_sum(const std::vector<double>& y, const std::vector<double>& u, const std::vector<double>& v,
                      double mu_u, double mu_v) {
    const std::size_t P = y.size();
    double sy = 0.0, su = 0.0, sv = 0.0;
    for (std::size_t p = 0; p < P; ++p) {
        sy += y[p];
        su += u[p];
        sv += v[p];
    }
    if (P < 4) return sy;
    double cuu = 0.0, cuv = 0.0, cvv = 0.0, cuy = 0.0, cvy = 0.0;
    for (std::size_t p = 0; p < P; ++p) {
        const double du = u[p] - su / double(P), dv = v[p] - sv / double(P), dy = y[p] - sy / double(P);
        cuu += du * du;
        cuv += du * dv;
        cvv += dv * dv;
        cuy += du * dy;
        cvy += dv * dy;
    }
    const double det = cuu * cvv - cuv * cuv;
    if (!(det > 1e-12 * cuu * cvv)) return sy;
    const double b_u = (cvv * cuy - cuv * cvy) / det, b_v = (cuu * cvy - cuv * cuy) / det;
    return sy - b_u * (su - mu_u) - b_v * (sv - mu_v);
}

// Whether the solver takes all eigenvalues of an (n, n) matrix.
bool exact_for(std::size_t n, const RenyiOptions& options) {
    return options.solver == Solver::exact || (options.solver == Solver::automatic && n <= exact_solver_limit);
}

// H_alpha of the trace-normalised PSD matrix `a` by the solver the options choose; `a` may be overwritten.
double entropy_bits(nn::Matrix& a, const RenyiOptions& options) {
    return exact_for(a.rows, options) ? matrix_entropy_bits(a, options.alpha)
                                      : lanczos_entropy_bits(a, options.alpha, options.lanczos);
}

// H(V,T) of A_V o A_T / tr(A_V o A_T), formed in a_v's storage. The trace is 1/N; either solver
// normalises it.
double joint_entropy_bits(nn::Matrix a_v, const nn::Matrix& a_t, const RenyiOptions& options) {
    for (std::size_t i = 0; i < a_v.data.size(); ++i) a_v.data[i] *= a_t.data[i];
    return entropy_bits(a_v, options);
}

void check_width(double sigma, const char* name) {
    NN_CHECK(std::isfinite(sigma) && sigma > 0.0,
             "renyi: the width rule gives sigma = " << sigma << " for " << name
                                                    << "; the kernel needs sigma > 0 (are the rows identical?)");
}

// H(Y) of the label kernel. A_Y = P K_c P^T / N, with P the (N, C) class indicator and K_c the (C, C)
// kernel between classes, has the non-zero eigenvalues of B = diag(n)^1/2 K_c diag(n)^1/2 / N (P^T P =
// diag(n), the class sizes): a C x C problem instead of N x N. Zero eigenvalues add nothing to H.
double label_entropy_bits(const Grouping& labels, double off_diagonal, double alpha) {
    const std::size_t C = labels.count();
    double n = 0.0;
    for (std::size_t size : labels.sizes) n += double(size);
    nn::Matrix b(C, C);
    for (std::size_t a = 0; a < C; ++a)
        for (std::size_t c = 0; c < C; ++c) {
            const double weight = std::sqrt(double(labels.sizes[a]) * double(labels.sizes[c]));
            b.at(a, c) = (a == c ? 1.0 : off_diagonal) * weight / n;
        }
    return matrix_entropy_bits(b, alpha);
}

// H(T,Y) with the delta label kernel: A_T o K_y / tr is A_T with the entries between different classes
// set to 0 (tr(A_T o K_y) = tr(A_T) = 1), block diagonal up to a permutation of the rows. Its eigenvalues
// are those of the per-class blocks: C problems of size n_c instead of one of size N. Whatever the
// solver, a block of at most exact_solver_limit rows takes its eigenvalues: Lanczos would cost about as
// much there, and its noise in H(T,Y) would add to that of H(T) in I(T;Y). Larger blocks (solver=lanczos
// or auto) take Lanczos; a quadrature of the union has exact eigenvalues as nodes of weight 1.
double class_block_entropy_bits(const nn::Matrix& a_t, const Grouping& labels, const RenyiOptions& options) {
    std::vector<std::vector<std::size_t>> rows(labels.count());
    for (std::size_t i = 0; i < labels.ids.size(); ++i) rows[std::size_t(labels.ids[i])].push_back(i);
    SpectralQuadrature spectrum;
    double trace_of_square = 0.0;
    bool all_exact = true;
    for (const std::vector<std::size_t>& r : rows) {
        const std::size_t n = r.size();
        nn::Matrix block(n, n);
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = 0; b < n; ++b) block.at(a, b) = a_t.at(r[a], r[b]);
        for (double entry : block.data) trace_of_square += entry * entry;
        SpectralQuadrature part;
        if (options.solver == Solver::exact || n <= exact_solver_limit) {
            part.nodes.resize(n);
            part.weights.assign(n, 1.0);
            part.probe.assign(n, SpectralQuadrature::fixed);
            nn::symmetric_eigenvalues(block.data.data(), n, part.nodes.data());
        } else {
            all_exact = false;
            part = lanczos_quadrature(block, options.lanczos);
        }
        spectrum.nodes.insert(spectrum.nodes.end(), part.nodes.begin(), part.nodes.end());
        spectrum.weights.insert(spectrum.weights.end(), part.weights.begin(), part.weights.end());
        spectrum.probe.insert(spectrum.probe.end(), part.probe.begin(), part.probe.end());
    }
    if (all_exact) return renyi_entropy_from_eigenvalues(std::move(spectrum.nodes), options.alpha);
    double trace = 0.0;
    for (std::size_t i = 0; i < a_t.rows; ++i) trace += a_t.at(i, i);
    return quadrature_entropy_bits(spectrum, trace, trace_of_square, options.alpha);
}

}  // namespace

double renyi_entropy_from_eigenvalues(std::vector<double> eigenvalues, double alpha) {
    NN_CHECK(std::isfinite(alpha) && alpha > 0.0, "renyi: needs alpha > 0, got " << alpha);
    double largest = 0.0;
    for (double lambda : eigenvalues) largest = std::max(largest, lambda);
    NN_CHECK(largest > 0.0 && std::isfinite(largest), "renyi: the Gram matrix has no positive eigenvalue");
    // MatrixEstimator clips the negatives that rounding leaves in a PSD spectrum. We also zero what is
    // below the eigensolver's accuracy (N eps lambda_max): such values are rounding noise of either sign,
    // and for alpha < 1 their lambda^alpha would add spurious entropy (1e-17^0.5 = 3e-9 each). For
    // alpha >= 1 this changes H by less than 1e-10 bits.
    const double noise = double(eigenvalues.size()) * std::numeric_limits<double>::epsilon() * largest;
    double sum = 0.0;
    for (double& lambda : eigenvalues) {
        if (lambda <= noise) lambda = 0.0;
        sum += lambda;
    }
    if (alpha == 1.0) {  // the Shannon limit: -sum lambda log2 lambda
        double h = 0.0;
        for (double lambda : eigenvalues)
            if (lambda > 0.0) h -= (lambda / sum) * std::log2(lambda / sum);
        return h;
    }
    // log2 sum lambda^alpha = alpha log2 lambda_max + log2 sum (lambda / lambda_max)^alpha: the same sum,
    // without the underflow of lambda^alpha for large alpha.
    double relative = 0.0;
    for (double lambda : eigenvalues) relative += std::pow(lambda / largest, alpha);
    return (alpha * std::log2(largest / sum) + std::log2(relative)) / (1.0 - alpha);
}

double matrix_entropy_bits(nn::Matrix& a, double alpha) {
    NN_CHECK(a.rows == a.cols && a.rows > 0 && a.data.size() == a.rows * a.cols,
             "renyi: the Gram matrix must be square and non-empty, got (" << a.rows << ", " << a.cols << ")");
    std::vector<double> eigenvalues(a.rows);
    nn::symmetric_eigenvalues(a.data.data(), a.rows, eigenvalues.data());
    return renyi_entropy_from_eigenvalues(std::move(eigenvalues), alpha);
}

double quadrature_entropy_bits(const SpectralQuadrature& quadrature, double trace, double trace_of_square,
                               double alpha) {
    NN_CHECK(std::isfinite(alpha) && alpha > 0.0, "renyi: needs alpha > 0, got " << alpha);
    NN_CHECK(std::isfinite(trace) && trace > 0.0, "renyi: the Gram matrix's trace is " << trace << ", not > 0");
    const std::size_t K = quadrature.nodes.size();
    NN_CHECK(quadrature.weights.size() == K && (quadrature.probe.empty() || quadrature.probe.size() == K),
             "renyi: " << K << " quadrature nodes for " << quadrature.weights.size() << " weights and "
                       << quadrature.probe.size() << " probe indices");
    std::size_t probes = 0;
    for (std::size_t p : quadrature.probe)
        if (p != SpectralQuadrature::fixed) probes = std::max(probes, p + 1);
    // E = sum_k w_k g(l_k), g(l) = (l^alpha - l) / (1 - alpha) = -l expm1((alpha - 1) ln l) / (alpha - 1):
    // the fixed nodes' share, and per probe y_p with its controls u_p = sum w l, v_p = sum w l^2.
    double e = 0.0, fixed_l = 0.0, fixed_l2 = 0.0;
    std::vector<double> y(probes), u(probes), v(probes);
    for (std::size_t k = 0; k < K; ++k) {
        const double lambda = quadrature.nodes[k] / trace, w = quadrature.weights[k];
        double term = 0.0;  // clipped at 0: a PSD matrix's negative Ritz values are rounding
        if (lambda > 0.0) {
            const double log_lambda = std::log(lambda);
            term = w * (alpha == 1.0 ? -lambda * log_lambda
                                     : lambda * std::expm1((alpha - 1.0) * log_lambda) / (1.0 - alpha));
        }
        const std::size_t p = quadrature.probe.empty() ? SpectralQuadrature::fixed : quadrature.probe[k];
        if (p == SpectralQuadrature::fixed) {
            e += term;
            fixed_l += w * lambda;
            fixed_l2 += w * lambda * lambda;
        } else {
            y[p] += term;
            u[p] += w * lambda;
            v[p] += w * lambda * lambda;
        }
    }
    // tr(A / trace) = 1 and tr((A / trace)^2) are known: the probe part's sum l and sum l^2 must come to
    // 1 - fixed_l and trace_of_square / trace^2 - fixed_l2 (Gauss quadrature is exact for them from 2 steps).
    e += controlled_sum(y, u, v, 1.0 - fixed_l, trace_of_square / (trace * trace) - fixed_l2);
    if (alpha == 1.0) return e / std::log(2.0);
    // 1 + (1 - alpha) E estimates sum l^alpha > 0; probe noise can only break that for a far too small probes=.
    if (!(1.0 + (1.0 - alpha) * e > 0.0))
        throw std::runtime_error("renyi: the Lanczos estimate of sum lambda^alpha is " +
                                 std::to_string(1.0 + (1.0 - alpha) * e) + ", not > 0; raise probes or steps");
    return std::log1p((1.0 - alpha) * e) / ((1.0 - alpha) * std::log(2.0));
}

double lanczos_entropy_bits(const nn::Matrix& a, double alpha, const LanczosOptions& options) {
    NN_CHECK(a.rows == a.cols && a.rows > 0 && a.data.size() == a.rows * a.cols,
             "renyi: the Gram matrix must be square and non-empty, got (" << a.rows << ", " << a.cols << ")");
    double trace = 0.0, trace_of_square = 0.0;
    for (std::size_t i = 0; i < a.rows; ++i) trace += a.at(i, i);
    for (double entry : a.data) trace_of_square += entry * entry;  // tr A^2 = |A|_F^2 for a symmetric A
    return quadrature_entropy_bits(lanczos_quadrature(a, options), trace, trace_of_square, alpha);
}

void normalized_gram_in_place(nn::Matrix& squared_distances, double sigma, Rbf rbf) {
    nn::Matrix& a = squared_distances;
    NN_CHECK(a.rows == a.cols && a.data.size() == a.rows * a.cols,
             "renyi: squared distances must be a square matrix, got (" << a.rows << ", " << a.cols << ")");
    NN_CHECK(std::isfinite(sigma) && sigma > 0.0, "renyi: needs a kernel width sigma > 0, got " << sigma);
    const std::size_t N = a.rows;
    const double factor = rbf_factor(rbf, sigma), inv_n = 1.0 / double(N);
    // One exp per pair: the upper triangle row by row, then mirrored in tiles (cache-friendly).
    for (std::size_t i = 0; i < N; ++i) {
        double* row = a.row(i);
        row[i] = inv_n;  // exp(0) / N
        for (std::size_t j = i + 1; j < N; ++j) row[j] = std::exp(-factor * row[j]) * inv_n;
    }
    const std::size_t tile = 64;
    for (std::size_t i0 = 0; i0 < N; i0 += tile)
        for (std::size_t j0 = i0; j0 < N; j0 += tile)
            for (std::size_t i = i0; i < std::min(i0 + tile, N); ++i)
                for (std::size_t j = std::max(j0, i + 1); j < std::min(j0 + tile, N); ++j) a.at(j, i) = a.at(i, j);
}

double renyi_entropy_bits(const nn::Matrix& x, double sigma, double alpha, Rbf rbf) {
    nn::Matrix a = pairwise_squared_distances(x);
    normalized_gram_in_place(a, sigma, rbf);
    return matrix_entropy_bits(a, alpha);
}

RenyiEstimator::RenyiEstimator(const RenyiOptions& options) : options_(options) {
    const RenyiOptions& o = options_;
    NN_CHECK(std::isfinite(o.alpha) && o.alpha > 0.0, "renyi: needs alpha > 0, got " << o.alpha);
    NN_CHECK(o.rule != WidthRule::fixed || o.sigma, "renyi: rule=fixed needs sigma");
    NN_CHECK(o.rule == WidthRule::fixed || !o.sigma, "renyi: sigma applies only to rule=fixed");
    if (o.sigma) NN_CHECK(std::isfinite(*o.sigma) && *o.sigma > 0.0, "renyi: needs sigma > 0, got " << *o.sigma);
    NN_CHECK(std::isfinite(o.gamma) && o.gamma > 0.0, "renyi: needs gamma > 0, got " << o.gamma);
    NN_CHECK(o.k >= 1, "renyi: needs k >= 1, got " << o.k);
    NN_CHECK(o.quantile > 0.0 && o.quantile <= 1.0, "renyi: needs 0 < quantile <= 1, got " << o.quantile);
    NN_CHECK(o.candidates >= 1, "renyi: needs candidates >= 1, got " << o.candidates);
    NN_CHECK(o.smoothing >= 0.0 && o.smoothing < 1.0, "renyi: needs 0 <= smoothing < 1, got " << o.smoothing);
    NN_CHECK(std::isfinite(o.sigma_y) && o.sigma_y > 0.0, "renyi: needs sigma_y > 0, got " << o.sigma_y);
    NN_CHECK(o.lanczos.probes >= 1, "renyi: needs probes >= 1, got " << o.lanczos.probes);
    NN_CHECK(o.lanczos.steps >= 2, "renyi: needs steps >= 2, got " << o.lanczos.steps);
}

double RenyiEstimator::input_entropy(const nn::Matrix& x, const Grouping* labels, const std::vector<int>* y) {
    // The width of X depends on y only through the alignment rule.
    std::optional<std::vector<int>> key_y;
    if (options_.rule == WidthRule::alignment) key_y = *y;
    if (input_ && input_->x.rows == x.rows && input_->x.cols == x.cols && input_->x.data == x.data &&
        input_->y == key_y)
        return input_->h_bits;
    nn::Matrix a_x = kernel_distances(x, options_, options_.standardize_x.value_or(options_.standardize));
    const double sigma = rule_width(options_, x, a_x, labels);
    check_width(sigma, "X");
    normalized_gram_in_place(a_x, sigma, options_.kernel);
    const double h_bits = entropy_bits(a_x, options_);
    input_ = InputEntropy{x, std::move(key_y), sigma, h_bits};
    return h_bits;
}

Estimate RenyiEstimator::estimate(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "renyi: no activations given");
    const nn::Matrix& t = *observations.t;
    NN_CHECK(t.rows > 0, "renyi: the activations have no rows");
    check_finite(t, "T");
    if (observations.x != nullptr) {
        NN_CHECK(observations.x->rows == t.rows,
                 "renyi: " << observations.x->rows << " rows of X for " << t.rows << " rows of T");
        check_finite(*observations.x, "X");
    }
    NN_CHECK(observations.y == nullptr || observations.y_matrix == nullptr,
             "renyi: give labels or a second variable, not both");
    if (observations.y != nullptr)
        NN_CHECK(observations.y->size() == t.rows,
                 "renyi: " << observations.y->size() << " labels for " << t.rows << " rows of T");
    if (observations.y_matrix != nullptr) {
        NN_CHECK(observations.y_matrix->rows == t.rows, "renyi: " << observations.y_matrix->rows
                                                                  << " rows of the second variable for "
                                                                  << t.rows << " rows of T");
        check_finite(*observations.y_matrix, "the second variable");
    }
    const bool aligned = options_.rule == WidthRule::alignment;
    NN_CHECK(!aligned || observations.y != nullptr,
             "renyi: rule=alignment aligns the kernel with the labels, and no labels were given");
    std::optional<Grouping> labels;
    if (observations.y != nullptr) labels = group_ids(*observations.y);
    const Grouping* classes = labels ? &*labels : nullptr;
    const Standardize x_mode = options_.standardize_x.value_or(options_.standardize);
    const double alpha = options_.alpha;

    // A_T = K_T / N. Under rule=alignment, Wickström's sigma_t = 0.9 sigma_{t-1} + 0.1 sigma* after the
    // first call (smoothing = 0.9).
    nn::Matrix a_t = kernel_distances(t, options_, options_.standardize);
    double sigma_t = rule_width(options_, t, a_t, classes);
    if (aligned && sigma_t_) sigma_t = options_.smoothing * *sigma_t_ + (1.0 - options_.smoothing) * sigma_t;
    check_width(sigma_t, "T");
    normalized_gram_in_place(a_t, sigma_t, options_.kernel);

    Estimate estimate;
    double sigma_x = std::numeric_limits<double>::quiet_NaN(), h_x = 0.0, h_xt = 0.0;
    if (observations.x != nullptr) {
        h_x = input_entropy(*observations.x, classes, observations.y);
        sigma_x = input_->sigma;
        h_xt = joint_entropy_bits(gram_at(*observations.x, options_, x_mode, sigma_x), a_t, options_);
    }
    std::optional<double> h_y, h_ty;
    if (labels) {
        const double off = label_off_diagonal(options_);
        h_y = label_entropy_bits(*labels, off, alpha);
        if (off == 0.0) {
            h_ty = class_block_entropy_bits(a_t, *labels, options_);
        } else {
            nn::Matrix joint = a_t;  // A_T o K_y, trace 1 as K_y's diagonal is 1
            for (std::size_t i = 0; i < t.rows; ++i)
                for (std::size_t j = 0; j < t.rows; ++j)
                    if (labels->ids[i] != labels->ids[j]) joint.at(i, j) *= off;
            h_ty = entropy_bits(joint, options_);
        }
    }
    if (observations.y_matrix != nullptr) {
        // I(T;X') for an autoencoder: X' gets its own width by the rule and, living in X's space, is
        // standardised like X. It changes every epoch, so nothing is kept.
        const nn::Matrix& r = *observations.y_matrix;
        nn::Matrix a_r = kernel_distances(r, options_, x_mode);
        const double sigma_r = rule_width(options_, r, a_r, nullptr);
        check_width(sigma_r, "the second variable");
        normalized_gram_in_place(a_r, sigma_r, options_.kernel);
        h_y = entropy_bits(a_r, options_);
        h_ty = joint_entropy_bits(gram_at(r, options_, x_mode, sigma_r), a_t, options_);
    }
    const double h_t = entropy_bits(a_t, options_);  // last: it may overwrite A_T
    if (aligned) sigma_t_ = sigma_t;

    // Without X, every row is a distinct input and I(X;T) = H(T) (as the binning and KDE peers report).
    estimate.i_xt_bits = observations.x != nullptr ? h_x + h_t - h_xt : h_t;
    if (h_y) estimate.i_ty_bits = h_t + *h_y - *h_ty;
    estimate.diagnostics = {sigma_t, sigma_x, h_t};
    return estimate;
}

}  // namespace estimators
