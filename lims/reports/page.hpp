// The frame every page of lims/reports shares: doctype, UTF-8, the title, the style sheet
// (inline: a page is one file that works offline, on a booth's screen or as an attachment) and
// optionally a refresh for a live page.
#pragma once

#include <optional>
#include <string>

#include "lims/reports/html_writer.hpp"

namespace kj::lims::reports {

enum class PageStyle {
  board,   // large type, high contrast, for a screen at the booth
  report,  // printable A4-ish report
};

// Writes up to and including the opening <body>; take() closes the rest.
void begin_page(HtmlWriter& html, const std::string& title, PageStyle style,
                std::optional<int> refresh_seconds = std::nullopt);

}  // namespace kj::lims::reports
