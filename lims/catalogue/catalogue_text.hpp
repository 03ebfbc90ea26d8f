// How a test method is written in the database and in master-data records: one place, so the
// booth's catalogue and what the county publishes spell it the same.
#pragma once

#include <string>

#include "lims/config/config.hpp"

namespace kj::lims {

std::string method_name(config::Method method);

}  // namespace kj::lims
