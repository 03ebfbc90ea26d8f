#include "lims/judgement/verdict_review.hpp"

namespace kj::lims {

VerdictReview review_verdict(Verdict ours, std::optional<Verdict> device) {
  if (!device) return {ours, std::nullopt, ReviewState::ours_only};
  return {ours, device, *device == ours ? ReviewState::agreed : ReviewState::held_for_review};
}

Text describe(const VerdictReview& review) {
  const Text ours = result_text(review.ours);
  switch (review.state) {
    case ReviewState::ours_only:
      return {"judged " + ours.en + " (no device verdict)", "判定" + ours.zh + "（仪器未给出结论）"};
    case ReviewState::agreed: return {"judged " + ours.en + ", as the device", "判定" + ours.zh + "，与仪器一致"};
    case ReviewState::held_for_review: break;
  }
  const Text device = result_text(review.device.value_or(Verdict::invalid));
  return {"held for review: we judge " + ours.en + ", the device said " + device.en,
          "待复核：本系统判定" + ours.zh + "，仪器判定" + device.zh};
}

}  // namespace kj::lims
