// 承诺达标合格证 (the producer's compliance certificate): the operator types its number or
// scans its QR code. QR contents vary by province (a URL with a query parameter, or text with
// "编号:" …); we keep the text as scanned and pull out the number where we recognise it.
#pragma once

#include <optional>
#include <string>

namespace kj::lims {

struct Certificate {
  std::optional<std::string> number;
  std::optional<std::string> qr_text;
};

// Empty input → neither. A bare code (letters, digits, '-', 6–40 characters) is the number.
Certificate parse_certificate(const std::string& scanned);

}  // namespace kj::lims
