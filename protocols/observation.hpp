// The one shape every codec yields: what one instrument said about one sample and one test
// item (shared/specs/observation.md). Drivers pass it on; the LIMS turns it into a result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kj::protocols {

enum class Verdict { negative, positive, suspect, invalid };

std::string_view to_string(Verdict verdict);
std::optional<Verdict> verdict_from_string(std::string_view text);

struct DeviceIdentity {
  std::string maker;
  std::string model;
  std::string serial;
  bool operator==(const DeviceIdentity&) const = default;
};

// Raw numbers behind a value, as the wire sent them.
struct Readings {
  std::optional<double> a0;       // absorbance at the start of the reaction
  std::optional<double> a3;       // absorbance at the end (3 min for GB/T 5009.199)
  std::optional<double> delta_a;  // reaction ΔA
  std::optional<double> c;        // colloidal gold C-line intensity
  std::optional<double> t;        // colloidal gold T-line intensity
  std::optional<double> tc;       // T/C ratio

  [[nodiscard]] bool empty() const { return !a0 && !a3 && !delta_a && !c && !t && !tc; }
  bool operator==(const Readings&) const = default;
};

// A value is a number when numeric, else the text as sent; monostate when none was sent.
using ObservedValue = std::variant<std::monostate, double, std::string>;

struct Observation {
  std::string protocol;
  std::optional<DeviceIdentity> device;
  std::optional<int> channel;  // 1-based
  std::optional<std::string> sample_id;
  std::optional<std::string> sample_name;  // UTF-8
  std::string item_code;
  std::optional<std::string> item_name;
  ObservedValue value;
  std::optional<std::string> unit;
  Readings readings;
  std::optional<Verdict> verdict;  // the device's own verdict, when it judged
  std::vector<std::string> flags;
  std::optional<std::string> status;
  std::optional<std::string> measured_at;  // ISO 8601 as the wire had it
  std::optional<std::string> standard;
  std::vector<std::uint8_t> raw;  // the bytes this observation came from
  std::uint64_t offset = 0;       // stream offset of the first of those bytes

  bool operator==(const Observation&) const = default;
};

// One JSON object on one line (no newline), field names as in observation.md.
std::string to_json(const Observation& observation);

// Lowercase hex without spaces, as the `raw` field carries bytes.
std::string to_hex(const std::vector<std::uint8_t>& bytes);

}  // namespace kj::protocols
