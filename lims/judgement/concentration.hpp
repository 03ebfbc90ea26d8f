// A mass-fraction concentration (residue in food) with its unit, and the one conversion the
// rules need: mg/kg ↔ µg/kg. Limits in GB 2763 are in mg/kg; veterinary-drug limits and many
// quantitative cards use µg/kg.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kj::lims {

enum class MassFractionUnit { mg_per_kg, ug_per_kg };

class Concentration {
 public:
  constexpr Concentration(double value, MassFractionUnit unit) : value_(value), unit_(unit) {}

  [[nodiscard]] constexpr double value() const { return value_; }
  [[nodiscard]] constexpr MassFractionUnit unit() const { return unit_; }
  bool operator==(const Concentration&) const = default;

 private:
  double value_;
  MassFractionUnit unit_;
};

// The same concentration in `unit`, rounded to 15 significant digits so a conversion never
// adds binary noise that would flip a comparison at the limit (0.02 mg/kg → exactly 20 µg/kg).
Concentration convert(Concentration concentration, MassFractionUnit unit);

// "mg/kg" or "µg/kg" (U+00B5 micro sign).
std::string_view unit_symbol(MassFractionUnit unit);
// Accepts "mg/kg", "µg/kg" (micro sign), "μg/kg" (Greek mu), "ug/kg"; ASCII case is ignored.
std::optional<MassFractionUnit> parse_mass_fraction_unit(std::string_view text);

// "0.01 mg/kg": the shortest decimal that reads back as the value, then the unit.
std::string display_text(const Concentration& concentration);

}  // namespace kj::lims
