// Small helpers the vendor codec tests (tl310, lz4000t, dy3000, dyrs2) share: joining frames
// into one stream, and events as text, so a split-independence failure prints readable lines.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::test {

inline std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Each event's JSON line plus what the line leaves out (an observation's offset, an error's code).
inline std::vector<std::string> event_lines(const std::vector<protocols::DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    if (const auto* o = std::get_if<protocols::Observation>(&event)) {
      out.push_back(protocols::to_json(*o) + " @" + std::to_string(o->offset));
    } else {
      const auto& e = std::get<protocols::DecodeError>(event);
      out.push_back(protocols::to_json(e) + " code " + std::to_string(static_cast<int>(e.code)));
    }
  }
  return out;
}

}  // namespace kj::test
