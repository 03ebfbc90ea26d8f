#include "lims/sync/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace kj::lims::sync {

std::chrono::seconds backoff_delay(const BackoffPolicy& policy, int failures, const UniformSource& uniform) {
  const int exponent = std::clamp(failures - 1, 0, 30);  // 2^30 s is far beyond any cap
  const double ceiling = std::min(static_cast<double>(policy.cap.count()),
                                  static_cast<double>(policy.base.count()) * std::ldexp(1.0, exponent));
  const double jitter = std::clamp(uniform(), 0.0, 1.0);
  const double delay = ceiling / 2 + jitter * ceiling / 2;
  return std::chrono::seconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(delay))));
}

}  // namespace kj::lims::sync
