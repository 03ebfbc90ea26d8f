// Checks on user-supplied fields. Each failure names the field and what was expected, in
// both languages, and carries Errc::invalid_input.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lims/errors.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

inline Error invalid_field(std::string_view field, std::string_view expected_en, std::string_view expected_zh,
                           std::string_view got = {}) {
  std::string en = std::string(field) + ": expected " + std::string(expected_en);
  std::string zh = std::string(field) + "：应为" + std::string(expected_zh);
  if (!got.empty()) {
    en += " (got \"" + std::string(got) + "\")";
    zh += "（实际为“" + std::string(got) + "”）";
  }
  return make_error(make_error_code(Errc::invalid_input), std::move(en), std::move(zh));
}

inline Error not_found(std::string_view what_en, std::string_view what_zh, std::string_view key) {
  return make_error(make_error_code(Errc::not_found), std::string(what_en) + " \"" + std::string(key) + "\" not found",
                    "未找到" + std::string(what_zh) + "“" + std::string(key) + "”");
}

inline Error already_exists(std::string_view what_en, std::string_view what_zh, std::string_view key) {
  return make_error(make_error_code(Errc::conflict),
                    std::string(what_en) + " \"" + std::string(key) + "\" already exists",
                    std::string(what_zh) + "“" + std::string(key) + "”已存在");
}

// Trimmed text; empty means "not given".
std::string trimmed(std::string_view text);

// A code of letters, digits, '-' and '_' (1–32 characters).
bool is_code(std::string_view text);
// 18-character resident ID (17 digits + digit or X) or unified social credit code.
bool is_id_or_credit_code(std::string_view text);
// Mainland mobile (11 digits starting 1) or a landline of digits, '-' and spaces (7–20 chars).
bool is_phone(std::string_view text);
// At most `max` Unicode characters (UTF-8).
bool fits(std::string_view text, std::size_t max);

}  // namespace kj::lims
