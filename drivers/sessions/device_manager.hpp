// All configured devices of one station: built from their specs, it starts and stops their
// sessions on one io_context and answers "how is every device doing" for `device status`.
// A device whose session cannot be made (bad option, busy port) is kept with its error, so
// the status shows it instead of hiding it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/sessions/device_session.hpp"

namespace kj::drivers {

class DeviceManager {
 public:
  DeviceManager(IoContext& io, std::vector<DeviceSpec> specs, SessionHandlers handlers);
  ~DeviceManager();
  DeviceManager(const DeviceManager&) = delete;
  DeviceManager& operator=(const DeviceManager&) = delete;

  // Makes and starts every device's session (or only `name`); the errors of those that could
  // not be made, one per device.
  std::vector<Error> start();
  Status start(const std::string& name);
  void stop();
  void stop(const std::string& name);

  // One entry per configured device, in config order.
  [[nodiscard]] std::vector<DeviceHealth> health() const;
  [[nodiscard]] const std::vector<DeviceSpec>& specs() const { return specs_; }
  // The running session of `name`, or nullptr.
  [[nodiscard]] DeviceSession* session(const std::string& name) const;

 private:
  struct Slot {
    DeviceSpec spec;
    std::unique_ptr<DeviceSession> session;
    std::optional<Error> error;
  };
  Slot* find(const std::string& name);
  Status start(Slot& slot);

  IoContext& io_;
  std::vector<DeviceSpec> specs_;
  SessionHandlers handlers_;
  std::vector<Slot> slots_;
};

}  // namespace kj::drivers
