#include "lims/judgement/concentration.hpp"

#include <array>
#include <charconv>

#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {
namespace {

double micrograms_per(MassFractionUnit unit) {
  return unit == MassFractionUnit::mg_per_kg ? 1000.0 : 1.0;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

Concentration convert(Concentration concentration, MassFractionUnit unit) {
  if (concentration.unit() == unit) return concentration;
  const double micrograms = concentration.value() * micrograms_per(concentration.unit());
  return {round_to_significant(micrograms / micrograms_per(unit), 15), unit};
}

std::string_view unit_symbol(MassFractionUnit unit) {
  return unit == MassFractionUnit::mg_per_kg ? "mg/kg" : "\xC2\xB5g/kg";
}

std::optional<MassFractionUnit> parse_mass_fraction_unit(std::string_view text) {
  const std::string unit = ascii_lower(text);
  if (unit == "mg/kg") return MassFractionUnit::mg_per_kg;
  if (unit == "\xC2\xB5g/kg" || unit == "\xCE\xBCg/kg" || unit == "ug/kg") return MassFractionUnit::ug_per_kg;
  return std::nullopt;
}

std::string display_text(const Concentration& concentration) {
  std::array<char, 64> buffer{};
  const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), concentration.value());
  return std::string(buffer.data(), printed.ptr) + " " + std::string(unit_symbol(concentration.unit()));
}

}  // namespace kj::lims
