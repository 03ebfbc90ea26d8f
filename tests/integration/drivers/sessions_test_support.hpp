// Shared by the device-session tests: a session's handlers that record what they were handed,
// and the spec of a device on a pty.
#pragma once

#include <string>
#include <vector>

#include "drivers/sessions/device_session.hpp"
#include "protocols/observation.hpp"

namespace kj::test {

struct SessionRecorder {
  std::vector<protocols::Observation> observations;
  std::vector<drivers::RawRef> refs;
  std::vector<drivers::SessionError> errors;
  int done = 0;

  drivers::SessionHandlers handlers() {
    return {[this](const protocols::Observation& o, const drivers::RawRef& ref) {
              observations.push_back(o);
              refs.push_back(ref);
            },
            [this](const drivers::SessionError& e) { errors.push_back(e); }, [this] { ++done; }};
  }
  [[nodiscard]] std::size_t decode_errors() const {
    std::size_t n = 0;
    for (const auto& e : errors) n += e.decode.has_value() ? 1 : 0;
    return n;
  }
  [[nodiscard]] std::size_t link_errors() const {
    std::size_t n = 0;
    for (const auto& e : errors) n += e.link.has_value() ? 1 : 0;
    return n;
  }
};

inline drivers::DeviceSpec serial_spec(std::string protocol, std::string path) {
  drivers::DeviceSpec spec;
  spec.name = "dev1";
  spec.protocol = std::move(protocol);
  spec.transport = drivers::SerialLink{std::move(path), {}};
  return spec;
}

}  // namespace kj::test
