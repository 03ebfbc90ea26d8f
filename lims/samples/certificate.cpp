#include "lims/samples/certificate.hpp"

#include <regex>

#include "lims/records/validate.hpp"

namespace kj::lims {

Certificate parse_certificate(const std::string& scanned) {
  const std::string text = trimmed(scanned);
  if (text.empty()) return {};
  static const std::regex bare("^[A-Za-z0-9-]{6,40}$");
  if (std::regex_match(text, bare)) return Certificate{text, std::nullopt};
  // "…?certNo=ABC123&…", "合格证编号：ABC123", "编号:ABC123", "No. ABC123"
  static const std::regex labelled(
      R"((?:[?&](?:certNo|certno|cert_no|no|code|id)=|合格证编号[:：]?\s*|编号[:：]\s*|No\.?\s*)([A-Za-z0-9-]{6,40}))");
  std::smatch match;
  Certificate certificate{std::nullopt, text};
  if (std::regex_search(text, match, labelled)) certificate.number = match[1].str();
  return certificate;
}

}  // namespace kj::lims
