// When a record that failed to reach the hub is tried again: capped exponential backoff with
// jitter, so a county's booths coming back after an outage do not all knock at once.
#pragma once

#include <chrono>
#include <functional>

namespace kj::lims::sync {

struct BackoffPolicy {
  std::chrono::seconds base{5};
  std::chrono::seconds cap{std::chrono::hours(1)};
};

// A source of uniform numbers in [0, 1); injected so tests decide the jitter.
using UniformSource = std::function<double()>;

// Delay before attempt `failures` + 1, after `failures` (≥ 1) failed attempts: "equal jitter" —
// half of min(cap, base·2^(failures-1)) fixed, plus a random part up to the other half.
std::chrono::seconds backoff_delay(const BackoffPolicy& policy, int failures, const UniformSource& uniform);

}  // namespace kj::lims::sync
