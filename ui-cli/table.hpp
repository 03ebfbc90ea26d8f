// Plain-text tables that line up with Chinese text (CJK characters take two columns).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace kj::cli {

// Terminal columns `text` (UTF-8) takes: 2 for East Asian wide characters, else 1.
std::size_t display_width(std::string_view text);

class Table {
 public:
  explicit Table(std::vector<std::string> headings) : headings_(std::move(headings)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> headings_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace kj::cli
