// apps/bmi_tasks.cpp — the known-MI benchmark's distributions: closed-form MI (normal, Student-t), the
// samplers built on nn::Rng::normal(), and the MI-preserving transforms of Czyż et al. (cbg-ethz/bmi).
#include "apps/bmi_tasks.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "nn/check.hpp"

namespace apps {

double digamma(double a) {
    NN_CHECK(a > 0.0 && std::isfinite(a), "digamma: need a finite a > 0, got " << a);
    double result = 0.0;
    for (; a < 10.0; a += 1.0) result -= 1.0 / a;  // psi(a) = psi(a + 1) - 1/a
    // psi(a) ~ ln a - 1/(2a) - sum B_2k / (2k a^2k), Bernoulli numbers B_2 .. B_10; the first term left
    // out, 691 / (32760 a^12), is below 3e-14 for a >= 10.
    const double inv2 = 1.0 / (a * a);
    return result + std::log(a) - 0.5 / a -
           inv2 * (1.0 / 12.0 -
                   inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))));
}

nn::Matrix cholesky(const nn::Matrix& a) {
    NN_CHECK(a.rows == a.cols && a.rows > 0, "cholesky: need a non-empty square matrix, got (" << a.rows << ", "
                                                                                               << a.cols << ")");
    const std::size_t d = a.rows;
    nn::Matrix l(d, d);
    for (std::size_t j = 0; j < d; ++j) {
        double diagonal = a.at(j, j);
        for (std::size_t k = 0; k < j; ++k) diagonal -= l.at(j, k) * l.at(j, k);
        NN_CHECK(diagonal > 0.0, "cholesky: the matrix is not positive definite (pivot " << j << " is " << diagonal
                                                                                         << ")");
        l.at(j, j) = std::sqrt(diagonal);
        for (std::size_t i = j + 1; i < d; ++i) {
            double sum = a.at(i, j);
            for (std::size_t k = 0; k < j; ++k) sum -= l.at(i, k) * l.at(j, k);
            l.at(i, j) = sum / l.at(j, j);
        }
    }
    return l;
}

double log_det(const nn::Matrix& a) {
    const nn::Matrix l = cholesky(a);
    double sum = 0.0;
    for (std::size_t i = 0; i < l.rows; ++i) sum += std::log(l.at(i, i));
    return 2.0 * sum;
}

nn::Matrix dense_correlation(std::size_t dim_x, std::size_t dim_y, double rho) {
    const std::size_t d = dim_x + dim_y;
    nn::Matrix c(d, d, rho);
    for (std::size_t i = 0; i < d; ++i) c.at(i, i) = 1.0;
    cholesky(c);  // positive definite, or throw
    return c;
}

nn::Matrix sparse_correlation(std::size_t dim_x, std::size_t dim_y, std::size_t pairs, double rho, double rho_within) {
    NN_CHECK(pairs <= dim_x && pairs <= dim_y,
             "sparse_correlation: " << pairs << " pairs need dim_x, dim_y >= " << pairs << ", got " << dim_x << ", "
                                    << dim_y);
    const std::size_t d = dim_x + dim_y;
    nn::Matrix c(d, d);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
            c.at(i, j) = i == j ? 1.0 : ((i < dim_x) == (j < dim_x) ? rho_within : 0.0);
    for (std::size_t i = 0; i < pairs; ++i) c.at(i, dim_x + i) = c.at(dim_x + i, i) = rho;
    cholesky(c);
    return c;
}

namespace {

nn::Matrix block(const nn::Matrix& a, std::size_t first, std::size_t size) {
    nn::Matrix b(size, size);
    for (std::size_t i = 0; i < size; ++i)
        for (std::size_t j = 0; j < size; ++j) b.at(i, j) = a.at(first + i, first + j);
    return b;
}

}  // namespace

double normal_mi_bits(const nn::Matrix& covariance, std::size_t dim_x) {
    NN_CHECK(covariance.rows == covariance.cols && dim_x >= 1 && dim_x < covariance.rows,
             "normal_mi_bits: need a square covariance larger than dim_x = " << dim_x << ", got (" << covariance.rows
                                                                              << ", " << covariance.cols << ")");
    const std::size_t dim_y = covariance.rows - dim_x;
    const double nats =
        0.5 * (log_det(block(covariance, 0, dim_x)) + log_det(block(covariance, dim_x, dim_y)) - log_det(covariance));
    return nats / std::numbers::ln2;
}

double student_t_entropy_nats(double nu, std::size_t d) {
    NN_CHECK(nu > 0.0 && d >= 1, "student_t_entropy_nats: need nu > 0 and d >= 1, got " << nu << ", " << d);
    const double half = 0.5 * (nu + double(d));
    return -std::lgamma(half) + std::lgamma(0.5 * nu) + 0.5 * double(d) * std::log(nu * std::numbers::pi) +
           half * (digamma(half) - digamma(0.5 * nu));
}

double student_t_correction_bits(double nu, std::size_t dim_x, std::size_t dim_y) {
    const double nats = student_t_entropy_nats(nu, dim_x) + student_t_entropy_nats(nu, dim_y) -
                        student_t_entropy_nats(nu, dim_x + dim_y);
    return nats / std::numbers::ln2;
}

double half_cube(double v) { return v * std::sqrt(std::abs(v)); }

double normal_cdf(double v) { return 0.5 * std::erfc(-v / std::numbers::sqrt2); }

// bmi.benchmark.tasks.wiggly: the derivatives are at least 1 - 0.4 - 0.34 - 0.099 > 0 (X) and
// 1 - 0.16 - 0.221 - 0.086 > 0 (Y), so both maps are strictly increasing.
double wiggly(double v, bool second) {
    if (!second) return v + 0.4 * std::sin(v) + 0.2 * std::sin(1.7 * v + 1.0) + 0.03 * std::sin(3.3 * v - 2.5);
    return v - 0.4 * std::sin(0.4 * v) + 0.17 * std::sin(1.3 * v + 3.5) + 0.02 * std::sin(4.3 * v - 2.5);
}

void spiral(double* v, std::size_t d, double speed) {
    NN_CHECK(d >= 2, "spiral: needs at least 2 coordinates, got " << d);
    double squared_norm = 0.0;
    for (std::size_t i = 0; i < d; ++i) squared_norm += v[i] * v[i];
    // exp(speed ||v||^2 A) v with A the generator of rotations of the (v_1, v_2) plane (bmi's so_generator).
    const double angle = speed * squared_norm;
    const double c = std::cos(angle), s = std::sin(angle);
    const double a = v[0], b = v[1];
    v[0] = c * a - s * b;
    v[1] = s * a + c * b;
}

namespace {

void transform_row(BmiTransform transform, double* v, std::size_t d, bool second) {
    for (std::size_t i = 0; i < d; ++i) {
        switch (transform) {
            case BmiTransform::half_cube: v[i] = half_cube(v[i]); break;
            case BmiTransform::asinh: v[i] = std::asinh(v[i]); break;
            case BmiTransform::normal_cdf: v[i] = normal_cdf(v[i]); break;
            case BmiTransform::wiggly: v[i] = wiggly(v[i], second); break;
            case BmiTransform::none:
            case BmiTransform::spiral: break;
        }
    }
    if (transform == BmiTransform::spiral && !second) spiral(v, d, spiral_speed);
}

std::vector<BmiTask> make_tasks() {
    std::vector<BmiTask> tasks;
    const std::size_t dims[] = {2, 5, 25, 50};
    for (const std::size_t d : dims)
        tasks.push_back({"mn-dense-" + std::to_string(d) + "-" + std::to_string(d), d, d, dense_correlation(d, d, 0.5)});
    for (const std::size_t d : dims)
        tasks.push_back({"mn-sparse-" + std::to_string(d) + "-" + std::to_string(d), d, d,
                         sparse_correlation(d, d, 2, 0.8, 0.1)});
    for (const std::size_t d : {2, 5})
        for (const std::size_t nu : {1, 2, 3, 5})
            tasks.push_back({"student-dense-" + std::to_string(d) + "-" + std::to_string(d) + "-nu" + std::to_string(nu),
                             d, d, dense_correlation(d, d, 0.5), nu});
    const std::pair<BmiTransform, const char*> transforms[] = {{BmiTransform::half_cube, "half_cube"},
                                                               {BmiTransform::asinh, "asinh"},
                                                               {BmiTransform::normal_cdf, "normal_cdf"},
                                                               {BmiTransform::wiggly, "wiggly"},
                                                               {BmiTransform::spiral, "spiral"}};
    for (const std::size_t d : {2, 5})
        for (const auto& [transform, name] : transforms)
            tasks.push_back({std::string(name) + "@mn-sparse-" + std::to_string(d) + "-" + std::to_string(d), d, d,
                             sparse_correlation(d, d, 2, 0.8, 0.1), 0, transform});
    return tasks;
}

}  // namespace

const std::vector<BmiTask>& bmi_tasks() {
    static const std::vector<BmiTask> tasks = make_tasks();
    return tasks;
}

const BmiTask& bmi_task(const std::string& name) {
    std::string known;
    for (const BmiTask& task : bmi_tasks()) {
        if (task.name == name) return task;
        known += (known.empty() ? "" : ", ") + task.name;
    }
    throw std::invalid_argument("bmi: unknown task '" + name + "'; tasks: " + known);
}

double bmi_true_bits(const BmiTask& task) {
    const double normal_bits = normal_mi_bits(task.scatter, task.dim_x);
    return task.nu == 0 ? normal_bits : normal_bits + student_t_correction_bits(double(task.nu), task.dim_x, task.dim_y);
}

void sample_bmi_task(const BmiTask& task, std::size_t n, nn::Rng& rng, nn::Matrix& x, nn::Matrix& y) {
    NN_CHECK(n >= 1, "sample_bmi_task: " << task.name << ": need at least one row");
    const nn::Matrix l = cholesky(task.scatter);
    const std::size_t d = task.dim_x + task.dim_y;
    x = nn::Matrix(n, task.dim_x);
    y = nn::Matrix(n, task.dim_y);
    std::vector<double> z(d), v(d);
    for (std::size_t r = 0; r < n; ++r) {
        for (double& value : z) value = rng.normal();
        double scale = 1.0;
        if (task.nu > 0) {  // t = N(0, S) / sqrt(chi2_nu / nu)
            double chi2 = 0.0;
            for (std::size_t k = 0; k < task.nu; ++k) {
                const double g = rng.normal();
                chi2 += g * g;
            }
            scale = 1.0 / std::sqrt(chi2 / double(task.nu));
        }
        for (std::size_t i = 0; i < d; ++i) {
            double sum = 0.0;
            for (std::size_t k = 0; k <= i; ++k) sum += l.at(i, k) * z[k];
            v[i] = scale * sum;
        }
        transform_row(task.transform, v.data(), task.dim_x, false);
        transform_row(task.transform, v.data() + task.dim_x, task.dim_y, true);
        std::copy(v.begin(), v.begin() + std::ptrdiff_t(task.dim_x), x.row(r));
        std::copy(v.begin() + std::ptrdiff_t(task.dim_x), v.end(), y.row(r));
    }
}

}  // namespace apps
