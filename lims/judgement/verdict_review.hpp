// Our verdict beside the device's (domain.md: "The LIMS judges every result by its own
// configured rules. A verdict the device sent is recorded beside it; where they disagree the
// result is held for the reviewer"). Neither verdict silently overwrites the other.
#pragma once

#include <optional>

#include "lims/judgement/verdict_text.hpp"

namespace kj::lims {

enum class ReviewState {
  agreed,           // the device judged the same
  ours_only,        // the device sent no verdict
  held_for_review,  // they differ: the reviewer (复核人) decides and signs
};

struct VerdictReview {
  Verdict ours = Verdict::invalid;
  std::optional<Verdict> device;
  ReviewState state = ReviewState::ours_only;

  // The verdict that stands; empty while held for review.
  [[nodiscard]] std::optional<Verdict> effective() const {
    if (state == ReviewState::held_for_review) return std::nullopt;
    return ours;
  }
};

VerdictReview review_verdict(Verdict ours, std::optional<Verdict> device);

// Why the result is held, or that it is not, for the user.
Text describe(const VerdictReview& review);

}  // namespace kj::lims
