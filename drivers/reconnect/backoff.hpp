// How long to wait before reopening a link that failed: capped exponential backoff with
// jitter, so 32 analyzers behind one switch that rebooted do not all redial in the same
// millisecond. A pure function: the random draw is an argument, tests pick it.
#pragma once

#include <chrono>

namespace kj::drivers {

struct Backoff {
  std::chrono::milliseconds initial{500};  // the wait after the first failure
  std::chrono::milliseconds max{30'000};   // caps the exponential growth
  double factor = 2.0;                     // growth per consecutive failure
  double jitter = 0.2;                     // ± this fraction of the wait, at random
};

// The wait after `failures` consecutive failures (1 = the first): base = min(max, initial ×
// factor^(failures−1)), then scaled by 1 + jitter × (2u − 1) for the draw u in [0, 1). So the
// first wait is 0.5 s ± 20 %, and once capped the wait lies in 30 s ± 20 % (24 s to 36 s): the
// cap bounds the growth, the jitter still spreads devices that failed together. failures = 0 is
// treated as 1; out-of-range draws and settings are clamped, never undefined.
std::chrono::milliseconds backoff_delay(const Backoff& backoff, unsigned failures, double unit_random);

}  // namespace kj::drivers
