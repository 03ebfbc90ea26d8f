// What a simulated analyzer has measured: a scenario (samples/scenarios/*.json) names the
// samples, their channels and which are positive; from it and a seed, generate_readings()
// derives realistic numbers (control ΔA, absorbances through the photometry of
// enzyme-inhibition.md §1, inhibition rates) that every device simulator puts on its wire.
//
// Scenario format (JSON object; every key optional except "samples"):
//   "date"       "YYYY-MM-DD" the day the tests ran; absent or "today": the caller's today
//   "start_time" "HH:MM:SS" of the first test (default "09:00:00")
//   "interval_seconds"  between two tests (default 90)
//   "seed"       noise seed (default 1); --seed overrides it
//   "standard"   "GB/T 5009.199-2003" (limit 50 %, default) or "NY/T 448-2001" (limit 70 %)
//   "item_code", "item_name"  (default "pesticide", 农药残留; DY-6260 default "clenbuterol", 克伦特罗)
//   "samples": [ {"channel": 1, "sample_id": "0012", "name": "白菜", "positive": false,
//                 "value": 23.5, "item_name": "…"} … ]  channel defaults to the position (1-based),
//                 sample_id to the 4-digit channel, name to a vegetable, value (percent) is drawn
//                 from the verdict: negatives 5–35 %, positives 55–85 % (limit 70: 75–85 %)
//   "faults": ASTM: "bad_checksum", "garbage", "silent", "contention", "busy" (astm_simulator.hpp);
//             polled vendor devices: "garbage", "truncate" (faulty_device.hpp)
//   "group_interval_ms"  TTNJ-Z24 push interval (default 3000), "frame_text" ASTM text per frame
//   (default 240), "silent_ms" how long an ASTM "silent" fault lasts (default 35000),
//   "ack_timeout_ms" HL7 wait for an ACK before sending again (default 10000), "reply_timeout_ms"
//   ASTM wait for ACK/NAK after ENQ or a frame (default 3000; the standard's 15000 is allowed)
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/device_time.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

struct ScenarioSample {
  int channel = 1;
  std::string sample_id;
  std::string name;  // UTF-8
  bool positive = false;
  std::optional<double> value;  // percent; drawn from `positive` when absent
  std::string item_name;        // empty: the scenario's
};

enum class SimFault { bad_checksum, garbage, silent, contention, busy, truncate };

struct Scenario {
  std::optional<protocols::DeviceTime> date;  // nothing: today (filled by the caller)
  int start_seconds = 9 * 3600;
  int interval_seconds = 90;
  std::uint64_t seed = 1;
  std::string standard = "GB/T 5009.199-2003";
  std::string item_code = "pesticide";
  std::string item_name = "农药残留";
  std::vector<ScenarioSample> samples;
  std::vector<SimFault> faults;
  int group_interval_ms = 3000;
  int frame_text = 240;
  int silent_ms = 35000;
  int ack_timeout_ms = 10000;
  int reply_timeout_ms = 3000;

  [[nodiscard]] bool has_fault(SimFault fault) const;
  // 50 for GB/T 5009.199-2003, 70 for NY/T 448-2001.
  [[nodiscard]] double limit() const;
  // The TL310 standard byte: 00 GB/T 5009.199-2003, 01 NY/T 448-2001.
  [[nodiscard]] std::uint8_t standard_code() const;
};

// Parses a scenario document; bad_settings naming the key and what was expected.
Result<Scenario> parse_scenario(std::string_view json_text);
Result<Scenario> load_scenario(const std::filesystem::path& file);

// The scenario a profile runs without --scenario (the same as samples/scenarios/PROFILE.json).
Scenario default_scenario(std::string_view profile);

// One tested sample as the instrument measured it.
struct SimReading {
  int channel = 1;
  std::string sample_id;
  std::string sample_name;
  std::string item_name;
  bool positive = false;       // the instrument's verdict: round(I %, 1) ≥ limit
  double inhibition = 0;       // percent, unrounded
  double control_delta_a = 0;  // ΔAc of the run's control
  double a0 = 0, a3 = 0;       // sample absorbance at start and end
  double delta_a = 0;          // ΔAs
  protocols::DeviceTime measured_at;
  int test_number = 1;  // 1, 2, … in scenario order
};

// The readings of every sample, deterministic for (scenario, seed). `today` stands in for an
// absent date.
std::vector<SimReading> generate_readings(const Scenario& scenario, const protocols::DeviceTime& today);

std::string_view to_string(SimFault fault);

}  // namespace kj::drivers
