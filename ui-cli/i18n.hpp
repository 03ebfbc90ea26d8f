// Choosing the user's language (--lang, then LANG) and putting CLI11's own words into it.
#pragma once

#include <CLI/CLI.hpp>

#include "protocols/result.hpp"

namespace kj::cli {

// --lang zh|en (or --lang=…) anywhere in argv wins; then LC_ALL, LC_MESSAGES, LANG: a locale
// starting with "zh" gives Chinese, any other named language English. With no language set
// (unset, C, POSIX) kuaijian speaks Chinese, the language of its users.
Lang detect_lang(int argc, const char* const* argv);

// Help headings and labels in the user's language.
void localize_help(CLI::App& app, Lang lang);

// One line for a command-line mistake, in the user's language, naming what was wrong.
std::string describe_parse_error(const CLI::ParseError& error, Lang lang);

}  // namespace kj::cli
