// The checksums of the Chinese rapid-analyzer protocols (shared/specs/instruments.md §0):
// CRC8-31 (TL310, LZ4000T), XOR8 (DY-3000) and NEG8 (DYRS2, sent as two ASCII hex digits).
#pragma once

#include <cstdint>
#include <span>

namespace kj::protocols {

// CRC-8, polynomial 0x31, init 0, not reflected, no final XOR ("123456789" → 0xA2). This is
// neither CRC-8/MAXIM (reflected) nor CRC-8/NRSC-5 (init 0xFF): the TL310 frames prove it.
std::uint8_t crc8_31(std::span<const std::uint8_t> bytes);

// XOR of all bytes, start 0 (the DY-3000 source calls it a "checksum", but it is an XOR).
std::uint8_t xor8(std::span<const std::uint8_t> bytes);

// Two's complement of the byte sum: (0x100 − sum) & 0xFF; the covered bytes plus it sum to 0.
std::uint8_t neg8(std::span<const std::uint8_t> bytes);

}  // namespace kj::protocols
