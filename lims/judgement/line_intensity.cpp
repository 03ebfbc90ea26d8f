#include "lims/judgement/line_intensity.hpp"

#include <string>

#include "lims/errors.hpp"

namespace kj::lims {

Result<LineIntensity> line_intensity(std::span<const std::uint8_t> profile, std::size_t configured_offset) {
  std::size_t offset = configured_offset;
  // Fine positioning only when the window stays strictly inside the profile: the first and last
  // rows are the strip's edge, not a line.
  if (offset >= 3 && offset + 2 < profile.size()) {
    std::size_t peak = offset - 2;
    for (std::size_t row = offset - 2; row <= offset + 1; ++row) {
      if (profile[row] > profile[peak]) peak = row;  // strict: the first maximum wins
    }
    offset = peak + 2;
  }
  if (offset < 4 || offset >= profile.size()) {
    const std::string where = std::to_string(configured_offset);
    const std::string size = std::to_string(profile.size());
    return make_error(make_error_code(Errc::invalid_input),
                      "line position " + where + " leaves no five rows to average in a profile of " + size + " rows",
                      "线位置 " + where + " 在 " + size + " 行的灰度曲线中取不到 5 行均值");
  }
  int sum = 0;
  for (std::size_t row = offset - 4; row <= offset; ++row) sum += profile[row];
  return line_intensity_from_sum(sum);
}

LineIntensity line_intensity_from_sum(int sum_of_five_rows) {
  return LineIntensity(sum_of_five_rows / 5);
}

}  // namespace kj::lims
