// Opening disposal cases: a rapid-test case when a positive is confirmed (automatically, from
// ingest, or by hand) and a lab sampling case when a non-conforming lab conclusion is received.
// Opening records the first step (opened / conclusion_received) at t0 and starts the deadlines
// that count from it, the case's due date among them (case_rules.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/cases/case_rules.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/records/change_log.hpp"

namespace kj::lims {

// Opens the rapid-test case of a confirmed positive INSIDE THE CALLER'S TRANSACTION: it never
// begins, commits or rolls back one, so ingest can call it right after storing the result whose
// conclusion is RetestState::confirmed_positive, and the result and its case commit together
// or not at all.
// - `result_uuid`: that result (any current result of the positive sample × item will do); the
//   caller has established the positive is confirmed — this function does not judge.
// - Idempotent: when the sample × item has a rapid case already, returns it unchanged (so a
//   further retest, or a re-ingested observation, never opens a second case).
// - t0 (opened_at) = the latest tested_at among the current results of that sample × item
//   (the retest that confirmed it), but never later than actor.now.
// Errors, on which the caller should roll back: Errc::not_found (no such result) and
// Errc::config_invalid (a deadline needs a calendar year without config/calendar/YYYY.json).
// Throws StorageError on a database failure (Database::transact turns it into an error).
Result<CaseId> open_rapid_case_for_result(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                          const std::string& result_uuid);

struct OpenedCase {
  CaseId id;
  std::string number;
  bool created = false;  // false: the case existed already and was returned unchanged
};

// `kuaijian case open rapid --result UUID`: in its own transaction, after checking that the
// result's sample × item is a confirmed positive (Errc::conflict otherwise, saying why).
Result<OpenedCase> open_rapid_case(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                   const Rulebook& rulebook, const std::string& result_key,
                                   const std::vector<EvidenceRef>& evidence = {}, const std::string& note = {});

struct LabCaseInput {
  std::string sample;                               // sample number (or uuid) the conclusion is about
  std::string item;                                 // catalogue item code; optional
  std::string result;                               // or the non-conforming lab result's uuid: gives sample and item
  std::optional<Timestamp> conclusion_received_at;  // t0; actor.now when not given; never after it
  std::string note;                                 // e.g. the test report number and what was found
  std::string escalated_from;                       // number of the rapid case this sampling followed, if any
  std::vector<EvidenceRef> evidence;
};

// Opens the lab sampling case of a non-conforming conclusion INSIDE THE CALLER'S TRANSACTION
// (same contract as open_rapid_case_for_result; idempotent per sample). For the lead's
// "lab conclusion recorded" path. Errc::invalid_input / not_found name the field.
Result<CaseId> open_lab_case_in_transaction(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                            const LabCaseInput& input);

// `kuaijian case open lab …`: the same in its own transaction.
Result<OpenedCase> open_lab_case(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                 const LabCaseInput& input);

}  // namespace kj::lims
