// Results (检测结果): observations become judged, audited results; retests link to the first
// test; signatures make a result immutable; corrections are new versions with a reason.
//
// Rules (shared/specs/domain.md, enzyme-inhibition.md):
// - An observation's item code is mapped through the device's item mapping; an unmapped code,
//   or a sample that cannot be identified, is held (never dropped) and re-ingested when fixed.
// - The first valid (not invalid) result of a sample × item is its initial test; later ones are
//   retests linked to it. An invalid result does not count as the initial test.
// - Where the device's own verdict differs from ours the result is held for the reviewer.
// - A result signed by the reviewer never changes (enforced by a trigger in the database).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/judgement/retest_rule.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/records/change_log.hpp"
#include "lims/storage/database.hpp"
#include "protocols/observation.hpp"

namespace kj::lims {

struct CaseRules;  // lims/cases/case_rules.hpp

struct BatchInput {
  std::string device;                                 // device name; empty for a manual run
  std::string item;                                   // catalogue item code
  std::string standard;                               // empty → the item's standard
  std::vector<std::pair<int, std::string>> channels;  // channel → sample number
  std::optional<protocols::Readings> control;         // A0/A3 or ΔA of the control, when measured
};

struct BatchInfo {
  BatchId id;
  std::string uuid;
  std::string qc_outcome;  // pending | passed | failed
  Text qc_reason;
};

Result<BatchInfo> open_batch(storage::Database& db, const Actor& actor, const Rulebook& rules, const BatchInput& input);
Status close_batch(storage::Database& db, const Actor& actor, BatchId batch);

// Where a stored result stands in its sample's retest sequence.
struct Conclusion {
  RetestState state = RetestState::not_needed;
  int retests_outstanding = 0;
  protocols::Verdict verdict = protocols::Verdict::invalid;
  Text reason;
};

struct Ingested {
  bool held = false;
  Text held_reason;
  std::string result_uuid;
  ResultId result_id;
  std::string sample_number;
  std::string item_code;
  int channel = 0;
  protocols::Verdict verdict = protocols::Verdict::invalid;
  std::optional<double> value;
  std::string unit;
  bool held_for_review = false;
  bool retest = false;
  std::vector<std::string> flags;
  Text reason;
  Conclusion conclusion;
  // The disposal case this result belongs to, when it confirmed a positive (a rapid case) or is
  // a lab's non-conforming conclusion (a lab case); `case_opened` when this result opened it.
  std::string case_number;
  bool case_opened = false;
};

struct Provenance {
  std::string data_source = "instrument";  // instrument | manual | import
  std::string raw_ref;                     // capture file:rx offset:length, when captured
  // A lab's conclusion on a supervisory sample (监督抽检), not a rapid test: no retests; a
  // non-conforming one opens a lab case.
  bool lab_conclusion = false;
};

// Stores the observation as a result of `device` (and of `batch`, which assigns channels to
// samples). Unmapped codes and unidentifiable samples are held with the reason.
// With `cases` (the program always passes them; judgement-only tests may not), the result that
// confirms a positive opens its rapid disposal case, and a lab's positive conclusion
// (Provenance::lab_conclusion) opens a lab case — in the same transaction, so a stored confirmed positive
// never lacks its case.
Result<Ingested> ingest_observation(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                    const std::string& device, const protocols::Observation& observation,
                                    std::optional<BatchId> batch, const Provenance& provenance = {},
                                    const CaseRules* cases = nullptr);

// The same for many observations of one device in one transaction (a whole analyzer run):
// all are stored, held or — on a failure — none. `provenance`: one per observation (each
// reading's place in the capture), or empty for instrument data without a capture.
Result<std::vector<Ingested>> ingest_observations(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                                  const std::string& device,
                                                  std::span<const protocols::Observation> observations,
                                                  std::optional<BatchId> batch,
                                                  std::span<const Provenance> provenance = {},
                                                  const CaseRules* cases = nullptr);

// Maps `device_code` of `device` to a catalogue item and re-ingests what was held for it.
// Returns how many held observations became results.
Result<int> map_device_item(storage::Database& db, const Actor& actor, const Rulebook& rules, const std::string& device,
                            const std::string& device_code, const std::string& item_code,
                            const CaseRules* cases = nullptr);

struct ResultRow {
  ResultId id;
  std::string uuid;
  int version = 1;
  std::string sample_number, sample_name, item_code, item_name, method, standard;
  std::optional<double> value_number;
  std::string value_text, unit, limit_text, verdict, device_verdict, review, test_kind, tester, reviewer;
  std::string tester_signed_at, reviewer_signed_at, tested_at, data_source, flags, correction_reason;
  std::optional<int> channel;
  std::string batch_uuid;
};

struct ResultFilter {
  std::string sample;   // number
  std::string verdict;  // negative | positive | suspect | invalid
  bool unsigned_only = false;
  bool held_only = false;
};

// Current versions only.
Result<std::vector<ResultRow>> list_results(storage::Database& db, const ResultFilter& filter = {});
Result<ResultRow> find_result(storage::Database& db, const std::string& uuid_or_prefix);
Result<std::vector<ResultRow>> result_history(storage::Database& db, const std::string& uuid);

enum class SignRole { tester, reviewer };
// The reviewer must differ from the tester and sign after them; a result held for review needs
// the reviewer's decision.
Result<ResultRow> sign_result(storage::Database& db, const Actor& actor, const std::string& uuid, SignRole role,
                              std::optional<protocols::Verdict> decision = std::nullopt);

struct Correction {
  std::optional<double> value;
  std::optional<protocols::Verdict> verdict;
};
// A new version of the result with actor.reason (required); the old one stays as it was.
Result<ResultRow> correct_result(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                 const std::string& uuid, const Correction& correction);

struct PendingRetest {
  std::string sample_number;
  std::string sample_name;
  int outstanding = 0;  // retests still to run
};
// The samples whose first test of `item_code` was positive or suspect and that still need
// retests, oldest first: what `batch run --retests` puts on the analyzer's channels.
Result<std::vector<PendingRetest>> pending_retests(storage::Database& db, const Rulebook& rules,
                                                   const std::string& item_code);

// The retest standing of a sample × item from its current results.
Result<Conclusion> conclusion_of(storage::Database& db, const Rulebook& rules, SampleId sample, ItemId item);

}  // namespace kj::lims
