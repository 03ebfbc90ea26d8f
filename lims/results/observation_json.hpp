// An Observation read back from the JSON it was held as (observation.md field names).
#pragma once

#include <optional>
#include <string>

#include "protocols/observation.hpp"

namespace kj::lims {

std::optional<protocols::Observation> observation_from_json(const std::string& json);
// Readings as stored in result.readings, and back.
std::string readings_json(const protocols::Readings& readings);
protocols::Readings readings_from_json(const std::string& json);

}  // namespace kj::lims
