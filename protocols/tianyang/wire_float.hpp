// The big-endian IEEE-754 float32 values Tianyang analyzers send (absorbance, results), and how
// they become the numbers an observation carries.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace kj::protocols::tianyang {

// Reads 4 bytes, most significant first, as a float32 (bit_cast: no aliasing tricks).
float read_float32_be(std::span<const std::uint8_t, 4> bytes);
std::array<std::uint8_t, 4> float32_be(float value);
void append_float32_be(std::vector<std::uint8_t>& out, float value);

// The double with the shortest decimal form that reads back as `value` (0.8123f → 0.8123,
// not 0.81230002641677856): the device computed in float32, so digits beyond it are noise.
double widen_shortest(float value);

// Rounds half away from zero to two decimals, as the vendor drivers present results.
double round_2dp(double value);

// A sent number a real measurement can hold: exactly 0, or a magnitude within 1e-6…1e6
// (absorbances, percentages, mg/kg). NaN, infinities, subnormals and the tiny values a
// misaligned read of zero-padded bytes produces all fail, which is what lets a decoder find
// groups by structure in a stream without checksums.
bool is_plausible_reading(float value);

}  // namespace kj::protocols::tianyang
