// Error codes of the LIMS layer (domain and storage). Each maps to a CLI exit code and an HTTP
// status in one table at the boundary (ui-cli/exit_codes.cpp).
#pragma once

#include <system_error>

namespace kj::lims {

enum class Errc {
  invalid_input = 1,    // a user-supplied value is wrong: the detail names the field
  not_found,            // a record the user named does not exist
  conflict,             // the record exists already, or its state forbids the operation
  config_invalid,       // a config file is missing, unparsable or fails validation
  database_unavailable, // the database cannot be opened or written
  database_too_new,     // the database schema is newer than this program
  migration_failed,     // a schema migration failed; the database was left as it was
  storage_failed,       // SQLite reported an error during an operation
  integrity_broken,     // the audit chain or another invariant of stored data is broken
};

const std::error_category& lims_category();
std::error_code make_error_code(Errc code);

}  // namespace kj::lims

template <>
struct std::is_error_code_enum<kj::lims::Errc> : std::true_type {};
