// A tiny HTML writer for the public board and the reports: elements opened and closed in
// order, every text and attribute value escaped, so nothing a booth typed (a sample name, a
// note) can become markup. Pure string output.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kj::lims::reports {

// &, <, >, " and ' as character references.
std::string escape_html(std::string_view text);

using Attributes = std::vector<std::pair<std::string, std::string>>;

class HtmlWriter {
 public:
  // <!DOCTYPE html> is the caller's first raw() when it writes a whole page.
  HtmlWriter& open(std::string_view tag, const Attributes& attributes = {});
  HtmlWriter& close();  // the innermost open element
  HtmlWriter& text(std::string_view text);
  // Markup made elsewhere (an SVG chart, the doctype): written as it is.
  HtmlWriter& raw(std::string_view markup);
  // <tag attributes>text</tag>
  HtmlWriter& element(std::string_view tag, std::string_view text, const Attributes& attributes = {});
  // A void element (<meta>, <br>): no content, no closing tag.
  HtmlWriter& empty(std::string_view tag, const Attributes& attributes = {});

  // Closes what is still open and returns the page.
  std::string take();

 private:
  void start_tag(std::string_view tag, const Attributes& attributes);
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace kj::lims::reports
