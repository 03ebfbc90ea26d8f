// Evidence files of case steps (photos, signed forms, lab reports), stored by content: a file
// is copied to <store>/<sha256 of its bytes>, so the same file attached twice is kept once and
// a stored file can be checked against the hash the step recorded. The step keeps the hash,
// the original file name and the size. The store sits beside the database:
// <data dir>/evidence/ for <data dir>/kuaijian.db.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "protocols/result.hpp"

namespace kj::lims {

struct EvidenceRef {
  std::string sha256;  // lowercase hex, 64 characters
  std::string name;    // the original file name, without its folder
  std::int64_t bytes = 0;
};

inline constexpr std::int64_t kMaxEvidenceBytes = 64LL * 1024 * 1024;

std::filesystem::path evidence_dir_for(const std::filesystem::path& database_file);

// Copies `file` into `store` (created when missing) under its hash. The copy is written to a
// temporary name and renamed, so a crash never leaves a partial file under a hash name.
// Errc::invalid_input when the file cannot be read or exceeds kMaxEvidenceBytes.
Result<EvidenceRef> store_evidence(const std::filesystem::path& store, const std::filesystem::path& file);

// JSON array [{"sha256":…,"name":…,"bytes":…}] as stored in case_step.evidence, and back.
std::string evidence_json(const std::vector<EvidenceRef>& evidence);
std::vector<EvidenceRef> parse_evidence_json(const std::string& json);

}  // namespace kj::lims
