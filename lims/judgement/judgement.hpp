// kj::lims judgement engine: pure functions that turn readings into verdicts, with every rule's
// parameters passed in as data (loaded from config/, never constants). No I/O, no clock (dates
// are inputs), no exceptions for data. Errors are kj::Result with the layer's kj::lims::Errc:
// config_invalid for a parameter set that cannot be used (negative limit, thresholds out of
// order), not_found for an unknown standard or a limit not in force, invalid_input for a
// measurement that cannot be judged. An unjudgeable reading is a verdict `invalid` with a reason.
//
// Rules, where they are specified (enzyme-inhibition.md unless noted), and the unit that implements them:
//   §1 R1–R6     photometry.hpp: ADC counts → transmittance, absorbance; INVALID, OVERFLOW, saturated.
//   §2 D1–D2     delta_absorbance.hpp: ΔA = A1 − A0; any unreadable operand → INVALID (spec decision).
//   §3 C1, §4    inhibition.hpp: I = (ΔAc − ΔAs) / ΔAc, unrounded, with the rule (I1–I6) that decided it.
//   §5           inhibition_standard.hpp: standards as data — GB/T 5009.199-2003 ≥ 50 %, NY/T 448-2001
//                ≥ 70 %, suspect band and minimum control ΔA as policy (domain.md).
//   §5           inhibition_judgement.hpp: verdict on round(I %, 1) ≥ limit; device-sent rates too.
//   §3, domain   batch_qc.hpp: control ΔA INVALID, ≤ 0 or below the minimum → every result invalid.
//   §6.1         line_intensity.hpp: C and T line intensity from the grey profile.
//   §6.2–6.3     colloidal_gold.hpp: C ≤ InvalidC → invalid; methods 0–4; between thresholds →
//                suspect (domain.md) or invalid (DY-3500), a parameter.
//   domain.md    residue_limit_table.hpp, residue_judgement.hpp, concentration.hpp: MRL by commodity ×
//                item × test date; mg/kg ↔ µg/kg; value > MRL positive, = MRL conforms; 不得检出 items.
//   §5, domain   verdict_review.hpp: our verdict vs the device's; disagreement → held for review.
//   domain.md    matrix_interference.hpp: enzyme positive on 韭菜/茭白/胡萝卜 → heat-treatment retest flag.
//   domain.md    retest_rule.hpp: first positive (or suspect) → 2 retests; confirmed on ≥ 2 positive.
//
// Displays round half away from zero on the decimal digits (decimal_rounding.hpp): 49.96 % →
// 50.0 % positive, 49.94 % → 49.9 % negative. Strong types (quantities.hpp) keep absorbances,
// ratios and percents apart. Verdicts are kj::protocols::Verdict (verdict_text.hpp gives the
// words 阳性/阴性, 合格/不合格).
#pragma once

#include "lims/errors.hpp"
#include "lims/judgement/batch_qc.hpp"
#include "lims/judgement/colloidal_gold.hpp"
#include "lims/judgement/concentration.hpp"
#include "lims/judgement/decimal_rounding.hpp"
#include "lims/judgement/delta_absorbance.hpp"
#include "lims/judgement/inhibition.hpp"
#include "lims/judgement/inhibition_judgement.hpp"
#include "lims/judgement/inhibition_standard.hpp"
#include "lims/judgement/line_intensity.hpp"
#include "lims/judgement/matrix_interference.hpp"
#include "lims/judgement/photometry.hpp"
#include "lims/judgement/quantities.hpp"
#include "lims/judgement/residue_judgement.hpp"
#include "lims/judgement/residue_limit_table.hpp"
#include "lims/judgement/retest_rule.hpp"
#include "lims/judgement/verdict_review.hpp"
#include "lims/judgement/verdict_text.hpp"
