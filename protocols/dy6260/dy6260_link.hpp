// What the host sends a DY-6260 reader over the ADB-forwarded TCP link (instruments.md §6):
// `READ` asks for the stored results, `SAKJ` is the reference client's connectivity probe.
// Four ASCII bytes each, no terminator.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kj::protocols::dy6260 {

inline constexpr std::string_view kReadRequest = "READ";
inline constexpr std::string_view kProbeRequest = "SAKJ";
// The reader's service port on the device and the host port the vendor forwards to it.
inline constexpr std::uint16_t kDevicePort = 10086;
inline constexpr std::uint16_t kHostPort = 12580;

std::vector<std::uint8_t> encode_read_request();
std::vector<std::uint8_t> encode_probe_request();

}  // namespace kj::protocols::dy6260
