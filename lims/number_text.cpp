#include "lims/number_text.hpp"

#include <cstdio>

namespace kj::lims {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace kj::lims
