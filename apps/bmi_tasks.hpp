// apps/bmi_tasks.hpp — the tasks of the known-MI benchmark (`validate --suite bmi`), after Czyż et al.,
// "Beyond normal" (NeurIPS 2023, cbg-ethz/bmi): pairs (X, Y) with a closed-form mutual information in bits,
// sampled from nn::Rng alone: multivariate normal, multivariate Student-t, and MI-preserving transforms.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "nn/matrix.hpp"
#include "nn/rng.hpp"

namespace apps {

// ----- Special functions and matrices ------------------------------------------------------------------

// The digamma function psi(a) = d/da ln Gamma(a), a > 0: recurrence up to a >= 10, then the asymptotic
// series (absolute error below 1e-13).
double digamma(double a);

// The lower Cholesky factor L of a symmetric positive-definite (D, D) matrix, A = L L^T. Throws
// std::invalid_argument when A is not square or not positive definite.
nn::Matrix cholesky(const nn::Matrix& a);

// ln det A of a symmetric positive-definite matrix, 2 sum ln L_ii.
double log_det(const nn::Matrix& a);

// The (dim_x + dim_y) correlation matrix with every off-diagonal entry rho (bmi's task_multinormal_uniform,
// "dense": rho = 0.5).
nn::Matrix dense_correlation(std::size_t dim_x, std::size_t dim_y, double rho);

// bmi's parametrised_correlation_matrix ("sparse"): corr(X_i, Y_i) = rho for i < pairs, corr(X_i, X_j) =
// corr(Y_i, Y_j) = rho_within, every other correlation 0. Throws unless pairs <= min(dim_x, dim_y) and the
// matrix is positive definite.
nn::Matrix sparse_correlation(std::size_t dim_x, std::size_t dim_y, std::size_t pairs, double rho, double rho_within);

// ----- Ground truths -----------------------------------------------------------------------------------

// I(X;Y) of (X, Y) ~ N(0, S), X the first dim_x coordinates: (1/2) ln(det S_X det S_Y / det S), in bits.
double normal_mi_bits(const nn::Matrix& covariance, std::size_t dim_x);

// The differential entropy in nats of the standard d-variate Student-t with nu degrees of freedom
// (dispersion I; Arellano-Valle, Contreras-Reyes & Genton 2013, eq. 7):
//   -ln Gamma((nu + d)/2) + ln Gamma(nu/2) + (d/2) ln(nu pi) + ((nu + d)/2) [psi((nu + d)/2) - psi(nu/2)].
double student_t_entropy_nats(double nu, std::size_t d);

// The Student-t correction h(dim_x) + h(dim_y) - h(dim_x + dim_y) of the entropies above, in bits: what a
// multivariate t adds to the normal MI of its dispersion matrix (the ln det and ln(nu pi) parts cancel).
// Positive, and 0 in the limit nu -> infinity.
double student_t_correction_bits(double nu, std::size_t dim_x, std::size_t dim_y);

// ----- Tasks -------------------------------------------------------------------------------------------

// Maps applied after sampling; each is a diffeomorphism, so I(X;Y) is unchanged (Czyż et al., section 3).
enum class BmiTransform {
    none,
    half_cube,   // every coordinate v -> v |v|^(1/2)
    asinh,       // every coordinate v -> asinh(v)
    normal_cdf,  // every coordinate v -> Phi(v); the margins have variance 1, so they become uniform on (0, 1)
    wiggly,      // bmi's wiggly_x on X's and wiggly_y on Y's coordinates (strictly increasing)
    spiral,      // X -> rotation of its plane (x_1, x_2) by the angle spiral_speed ||X||^2; Y unchanged
};

// bmi's Spiral(speed = 0.5) (bmi.transforms.rotate): the rotation angle per unit of ||x||^2.
inline constexpr double spiral_speed = 0.5;

struct BmiTask {
    std::string name;          // e.g. "mn-sparse-5-5", "student-dense-2-2-nu3", "asinh@mn-sparse-5-5"
    std::size_t dim_x = 0;
    std::size_t dim_y = 0;
    nn::Matrix scatter;        // (dim_x + dim_y)^2: the covariance (normal) or the dispersion (Student-t)
    std::size_t nu = 0;        // the Student-t degrees of freedom; 0: normal
    BmiTransform transform = BmiTransform::none;
};

// The benchmark's tasks, in the order of the table (docs/estimators.md, "Known-MI benchmark"):
//   mn-dense-D-D      N(0, dense_correlation(D, D, 0.5)),                D in {2, 5, 25, 50}
//   mn-sparse-D-D     N(0, sparse_correlation(D, D, 2, 0.8, 0.1)),       D in {2, 5, 25, 50}
//   student-dense-D-D-nuV  t_V(0, dense_correlation(D, D, 0.5)),         D in {2, 5}, V in {1, 2, 3, 5}
//   T@mn-sparse-D-D   transform T of mn-sparse-D-D,                       D in {2, 5}, T in the list above
const std::vector<BmiTask>& bmi_tasks();

// The task called `name`; throws std::invalid_argument listing the names when there is none.
const BmiTask& bmi_task(const std::string& name);

// I(X;Y) in bits: normal_mi_bits of the scatter, plus student_t_correction_bits for a Student-t task.
double bmi_true_bits(const BmiTask& task);

// n rows of the task as x (n, dim_x), y (n, dim_y). Row r: z ~ N(0, I) (rng.normal() coordinate by
// coordinate), v = L z with L = cholesky(scatter); for Student-t, v / sqrt(c / nu) with c the sum of nu
// squared normals (chi-square with nu degrees of freedom); then the transform. Throws on n = 0.
void sample_bmi_task(const BmiTask& task, std::size_t n, nn::Rng& rng, nn::Matrix& x, nn::Matrix& y);

// The transforms one coordinate at a time (what sample_bmi_task applies; `second` picks wiggly_y).
double half_cube(double v);
double normal_cdf(double v);
double wiggly(double v, bool second);

// The spiral on one row of d >= 2 coordinates, in place: (v_1, v_2) rotated by the angle
// speed ||v||^2. Rotations keep the norm, so speed -> -speed inverts it.
void spiral(double* v, std::size_t d, double speed);

}  // namespace apps
