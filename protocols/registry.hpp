// The protocols kuaijian speaks: their names (as in --protocol and config/devices.json), what
// they are, and a decoder for each.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

struct ProtocolInfo {
  std::string_view name;         // e.g. "tl310"
  std::string_view description;  // English, one line
  std::string_view description_zh;
  std::string_view transport;    // "serial", "tcp" or "serial/tcp"
};

std::span<const ProtocolInfo> known_protocols();
const ProtocolInfo* find_protocol(std::string_view name);

}  // namespace kj::protocols
