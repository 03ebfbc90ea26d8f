// The protocols kuaijian speaks: their names (as in --protocol and config/devices.json), what
// they are, and a decoder for each.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

using DecoderFactory = Result<std::unique_ptr<Decoder>> (*)(const CodecOptions& options);

struct ProtocolInfo {
  std::string_view name;         // e.g. "tl310"
  std::string_view description;  // English, one line
  std::string_view description_zh;
  std::string_view transport;  // "serial", "tcp" or "serial/tcp"
  DecoderFactory make_decoder;
};

std::span<const ProtocolInfo> known_protocols();
const ProtocolInfo* find_protocol(std::string_view name);

// A decoder of the named protocol with per-device options; an unknown name or a bad option is
// an Error (Errc::bad_option) whose text lists what is allowed.
Result<std::unique_ptr<Decoder>> make_decoder(std::string_view name, const CodecOptions& options = {});

}  // namespace kj::protocols
