// apps/bmi_suite.cpp — runs the known-MI benchmark: samples of every (task, N, seed) on worker threads,
// each estimator on each sample through a fresh instance of its spec, then mean and spread per row.
#include "apps/bmi_suite.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "apps/bmi_tasks.hpp"
#include "apps/csv.hpp"
#include "apps/validation.hpp"
#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

namespace apps {

BmiSettings quick_bmi_settings() {
    BmiSettings settings;
    settings.sizes = {1000};
    settings.seeds = 3;
    return settings;
}

std::vector<std::string> default_bmi_estimators() {
    return {"ksg:k=3,variant=1", "ksg:k=3,variant=2", "kl:k=5", "kl:k=5,weighted=1", "edge", "mine", "renyi"};
}

std::string bmi_not_applicable_reason(const std::string& name) {
    // compress reduces T and hands the pair to its `then` estimator, which decides.
    if (name == "ksg" || name == "kl" || name == "edge" || name == "mine" || name == "renyi" || name == "compress")
        return "";
    if (name == "binning")
        return "binning: bins T only; X enters as input ids, and with every row a distinct input I(X;T) = H(bins of T)";
    if (name == "kde" || name == "noisy")
        return name + ": X enters only as input ids; the estimate is I(X;T) of T = f(X) + noise, not of a given pair";
    if (name == "decision") return "decision: needs class labels y and estimates I(X;Y-hat) of a trained probe";
    estimators::make_estimator(name);  // an unknown name throws, listing the known ones
    throw std::invalid_argument("bmi: no entry for estimator '" + name + "'");
}

bool bmi_runs(const std::string& spec, std::size_t dim_x, std::size_t dim_y, std::size_t n) {
    estimators::Spec parsed(spec);
    const std::string& name = parsed.name();
    if (name == "renyi") return n <= 2000;
    if (name == "mine") return n <= 1000;
    if (name != "ksg" && name != "kl") return true;
    if (dim_x + dim_y >= 50 && n > 5000) return false;
    const auto k = parsed.find_integer("k", 1);
    const auto weighted = parsed.find_integer("weighted", 0);
    return !(name == "kl" && weighted && *weighted == 1 && k && std::size_t(*k) <= (dim_x + dim_y) / 4);
}

std::vector<std::string> bmi_run_rules() {
    return {"renyi runs at N <= 2000 only (exact eigenvalues, O(N^3))",
            "mine runs at N <= 1000 only (a fixed 500 Adam steps per estimate, whatever N)",
            "ksg and kl run at N <= 5000 only when dim_x + dim_y >= 50 (brute-force k-NN scan)",
            "kl weighted=1 runs only where k > floor((dim_x + dim_y) / 4) (the weights' condition)"};
}

namespace {

// One sample: a task at one N and one seed, and the estimate of every estimator that runs at that N
// (NaN for one that does not).
struct Job {
    std::size_t task = 0;
    std::size_t size = 0;
    std::size_t seed = 0;
    std::vector<double> bits;
};

void run_job(Job& job, const std::vector<const BmiTask*>& tasks, const std::vector<std::string>& specs) {
    const BmiTask& task = *tasks[job.task];
    nn::Rng rng(std::uint64_t(job.seed) * 1000003u + job.size);
    nn::Matrix x, y;
    sample_bmi_task(task, job.size, rng, x, y);
    job.bits.assign(specs.size(), std::nan(""));
    for (std::size_t e = 0; e < specs.size(); ++e) {
        if (!bmi_runs(specs[e], task.dim_x, task.dim_y, job.size)) continue;
        const std::unique_ptr<estimators::Estimator> estimator = estimators::make_estimator(specs[e]);
        estimators::Observations observations;
        observations.t = &y;
        observations.x = &x;
        job.bits[e] = estimator->estimate(observations).i_xt_bits;
    }
}

// Runs every job on `threads` threads, largest samples first (the tail is then short). The first error
// stops the remaining jobs and is rethrown here.
void run_jobs(std::vector<Job>& jobs, const std::vector<const BmiTask*>& tasks, const std::vector<std::string>& specs,
              unsigned threads) {
    std::vector<std::size_t> order(jobs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto cost = [&](const Job& job) { return job.size * (tasks[job.task]->dim_x + tasks[job.task]->dim_y); };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return cost(jobs[a]) > cost(jobs[b]); });
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    const auto work = [&] {
        for (std::size_t i = next++; i < order.size(); i = next++) {
            try {
                run_job(jobs[order[i]], tasks, specs);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                next = order.size();
            }
        }
    };
    const int blas_before = nn::blas_threads();
    nn::set_blas_threads(1);
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
    for (std::thread& worker : workers) worker.join();
    nn::set_blas_threads(blas_before);
    if (error) std::rethrow_exception(error);
}

}  // namespace

std::vector<BmiRow> run_bmi_suite(const BmiSettings& settings) {
    NN_CHECK(!settings.sizes.empty(), "bmi: no sample sizes");
    for (const std::size_t n : settings.sizes) NN_CHECK(n >= 100, "bmi: N must be at least 100, got " << n);
    NN_CHECK(settings.seeds >= 1 && settings.threads >= 1,
             "bmi: seeds and threads must be at least 1, got " << settings.seeds << ", " << settings.threads);
    std::vector<const BmiTask*> tasks;
    if (settings.tasks.empty())
        for (const BmiTask& task : bmi_tasks()) tasks.push_back(&task);
    else
        for (const BmiTask& task : bmi_tasks())  // in the table's order, whatever the order given
            if (std::find(settings.tasks.begin(), settings.tasks.end(), task.name) != settings.tasks.end())
                tasks.push_back(&task);
    for (const std::string& name : settings.tasks) bmi_task(name);  // an unknown name throws
    std::vector<std::string> specs = settings.estimators.empty() ? default_bmi_estimators() : settings.estimators;
    for (std::string& spec : specs) {
        const std::string reason = bmi_not_applicable_reason(estimators::Spec(spec).name());
        if (!reason.empty()) throw std::invalid_argument("validate --suite bmi: not applicable: " + reason);
        spec = estimators::make_estimator(spec)->spec();
    }

    std::vector<Job> jobs;
    for (std::size_t t = 0; t < tasks.size(); ++t)
        for (const std::size_t n : settings.sizes)
            for (std::size_t seed = 0; seed < settings.seeds; ++seed) jobs.push_back({t, n, seed, {}});
    run_jobs(jobs, tasks, specs, settings.threads);

    std::vector<BmiRow> rows;
    for (std::size_t e = 0; e < specs.size(); ++e) {
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            for (const std::size_t n : settings.sizes) {  // in the order given
                if (!bmi_runs(specs[e], tasks[t]->dim_x, tasks[t]->dim_y, n)) continue;
                std::vector<double> bits;
                for (const Job& job : jobs)
                    if (job.task == t && job.size == n) bits.push_back(job.bits[e]);
                const MeanStd summary = mean_std(bits);
                rows.push_back({specs[e], tasks[t]->name, tasks[t]->dim_x, tasks[t]->dim_y, n,
                                bmi_true_bits(*tasks[t]), summary.mean, summary.std, bits.size()});
            }
        }
    }
    return rows;
}

std::string bmi_csv(const std::vector<BmiRow>& rows, const std::vector<std::string>& comments) {
    std::string text;
    for (const std::string& comment : comments) text += csv_comment(comment);
    text += csv_line({"estimator", "task", "dim_x", "dim_y", "n", "true_bits", "mean_bits", "std_bits", "seeds"});
    for (const BmiRow& row : rows)
        text += csv_line({row.estimator, row.task, std::to_string(row.dim_x), std::to_string(row.dim_y),
                          std::to_string(row.n), format_number(row.true_bits), format_number(row.mean_bits),
                          format_number(row.std_bits), std::to_string(row.seeds)});
    return text;
}

std::string bmi_table(const std::vector<BmiRow>& rows) {
    std::string text;
    char line[256];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const BmiRow& row = rows[i];
        if (i == 0 || row.estimator != rows[i - 1].estimator) {
            text += "\n" + row.estimator + "\n";
            std::snprintf(line, sizeof line, "  %-28s %6s %9s %9s %8s %9s\n", "task", "n", "true", "mean", "std",
                          "mean-true");
            text += line;
        }
        std::snprintf(line, sizeof line, "  %-28s %6zu %9.4f %9.4f %8.4f %+9.4f\n", row.task.c_str(), row.n,
                      row.true_bits, row.mean_bits, row.std_bits, row.mean_bits - row.true_bits);
        text += line;
    }
    return text;
}

}  // namespace apps
