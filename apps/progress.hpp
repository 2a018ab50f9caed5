// apps/progress.hpp — a one-line progress bar on stderr (epoch, loss, accuracy, ETA), drawn only when
// stderr is a terminal and at most a few times a second; silent otherwise (logs, CI, pipes).
#pragma once
#include <chrono>
#include <optional>

namespace apps {

class Progress {
public:
    explicit Progress(long total_epochs);
    ~Progress();  // ends the line if one was drawn
    void update(long epoch, double loss, std::optional<double> accuracy);  // accuracy: classifiers

private:
    long total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace apps
