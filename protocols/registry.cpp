#include "protocols/registry.hpp"

#include <array>

namespace kj::protocols {

std::span<const ProtocolInfo> known_protocols() {
  static constexpr std::array<ProtocolInfo, 9> kProtocols{{
      {"astm", "ASTM E1381/E1394 (CLSI LIS01/LIS02) lab analyzers", "ASTM E1381/E1394 实验室分析仪", "serial/tcp"},
      {"hl7", "HL7 v2 ORU^R01 over MLLP", "HL7 v2 ORU^R01（MLLP）", "tcp"},
      {"tl310", "TL310 pesticide-residue photometer", "TL310 农残检测仪", "serial"},
      {"lz4000t", "LZ4000/LZ4000T pesticide-residue photometer", "LZ4000/LZ4000T 农残检测仪", "serial"},
      {"ty16", "Tianyang TTNJ-8/16 keypad pesticide analyzer", "天阳 TTNJ-8/16 按键式农残检测仪", "serial"},
      {"tyz24", "Tianyang TTNJ-Z16/Z24 smart pesticide analyzer", "天阳 TTNJ-Z16/Z24 智能农残检测仪", "serial"},
      {"dy3000", "DY-3000 family multi-function food-safety analyzer", "DY-3000 系列食品安全检测仪", "serial"},
      {"dy6260", "DY-6260 colloidal-gold reader (Android, JSON over TCP)", "DY-6260 胶体金读数仪", "tcp"},
      {"dyrs2", "DYRS2 meat moisture meter", "DYRS2 肉类水分仪", "serial"},
  }};
  return kProtocols;
}

const ProtocolInfo* find_protocol(std::string_view name) {
  for (const auto& info : known_protocols()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace kj::protocols
