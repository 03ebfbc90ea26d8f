#include "lims/records/uuid.hpp"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace kj::lims {

// RFC 9562 version 4: 122 random bits from the kernel's generator (one getrandom call; Poco's
// generator opened /dev/urandom and re-seeded on every call, a large share of an ingest).
// Not the time-ordered version 7, though its keys would sit closer in the indexes: people type
// a uuid's first 8 characters (the result tables show those), and in version 7 they are the
// clock, the same for every record of a run.
std::string new_uuid() {
  std::array<std::uint8_t, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const auto got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (got < 0) throw std::runtime_error("getrandom failed: no randomness for a record uuid");
    filled += static_cast<std::size_t>(got);
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 0x0F];
  }
  return text;
}

}  // namespace kj::lims
