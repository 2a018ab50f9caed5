// estimators/lanczos.cpp — stochastic Lanczos quadrature with a deflated part (see lanczos.hpp): many
// Lanczos recurrences advanced together, one block product per step, Gauss quadrature from LAPACK dstev.
#include "estimators/lanczos.hpp"

#include <algorithm>
#include <cmath>

#include "nn/check.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

namespace estimators {

namespace {

// A recurrence ends when its next residual is below this fraction of |T|'s size so far: the Krylov space
// is then invariant (up to rounding) and its quadrature exact.
constexpr double breakdown = 1e-10;

double dot(const double* a, const double* b, std::size_t n) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

void rademacher(double* v, std::size_t n, nn::Rng& rng) {
    for (std::size_t i = 0; i < n; ++i) v[i] = rng.uniform_int(2) == 0 ? -1.0 : 1.0;
}

// w -= Q^T (Q w) for the first `rows` rows of q (orthonormal, each of length N), twice: classical
// Gram-Schmidt with one reorthogonalisation keeps w orthogonal to working precision ("twice is enough").
void project_out(const nn::Matrix& q, std::size_t rows, double* w, std::vector<double>& h) {
    if (rows == 0) return;
    const std::size_t N = q.cols;
    h.resize(rows);
    for (int pass = 0; pass < 2; ++pass) {
        nn::gemv(nn::Transpose::No, rows, N, 1.0, q.data.data(), N, w, 0.0, h.data());
        nn::gemv(nn::Transpose::Yes, rows, N, -1.0, q.data.data(), N, h.data(), 1.0, w);
    }
}

// The rows of (k, N) `rows`, orthonormalised in place (Gram-Schmidt, twice per row); a row that projection
// leaves with less than 1e-8 of its length depends on the earlier ones and is dropped.
void orthonormalize_rows(nn::Matrix& rows) {
    const std::size_t N = rows.cols;
    std::vector<double> h;
    std::size_t kept = 0;
    for (std::size_t c = 0; c < rows.rows; ++c) {
        double* row = rows.row(kept);
        if (c != kept) std::copy(rows.row(c), rows.row(c) + N, row);
        const double before = std::sqrt(dot(row, row, N));
        project_out(rows, kept, row, h);
        const double after = std::sqrt(dot(row, row, N));
        if (!(after > 1e-8 * before)) continue;
        for (std::size_t i = 0; i < N; ++i) row[i] /= after;
        ++kept;
    }
    rows.rows = kept;
    rows.data.resize(kept * N);
}

// Q (r, N), one orthonormal basis vector a row, of the range of A^2 S for S (N, k) Rademacher: the
// Hutch++ sketch A S with one step of subspace iteration, which brings Q much closer to the top
// eigenvectors when the spectrum decays slowly (measured in docs/estimators.md).
nn::Matrix deflation_basis(std::size_t N, const BlockProduct& product, std::size_t k, nn::Rng& rng) {
    nn::Matrix block(N, k), image(N, k), q(k, N);
    rademacher(block.data.data(), block.data.size(), rng);
    for (int power = 0; power < 2; ++power) {
        product(block, image);
        q = nn::Matrix(image.cols, N);
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t c = 0; c < image.cols; ++c) q.at(c, i) = image.at(i, c);
        orthonormalize_rows(q);
        block = nn::Matrix(N, q.rows);
        image = nn::Matrix(N, q.rows);
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t c = 0; c < q.rows; ++c) block.at(i, c) = q.at(c, i);
    }
    return q;
}

// One Lanczos recurrence: its orthonormal basis (a vector a row), the tridiagonal T's diagonal (alpha)
// and off-diagonal (beta), and the factor of its quadrature weights (|start|^2 times the estimator's).
struct Recurrence {
    nn::Matrix basis;
    std::vector<double> alpha, beta;
    double scale = 0.0;
    double size = 0.0;  // max over steps of |alpha_j| + beta_{j-1} + beta_j, a bound on |T|
    bool active = false;
};

// One step j of recurrence r, given w = A q_j: alpha_j, the reorthogonalised residual, beta_j, q_{j+1}.
void advance(Recurrence& r, std::size_t j, std::size_t steps, std::vector<double>& w, std::vector<double>& h) {
    const std::size_t N = w.size();
    const double* q = r.basis.row(j);
    const double a = dot(q, w.data(), N);
    const double b_prev = j > 0 ? r.beta[j - 1] : 0.0;
    for (std::size_t i = 0; i < N; ++i) w[i] -= a * q[i];
    if (j > 0) {
        const double* q_prev = r.basis.row(j - 1);
        for (std::size_t i = 0; i < N; ++i) w[i] -= b_prev * q_prev[i];
    }
    project_out(r.basis, j + 1, w.data(), h);  // full reorthogonalisation against q_0 .. q_j
    r.alpha.push_back(a);
    if (j + 1 == steps) {
        r.active = false;
        return;
    }
    const double b = std::sqrt(dot(w.data(), w.data(), N));
    r.size = std::max(r.size, std::abs(a) + b_prev + b);
    if (b <= breakdown * r.size) {
        r.active = false;
        return;
    }
    r.beta.push_back(b);
    double* next = r.basis.row(j + 1);
    for (std::size_t i = 0; i < N; ++i) next[i] = w[i] / b;
}

}  // namespace

SpectralQuadrature lanczos_quadrature(std::size_t N, const BlockProduct& product, const LanczosOptions& options) {
    NN_CHECK(N > 0, "lanczos: the matrix has no rows");
    NN_CHECK(options.probes >= 1, "lanczos: needs probes >= 1, got " << options.probes);
    NN_CHECK(options.steps >= 1, "lanczos: needs steps >= 1, got " << options.steps);
    nn::Rng rng(options.seed);
    const nn::Matrix q = options.deflate > 0 ? deflation_basis(N, product, std::min(options.deflate, N), rng)
                                             : nn::Matrix(0, N);
    const std::size_t steps = std::min(options.steps, N), B = q.rows + options.probes;

    // Start vectors: the rows of Q (weight 1), then the projected probes w_p = P g_p (|w_p|^2 / probes).
    std::vector<Recurrence> runs(B);
    std::vector<double> w(N), h;
    for (std::size_t c = 0; c < B; ++c) {
        Recurrence& r = runs[c];
        r.basis = nn::Matrix(steps, N);
        double* start = r.basis.row(0);
        if (c < q.rows) {
            std::copy(q.row(c), q.row(c) + N, start);
            r.scale = 1.0;
        } else {
            rademacher(start, N, rng);
            project_out(q, q.rows, start, h);
            const double norm2 = dot(start, start, N);
            if (norm2 == 0.0) continue;  // P g = 0: Q spans everything, this probe adds nothing
            for (std::size_t i = 0; i < N; ++i) start[i] /= std::sqrt(norm2);
            r.scale = norm2 / double(options.probes);
        }
        r.active = true;
    }

    nn::Matrix in(N, B), out(N, B);
    for (std::size_t j = 0; j < steps; ++j) {
        if (std::none_of(runs.begin(), runs.end(), [](const Recurrence& r) { return r.active; })) break;
        for (std::size_t c = 0; c < B; ++c) {
            const double* v = runs[c].basis.row(j);
            for (std::size_t i = 0; i < N; ++i) in.at(i, c) = runs[c].active ? v[i] : 0.0;
        }
        product(in, out);
        for (std::size_t c = 0; c < B; ++c) {
            if (!runs[c].active) continue;
            for (std::size_t i = 0; i < N; ++i) w[i] = out.at(i, c);
            advance(runs[c], j, steps, w, h);
        }
    }

    // Gauss quadrature of each recurrence: nodes the eigenvalues theta_k of T, weights the squared first
    // components tau_k^2 of its eigenvectors (u^T f(A) u ~ |u|^2 sum_k tau_k^2 f(theta_k)).
    SpectralQuadrature quadrature;
    for (std::size_t c = 0; c < B; ++c) {
        const Recurrence& r = runs[c];
        const std::size_t L = r.alpha.size();
        if (L == 0) continue;
        std::vector<double> d = r.alpha, e = r.beta, z(L * L);
        e.resize(L);  // dstev reads L - 1 of them; one more keeps the pointer valid for L = 1
        nn::tridiagonal_eigen(d.data(), e.data(), L, z.data());
        for (std::size_t k = 0; k < L; ++k) {
            quadrature.nodes.push_back(d[k]);
            quadrature.weights.push_back(r.scale * z[k] * z[k]);
            quadrature.probe.push_back(c < q.rows ? SpectralQuadrature::fixed : c - q.rows);
        }
    }
    return quadrature;
}

SpectralQuadrature lanczos_quadrature(const nn::Matrix& a, const LanczosOptions& options) {
    NN_CHECK(a.rows == a.cols && a.data.size() == a.rows * a.cols,
             "lanczos: the matrix must be square, got (" << a.rows << ", " << a.cols << ")");
    const std::size_t N = a.rows;
    const BlockProduct product = [&a, N](const nn::Matrix& in, nn::Matrix& out) {
        nn::gemm(nn::Transpose::No, nn::Transpose::No, N, in.cols, N, 1.0, a.data.data(), N, in.data.data(),
                 in.cols, 0.0, out.data.data(), out.cols);
    };
    return lanczos_quadrature(N, product, options);
}

}  // namespace estimators
