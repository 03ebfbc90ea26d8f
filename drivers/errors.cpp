#include "drivers/errors.hpp"

#include <string>

namespace kj::drivers {
namespace {

class DriversCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kj.drivers"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::port_not_found: return "port not found";
      case Errc::port_busy: return "port busy";
      case Errc::port_failed: return "port operation failed";
      case Errc::connect_failed: return "connection failed";
      case Errc::timed_out: return "timed out";
      case Errc::enumeration_failed: return "port enumeration failed";
      case Errc::bad_settings: return "unsupported line settings";
      case Errc::disconnected: return "link lost";
      case Errc::capture_unreadable: return "capture file unreadable";
      case Errc::capture_unwritable: return "capture file unwritable";
    }
    return "unknown drivers error";
  }
};

}  // namespace

const std::error_category& drivers_category() {
  static const DriversCategory category;
  return category;
}

std::error_code make_error_code(Errc code) {
  return {static_cast<int>(code), drivers_category()};
}

}  // namespace kj::drivers
