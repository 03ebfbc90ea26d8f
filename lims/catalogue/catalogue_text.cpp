#include "lims/catalogue/catalogue_text.hpp"

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

}  // namespace kj::lims
