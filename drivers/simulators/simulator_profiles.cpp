#include "drivers/simulators/simulator_profiles.hpp"

#include <array>
#include <string>

#include "drivers/errors.hpp"
#include "drivers/simulators/astm_simulator.hpp"
#include "drivers/simulators/dy3000_simulator.hpp"
#include "drivers/simulators/dy6260_simulator.hpp"
#include "drivers/simulators/dyrs2_simulator.hpp"
#include "drivers/simulators/faulty_device.hpp"
#include "drivers/simulators/hl7_simulator.hpp"
#include "drivers/simulators/lz4000t_simulator.hpp"
#include "drivers/simulators/tianyang_simulators.hpp"
#include "drivers/simulators/tl310_simulator.hpp"

namespace kj::drivers {

namespace {

constexpr std::array<SimProfile, 9> kProfiles = {{
    {"tl310", "TL310 pesticide photometer (polled, 115200 8N1)", "TL310 农残检测仪（轮询，115200 8N1）", 115200, false,
     false},
    {"lz4000t", "LZ4000T pesticide photometer (polled, 115200 8N1)", "LZ4000T 农残检测仪（轮询，115200 8N1）", 115200,
     false, false},
    {"ty16", "Tianyang TTNJ-16 keypad analyzer (polled, 9600 8N1)", "天阳 TTNJ-16 按键式检测仪（轮询，9600 8N1）", 9600,
     false, false},
    {"tyz24", "Tianyang TTNJ-Z24 smart analyzer (groups pushed after 24, 9600 8N1)",
     "天阳 TTNJ-Z24 智能检测仪（收到 24 后推送，9600 8N1）", 9600, false, false},
    {"dy3000", "DY-3000 family photometer (polled, 9600 8N1)", "DY-3000 系列检测仪（轮询，9600 8N1）", 9600, false,
     false},
    {"dy6260", "DY-6260 colloidal-gold reader (TCP, answers READ)", "DY-6260 胶体金读数仪（TCP，应答 READ）", 0, false,
     true},
    {"dyrs2", "DYRS2 meat-moisture meter (polled, 9600 8N1)", "DYRS2 肉类水分仪（轮询，9600 8N1）", 9600, false, false},
    {"astm", "ASTM E1381/E1394 analyzer pushing results (9600 8N1 or TCP)",
     "ASTM E1381/E1394 分析仪，主动上传（9600 8N1 或 TCP）", 9600, true, false},
    {"hl7", "HL7 v2 ORU^R01 sender over MLLP (connects to the host)", "HL7 v2 ORU^R01 发送方（MLLP，连接主机）", 0,
     true, true},
}};

}  // namespace

std::span<const SimProfile> sim_profiles() {
  return kProfiles;
}

const SimProfile* find_sim_profile(std::string_view name) {
  for (const auto& p : kProfiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Result<std::unique_ptr<DeviceSimulator>> make_simulator(std::string_view profile, const Scenario& scenario,
                                                        const protocols::DeviceTime& today) {
  auto readings = generate_readings(scenario, today);
  std::unique_ptr<DeviceSimulator> sim;
  if (profile == "tl310")
    sim = std::make_unique<Tl310Simulator>(scenario, std::move(readings));
  else if (profile == "lz4000t")
    sim = std::make_unique<Lz4000tSimulator>(std::move(readings));
  else if (profile == "ty16")
    sim = std::make_unique<Ty16Simulator>(readings);
  else if (profile == "tyz24")
    sim = std::make_unique<Tyz24Simulator>(scenario, readings);
  else if (profile == "dy3000")
    sim = std::make_unique<Dy3000Simulator>(scenario, readings);
  else if (profile == "dy6260")
    sim = std::make_unique<Dy6260Simulator>(std::move(readings));
  else if (profile == "dyrs2")
    sim = std::make_unique<Dyrs2Simulator>(std::move(readings));
  else if (profile == "astm")
    sim = std::make_unique<AstmSimulator>(scenario, readings);
  else if (profile == "hl7")
    sim = std::make_unique<Hl7Simulator>(scenario, readings);
  if (!sim) {
    std::string names;
    for (const auto& p : kProfiles) names += (names.empty() ? "" : ", ") + std::string(p.name);
    return make_error(make_error_code(Errc::bad_settings),
                      "unknown simulator profile \"" + std::string(profile) + "\"; expected one of " + names,
                      "未知的模拟器类型“" + std::string(profile) + "”；应为 " + names + " 之一");
  }
  const bool garbage = scenario.has_fault(SimFault::garbage), truncate = scenario.has_fault(SimFault::truncate);
  if (profile != "astm" && (garbage || truncate))
    sim = std::make_unique<FaultyDevice>(std::move(sim), garbage, truncate);
  return sim;
}

}  // namespace kj::drivers
