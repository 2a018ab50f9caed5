// NN_CHECK: the always-on precondition check of the whole project. It throws (never prints, never exits)
// std::invalid_argument with the file, line and a message built with <<, e.g.
//   NN_CHECK(a.cols() == b.rows(), "matmul: cannot multiply " << a.shape() << " by " << b.shape());
#pragma once
#include <sstream>
#include <stdexcept>

#define NN_CHECK(condition, message)                                                  \
    do {                                                                              \
        if (!(condition)) {                                                           \
            std::ostringstream nn_check_stream_;                                      \
            nn_check_stream_ << message;                                              \
            throw std::invalid_argument(nn_check_stream_.str());                      \
        }                                                                             \
    } while (false)
