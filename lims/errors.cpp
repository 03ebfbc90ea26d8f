#include "lims/errors.hpp"

#include <string>

namespace kj::lims {
namespace {

class LimsCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kj.lims"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::invalid_input: return "invalid input";
      case Errc::not_found: return "not found";
      case Errc::conflict: return "conflict";
      case Errc::config_invalid: return "invalid configuration";
      case Errc::database_unavailable: return "database unavailable";
      case Errc::database_too_new: return "database newer than this program";
      case Errc::migration_failed: return "migration failed";
      case Errc::storage_failed: return "storage failed";
      case Errc::integrity_broken: return "integrity broken";
    }
    return "unknown lims error";
  }
};

}  // namespace

const std::error_category& lims_category() {
  static const LimsCategory category;
  return category;
}

std::error_code make_error_code(Errc code) { return {static_cast<int>(code), lims_category()}; }

}  // namespace kj::lims
