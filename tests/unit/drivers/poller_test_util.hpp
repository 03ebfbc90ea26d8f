// Shared by the pollers' unit tests: run a Poller against a simulated device (both pure state
// machines, no I/O, no clock), and sort what the poller handed out. Time is driven by hand:
// a test calls on_timeout() where the session's timer would have fired.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "drivers/sessions/poller.hpp"
#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "protocols/observation.hpp"
#include "protocols/registry.hpp"

namespace kj::test {

struct PollLog {
  std::vector<std::vector<std::uint8_t>> requests;
  std::vector<protocols::Observation> observations;
  std::vector<protocols::DecodeError> errors;
  std::vector<Error> failures;
  int frames = 0;

  // Takes everything the poller has ready.
  void take(drivers::Poller& poller) {
    while (auto output = poller.next()) {
      if (auto* request = std::get_if<drivers::PollRequest>(&*output)) {
        requests.push_back(request->bytes);
      } else if (auto* event = std::get_if<protocols::DecodeEvent>(&*output)) {
        if (auto* o = std::get_if<protocols::Observation>(event)) {
          observations.push_back(*o);
        } else {
          errors.push_back(std::get<protocols::DecodeError>(*event));
        }
      } else if (std::holds_alternative<drivers::PollFrame>(*output)) {
        ++frames;
      } else {
        failures.push_back(std::get<drivers::PollFailure>(*output).error);
      }
    }
  }
};

inline std::unique_ptr<protocols::Decoder> decoder_for(std::string_view protocol) {
  auto decoder = protocols::make_decoder(protocol);
  EXPECT_TRUE(decoder.ok());
  return std::move(*decoder);
}

// The simulator of `profile` for the scenario of that name, with its tests on `day`.
inline std::unique_ptr<drivers::DeviceSimulator> simulator_for(std::string_view profile,
                                                               const protocols::DeviceTime& day,
                                                               std::vector<drivers::SimFault> faults = {}) {
  auto scenario = drivers::default_scenario(profile);
  scenario.date = day;
  scenario.seed = 7;
  scenario.group_interval_ms = 10;
  scenario.faults = std::move(faults);
  auto sim = drivers::make_simulator(profile, scenario, day);
  EXPECT_TRUE(sim.ok());
  return std::move(*sim);
}

// Runs the conversation to its end: each request goes to the device, its answer (and, for a
// pushing device, what its own timer releases) back to the poller. Bytes are handed over one
// at a time when `bytewise`, to show the poller does not depend on how reads split the stream.
inline PollLog converse(drivers::Poller& poller, drivers::DeviceSimulator& device, bool bytewise = false) {
  PollLog log;
  poller.begin();
  drivers::SimTime now{};
  for (int step = 0; step < 10000 && !poller.done(); ++step) {
    const std::size_t before = log.requests.size();
    log.take(poller);
    for (std::size_t i = before; i < log.requests.size(); ++i) device.feed(log.requests[i], now);
    auto answer = device.take_output();
    if (answer.empty() && device.deadline()) {
      now = *device.deadline();
      device.on_timeout(now);
      answer = device.take_output();
    }
    if (answer.empty()) {
      if (log.requests.size() != before) continue;
      poller.on_timeout();  // the device has nothing more to say: the session's timer fires
      continue;
    }
    if (bytewise) {
      for (const auto byte : answer) poller.feed(std::span<const std::uint8_t>(&byte, 1));
    } else {
      poller.feed(answer);
    }
  }
  log.take(poller);
  return log;
}

inline bool contains(const std::vector<std::vector<std::uint8_t>>& requests, const std::vector<std::uint8_t>& r) {
  return std::find(requests.begin(), requests.end(), r) != requests.end();
}

}  // namespace kj::test
