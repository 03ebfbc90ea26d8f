// The intensity of one colloidal-gold line (C or T) read from the grey-level profile along the
// strip (enzyme-inhibition.md §6.1): find the peak near the configured line position, then take
// the truncated mean of the five rows around it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "lims/judgement/quantities.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

// `profile`: one grey level per pixel row (larger = stronger colour). `configured_offset`: the
// line position of the item/reader settings (defaults C 25, T 75), which the source treats as
// the last of the five averaged rows. The window [offset − 2, offset + 1] is searched for the
// first maximum, and the offset moves to peak + 2; if that window would reach row 0 or the last
// row the configured offset is kept. Error (invalid_input) when the five rows do not fit.
Result<LineIntensity> line_intensity(std::span<const std::uint8_t> profile, std::size_t configured_offset);

// When the device sends the sum of the five rows instead of the profile.
LineIntensity line_intensity_from_sum(int sum_of_five_rows);

}  // namespace kj::lims
