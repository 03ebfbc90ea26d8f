#include "drivers/reconnect/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace kj::drivers {

std::chrono::milliseconds backoff_delay(const Backoff& backoff, unsigned failures, double unit_random) {
  const double initial = std::max(0.0, static_cast<double>(backoff.initial.count()));
  const double cap = std::max(initial, static_cast<double>(backoff.max.count()));
  const double factor = std::max(1.0, backoff.factor);
  const double jitter = std::clamp(backoff.jitter, 0.0, 1.0);
  const double u = std::isfinite(unit_random) ? std::clamp(unit_random, 0.0, 1.0) : 0.5;

  // Multiply step by step and stop at the cap: factor^failures would overflow for long outages.
  double base = initial;
  if (base > 0.0 && factor > 1.0) {
    for (unsigned step = 1; step < failures && base < cap; ++step) base *= factor;
  }
  base = std::min(base, cap);
  const double wait = base * (1.0 + jitter * (2.0 * u - 1.0));
  return std::chrono::milliseconds(static_cast<long long>(std::llround(wait)));
}

}  // namespace kj::drivers
