// The simulator profiles `kuaijian sim PROFILE` offers: one per protocol, with the line
// settings of the real instrument and whether it dials out (HL7 sender) or waits for the host.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

struct SimProfile {
  std::string_view name;  // as in --protocol: "tl310", "astm", …
  std::string_view description;
  std::string_view description_zh;
  unsigned baud;  // the instrument's serial speed (instruments.md)
  bool pushes;    // sends on its own once connected (ASTM, HL7)
  bool tcp_only;  // DY-6260 and HL7 have no serial port
};

std::span<const SimProfile> sim_profiles();
const SimProfile* find_sim_profile(std::string_view name);

// A fresh device for one connection, its readings generated from `scenario` (`today` stands in
// for an absent scenario date). bad_settings for an unknown profile.
Result<std::unique_ptr<DeviceSimulator>> make_simulator(std::string_view profile, const Scenario& scenario,
                                                        const protocols::DeviceTime& today);

}  // namespace kj::drivers
