#include "lims/catalogue/catalogue_text.hpp"

#include <cstdio>

namespace kj::lims {

std::string method_name(config::Method method) {
  switch (method) {
    case config::Method::inhibition: return "inhibition";
    case config::Method::gold_line: return "gold_line";
    case config::Method::gold_ratio: return "gold_ratio";
    case config::Method::quantitative: return "quantitative";
  }
  return "quantitative";
}

std::string date_text(const config::Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

}  // namespace kj::lims
