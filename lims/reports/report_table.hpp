// A table of a report: the columns (a language-neutral key for the CSV header, a bilingual
// label for the page) and the rows as shown. The same table becomes an HTML <table> and a CSV
// file (`--csv-dir`), so the two never disagree.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "lims/reports/html_writer.hpp"
#include "protocols/result.hpp"

namespace kj::lims::reports {

struct Column {
  std::string key;      // CSV header, e.g. sample_number
  Text label;           // the page's header
  bool number = false;  // right-aligned
};

struct ReportTable {
  std::string name;  // the CSV file's stem, e.g. daily-results
  Text caption;
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
};

// A rendered report: the page, and every table it shows (for the CSV export).
struct Report {
  std::string html;
  std::vector<ReportTable> tables;
};

// <h2>zh<span class="en">en</span></h2>
void write_heading(HtmlWriter& html, const char* zh, const char* en);
// A row of key figures: each a label and a number, data-figure=KEY for tests and tools.
struct Figure {
  std::string key;
  Text label;
  std::string value;
};
void write_figures(HtmlWriter& html, const std::vector<Figure>& figures);
// The figures as a two-column table (figure, value), for the CSV export.
ReportTable figures_table(std::string name, Text caption, const std::vector<Figure>& figures);

// RFC 4180: a header row of the column keys, then the rows; fields with a comma, quote or line
// break quoted; lines end with \r\n. UTF-8 as given, without a byte-order mark.
std::string to_csv(const ReportTable& table);

// <table class="report-table" data-table="NAME"> with a <caption>, Chinese headers (English in
// a smaller line beneath) and one <tr> per row; an empty table says so in one row.
void write_table(HtmlWriter& html, const ReportTable& table);

// NAME.csv for every table in `dir` (created when missing). Errc::invalid_input naming the
// folder when it cannot be written.
Status write_csv_files(const std::filesystem::path& dir, std::span<const ReportTable> tables);

}  // namespace kj::lims::reports
