// The policies around a verdict (domain.md): our verdict vs the device's, the matrix-
// interference flag for enzyme-inhibition positives, and the retest rule.
#include <gtest/gtest.h>

#include <vector>

#include "lims/errors.hpp"
#include "lims/judgement/matrix_interference.hpp"
#include "lims/judgement/retest_rule.hpp"
#include "lims/judgement/verdict_review.hpp"
#include "lims/judgement/verdict_text.hpp"

namespace kj::lims {
namespace {

// --- device verdict -----------------------------------------------------------------------

TEST(VerdictReview, AgreeDisagreeAbsent) {
  const VerdictReview agreed = review_verdict(Verdict::positive, Verdict::positive);
  EXPECT_EQ(agreed.state, ReviewState::agreed);
  EXPECT_EQ(agreed.effective(), Verdict::positive);

  const VerdictReview held = review_verdict(Verdict::positive, Verdict::negative);
  EXPECT_EQ(held.state, ReviewState::held_for_review);
  EXPECT_EQ(held.ours, Verdict::positive);
  EXPECT_EQ(held.device, Verdict::negative);
  EXPECT_FALSE(held.effective().has_value());
  EXPECT_EQ(describe(held).zh, "待复核：本系统判定阳性，仪器判定阴性");

  const VerdictReview ours = review_verdict(Verdict::negative, std::nullopt);
  EXPECT_EQ(ours.state, ReviewState::ours_only);
  EXPECT_EQ(ours.effective(), Verdict::negative);
  EXPECT_FALSE(ours.device.has_value());
}

TEST(VerdictReview, LimitBoundaryDisagreement) {
  // §5: at 50.0 % the LZ4000T driver says 合格 (≤ 50), we say positive — held, both kept.
  const VerdictReview r = review_verdict(Verdict::positive, Verdict::negative);
  EXPECT_EQ(r.state, ReviewState::held_for_review);
  // Invalid on either side also differs from a real verdict.
  EXPECT_EQ(review_verdict(Verdict::invalid, Verdict::negative).state, ReviewState::held_for_review);
  EXPECT_EQ(review_verdict(Verdict::invalid, Verdict::invalid).state, ReviewState::agreed);
}

TEST(VerdictText, BothColumns) {
  EXPECT_EQ(result_text(Verdict::positive).zh, "阳性");
  EXPECT_EQ(result_text(Verdict::negative).zh, "阴性");
  EXPECT_EQ(result_text(Verdict::suspect).zh, "可疑");
  EXPECT_EQ(result_text(Verdict::invalid).zh, "无效");
  EXPECT_EQ(conformity_text(Verdict::positive).zh, "不合格");
  EXPECT_EQ(conformity_text(Verdict::negative).zh, "合格");
  EXPECT_EQ(conformity_text(Verdict::positive).en, "non-conforming");
}

// --- matrix interference ------------------------------------------------------------------

TEST(MatrixInterference, PositiveOnListedCommodity) {
  for (const char* commodity : {"韭菜", "茭白", "胡萝卜"}) {
    const std::optional<ResultFlag> flag = matrix_interference_flag(commodity, Verdict::positive);
    ASSERT_TRUE(flag.has_value()) << commodity;
    EXPECT_EQ(flag->code, "matrix_interference");
    EXPECT_EQ(flag->text.en, "matrix interference possible; retest after heat treatment required");
    EXPECT_EQ(flag->text.zh, "可能存在基质干扰，需经加热处理后复检");
  }
}

TEST(MatrixInterference, OnlyPositivesOnListedCommodities) {
  EXPECT_FALSE(matrix_interference_flag("韭菜", Verdict::negative).has_value());
  EXPECT_FALSE(matrix_interference_flag("韭菜", Verdict::invalid).has_value());
  EXPECT_FALSE(matrix_interference_flag("菠菜", Verdict::positive).has_value());
  const MatrixInterferencePolicy custom{{"大蒜"}};
  EXPECT_TRUE(matrix_interference_flag("大蒜", Verdict::positive, custom).has_value());
  EXPECT_FALSE(matrix_interference_flag("韭菜", Verdict::positive, custom).has_value());
}

// --- retest rule --------------------------------------------------------------------------

RetestOutcome outcome(Verdict first, std::vector<Verdict> retests, RetestPolicy policy = {}) {
  Result<RetestOutcome> o = retest_outcome(first, retests, policy);
  EXPECT_TRUE(o.ok());
  return o.ok() ? *o : RetestOutcome{};
}

TEST(RetestRule, FirstNegativeOrInvalidNeedsNone) {
  EXPECT_EQ(outcome(Verdict::negative, {}).state, RetestState::not_needed);
  EXPECT_EQ(outcome(Verdict::negative, {}).verdict, Verdict::negative);
  EXPECT_EQ(outcome(Verdict::invalid, {}).state, RetestState::not_needed);
  EXPECT_EQ(outcome(Verdict::invalid, {}).verdict, Verdict::invalid);
}

TEST(RetestRule, FirstPositiveNeedsTwoRetests) {
  const RetestOutcome none = outcome(Verdict::positive, {});
  EXPECT_EQ(none.state, RetestState::needs_retest);
  EXPECT_EQ(none.retests_outstanding, 2);
  EXPECT_EQ(none.verdict, Verdict::positive);  // provisional
  const RetestOutcome one = outcome(Verdict::positive, {Verdict::positive});
  EXPECT_EQ(one.state, RetestState::needs_retest);
  EXPECT_EQ(one.retests_outstanding, 1);
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::negative}).retests_outstanding, 1);  // still owed
}

TEST(RetestRule, ConfirmedOrNot) {
  const RetestOutcome confirmed = outcome(Verdict::positive, {Verdict::positive, Verdict::positive});
  EXPECT_EQ(confirmed.state, RetestState::confirmed_positive);
  EXPECT_EQ(confirmed.verdict, Verdict::positive);
  EXPECT_EQ(confirmed.retests_outstanding, 0);
  const RetestOutcome split = outcome(Verdict::positive, {Verdict::positive, Verdict::negative});
  EXPECT_EQ(split.state, RetestState::not_confirmed);
  EXPECT_EQ(split.verdict, Verdict::negative);
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::negative, Verdict::negative}).state, RetestState::not_confirmed);
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::suspect, Verdict::positive}).state, RetestState::not_confirmed);
  // Retests beyond the two count too.
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::negative, Verdict::positive, Verdict::positive}).state,
            RetestState::confirmed_positive);
}

TEST(RetestRule, InvalidRetestsDoNotCount) {
  const RetestOutcome o = outcome(Verdict::positive, {Verdict::invalid, Verdict::positive});
  EXPECT_EQ(o.state, RetestState::needs_retest);
  EXPECT_EQ(o.retests_outstanding, 1);
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::invalid, Verdict::positive, Verdict::positive}).state,
            RetestState::confirmed_positive);
}

TEST(RetestRule, FirstSuspect) {
  EXPECT_EQ(outcome(Verdict::suspect, {}).state, RetestState::needs_retest);
  EXPECT_EQ(outcome(Verdict::suspect, {}).verdict, Verdict::suspect);
  EXPECT_EQ(outcome(Verdict::suspect, {Verdict::positive, Verdict::positive}).state, RetestState::confirmed_positive);
  EXPECT_EQ(outcome(Verdict::suspect, {Verdict::negative, Verdict::suspect}).verdict, Verdict::negative);
  RetestPolicy no_suspect_retest;
  no_suspect_retest.suspect_needs_retest = false;
  const RetestOutcome kept = outcome(Verdict::suspect, {}, no_suspect_retest);
  EXPECT_EQ(kept.state, RetestState::not_needed);
  EXPECT_EQ(kept.verdict, Verdict::suspect);
}

TEST(RetestRule, OtherPolicies) {
  const RetestPolicy three_of_two{3, 2, true};
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::positive, Verdict::positive}, three_of_two).retests_outstanding, 1);
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::positive, Verdict::negative, Verdict::positive}, three_of_two).state,
            RetestState::confirmed_positive);
  const RetestPolicy one{1, 1, true};
  EXPECT_EQ(outcome(Verdict::positive, {Verdict::positive}, one).state, RetestState::confirmed_positive);
}

TEST(RetestRule, BadPolicyIsAnError) {
  for (const RetestPolicy& bad :
       {RetestPolicy{0, 0, true}, RetestPolicy{2, 3, true}, RetestPolicy{2, 0, true}, RetestPolicy{-1, 1, true}}) {
    EXPECT_FALSE(validate(bad).ok());
    Result<RetestOutcome> o = retest_outcome(Verdict::positive, {}, bad);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error().code, make_error_code(Errc::config_invalid));
    EXPECT_FALSE(o.error().detail.zh.empty());
  }
}

}  // namespace
}  // namespace kj::lims
