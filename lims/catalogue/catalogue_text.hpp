// How catalogue values are written in the database and in master-data records: a method's
// name and a date as YYYY-MM-DD. One place, so the booth's catalogue and what the county
// publishes spell them the same.
#pragma once

#include <string>

#include "lims/config/config.hpp"

namespace kj::lims {

std::string method_name(config::Method method);
std::string date_text(const config::Date& date);

}  // namespace kj::lims
