#include "protocols/registry.hpp"

#include <array>
#include <string>

#include "protocols/astm/astm_decoder.hpp"
#include "protocols/dy3000/dy3000_decoder.hpp"
#include "protocols/dy6260/dy6260_decoder.hpp"
#include "protocols/dyrs2/dyrs2_decoder.hpp"
#include "protocols/hl7/hl7_decoder.hpp"
#include "protocols/lz4000t/lz4000t_decoder.hpp"
#include "protocols/tianyang/ty16_decoder.hpp"
#include "protocols/tianyang/tyz24_decoder.hpp"
#include "protocols/tl310/tl310_decoder.hpp"

namespace kj::protocols {

std::span<const ProtocolInfo> known_protocols() {
  static constexpr std::array<ProtocolInfo, 9> kProtocols{{
      {"astm", "ASTM E1381/E1394 (CLSI LIS01/LIS02) lab analyzers", "ASTM E1381/E1394 实验室分析仪", "serial/tcp",
       make_astm_decoder},
      {"hl7", "HL7 v2 ORU^R01 over MLLP", "HL7 v2 ORU^R01（MLLP）", "tcp", make_hl7_decoder},
      {"tl310", "TL310 pesticide-residue photometer", "TL310 农残检测仪", "serial", make_tl310_decoder},
      {"lz4000t", "LZ4000/LZ4000T pesticide-residue photometer", "LZ4000/LZ4000T 农残检测仪", "serial",
       make_lz4000t_decoder},
      {"ty16", "Tianyang TTNJ-8/16 keypad pesticide analyzer", "天阳 TTNJ-8/16 按键式农残检测仪", "serial",
       make_ty16_decoder},
      {"tyz24", "Tianyang TTNJ-Z16/Z24 smart pesticide analyzer", "天阳 TTNJ-Z16/Z24 智能农残检测仪", "serial",
       make_tyz24_decoder},
      {"dy3000", "DY-3000 family multi-function food-safety analyzer", "DY-3000 系列食品安全检测仪", "serial",
       make_dy3000_decoder},
      {"dy6260", "DY-6260 colloidal-gold reader (Android, JSON over TCP)", "DY-6260 胶体金读数仪", "tcp",
       make_dy6260_decoder},
      {"dyrs2", "DYRS2 meat moisture meter", "DYRS2 肉类水分仪", "serial", make_dyrs2_decoder},
  }};
  return kProtocols;
}

const ProtocolInfo* find_protocol(std::string_view name) {
  for (const auto& info : known_protocols()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

Result<std::unique_ptr<Decoder>> make_decoder(std::string_view name, const CodecOptions& options) {
  const ProtocolInfo* info = find_protocol(name);
  if (info == nullptr) {
    std::string names;
    for (const auto& p : known_protocols()) names += (names.empty() ? "" : ", ") + std::string(p.name);
    return make_error(make_error_code(Errc::bad_option),
                      "unknown protocol \"" + std::string(name) + "\"; known: " + names,
                      "未知协议“" + std::string(name) + "”；支持的协议：" + names);
  }
  return info->make_decoder(options);
}

}  // namespace kj::protocols
