// apps/progress.cpp — drawing the progress line.
#include "apps/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace apps {

Progress::Progress(long total_epochs)
    : total_(total_epochs), enabled_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
    if (drawn_) std::fputc('\n', stderr);
}

void Progress::update(long epoch, double loss, std::optional<double> accuracy) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (epoch < total_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta = epoch > 0 ? elapsed * double(total_ - epoch) / double(epoch) : 0.0;
    const int width = 30, filled = int(double(width) * double(epoch) / double(total_));
    char accuracy_text[32] = "";
    if (accuracy) std::snprintf(accuracy_text, sizeof accuracy_text, "  accuracy %.3f", *accuracy);
    std::fprintf(stderr, "\r[%-*.*s] epoch %ld/%ld  loss %.4f%s  ETA %02d:%02d ", width, filled,
                 "##############################", epoch, total_, loss, accuracy_text, int(eta) / 60, int(eta) % 60);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace apps
