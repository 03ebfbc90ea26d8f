#include "lims/reports/report_table.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "lims/records/validate.hpp"

namespace kj::lims::reports {
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void csv_line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string to_csv(const ReportTable& table) {
  std::string out;
  std::vector<std::string> header;
  for (const auto& column : table.columns) header.push_back(column.key);
  csv_line(out, header);
  for (const auto& row : table.rows) csv_line(out, row);
  return out;
}

void write_table(HtmlWriter& html, const ReportTable& table) {
  html.open("table", {{"class", "report-table"}, {"data-table", table.name}});
  html.open("caption").text(table.caption.zh).element("span", table.caption.en, {{"class", "en"}}).close();
  html.open("thead").open("tr");
  for (const auto& column : table.columns) {
    html.open("th", {{"data-key", column.key}}).text(column.label.zh);
    if (column.label.en != column.label.zh) html.element("span", column.label.en, {{"class", "en"}});
    html.close();
  }
  html.close().close();
  html.open("tbody");
  if (table.rows.empty()) {
    html.open("tr", {{"class", "none"}})
        .element("td", "无 / none", {{"colspan", std::to_string(std::max<std::size_t>(table.columns.size(), 1))}})
        .close();
  }
  for (const auto& row : table.rows) {
    html.open("tr");
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool number = i < table.columns.size() && table.columns[i].number;
      html.element("td", row[i], number ? Attributes{{"class", "num"}} : Attributes{});
    }
    html.close();
  }
  html.close().close();
}

void write_heading(HtmlWriter& html, const char* zh, const char* en) {
  html.open("h2").text(zh).element("span", en, {{"class", "en"}}).close();
}

void write_figures(HtmlWriter& html, const std::vector<Figure>& figures) {
  html.open("div", {{"class", "figures"}});
  for (const auto& f : figures) {
    html.open("div", {{"data-figure", f.key}}).text(f.label.zh).element("b", f.value);
    html.element("span", f.label.en, {{"class", "en"}}).close();
  }
  html.close();
}

ReportTable figures_table(std::string name, Text caption, const std::vector<Figure>& figures) {
  ReportTable table{std::move(name),
                    std::move(caption),
                    {{"figure", {"Figure", "指标"}}, {"label", {"Label", "名称"}}, {"value", {"Value", "数值"}, true}},
                    {}};
  for (const auto& f : figures) table.rows.push_back({f.key, f.label.zh, f.value});
  return table;
}

Status write_csv_files(const std::filesystem::path& dir, std::span<const ReportTable> tables) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return invalid_field("--csv-dir", "a folder that can be created and written", "可创建并写入的文件夹", dir.string());
  for (const auto& table : tables) {
    const auto path = dir / (table.name + ".csv");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << to_csv(table);
    out.close();
    if (!out) return invalid_field("--csv-dir", "a folder that can be written", "可写入的文件夹", path.string());
  }
  return {};
}

}  // namespace kj::lims::reports
