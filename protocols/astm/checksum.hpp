// The E1381 frame checksum: the sum of the bytes from the frame number through ETB/ETX, modulo
// 256, carried as two hex digits after the terminator.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace kj::protocols::astm {

// Sum modulo 256 of `fn_through_terminator` (the frame number, the text and ETB/ETX).
std::uint8_t frame_checksum(std::span<const std::uint8_t> fn_through_terminator);

// The two uppercase hex digits a sender writes.
std::array<char, 2> checksum_digits(std::uint8_t checksum);

// Reads the two digits a peer sent; lowercase is accepted because some analyzers send it.
std::optional<std::uint8_t> parse_checksum_digits(std::uint8_t high, std::uint8_t low);

}  // namespace kj::protocols::astm
