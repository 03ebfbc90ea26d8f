// SHA-256 as lowercase hex, for the audit chain and content-addressed evidence files.
#pragma once

#include <string>
#include <string_view>

namespace kj::lims {

std::string sha256_hex(std::string_view data);

}  // namespace kj::lims
