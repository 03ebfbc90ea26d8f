// A yearly sampling plan (抽检计划) as the county sends it, read from CSV or JSON into quota rows
// before anything touches the database. Every mistake is reported with the CSV line or the JSON
// index, the column and what was expected, in English and Chinese.
//
// CSV (UTF-8, optional byte order mark, RFC 4180 quoting — see csv_reader.hpp):
//   year,plan,category,township,market,month,batches
//   2026,2026年度食用农产品快检抽检计划,蔬菜,城关镇,CG01,3,12
//   2026,2026年度食用农产品快检抽检计划,粮食,,,Q1,10
// The header is required; its columns may come in any order and may be written in Chinese
// (年度, 计划, 类别, 镇乡, 市场, 月份, 批次). Unknown or repeated columns are errors. Lines whose
// fields are all empty (spreadsheets write ",,,,,,") are skipped.
//
// JSON (UTF-8, optional byte order mark):
//   {"year": 2026, "plan": "2026年度食用农产品快检抽检计划",
//    "quotas": [{"category": "蔬菜", "township": "城关镇", "market": "CG01", "month": 3, "batches": 12},
//               {"category": "粮食", "month": "Q1", "batches": 10}]}
// township and market may be omitted, null or "". Errors name the item as quotas[i] (from 0).
//
// Columns:
//   year      the plan year, 2000–2100; the same on every row
//   plan      the plan's name (1–100 characters); the same on every row
//   category  a food category of the catalogue (蔬菜, 水果, 水产品, 畜禽肉, 粮食 …)
//   township  a township (镇乡/街道) by name or code; empty = not by township
//   market    a registered market by code or name; empty = not by market (the township's, or the
//             county's, quota)
//   month     1–12, or Q1–Q4 for a quarter: its batches are split over the quarter's three months
//             evenly, the remainder going to the first months (Q1 of 10 → Jan 4, Feb 3, Mar 3; Q2
//             of 2 → Apr 1, May 1 and no June quota)
//   batches   the number of batches (批次) to sample, a whole number 1–100000
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/result.hpp"

namespace kj::lims {

enum class PlanFormat { csv, json };

// Where a quota came from: the CSV line, or the JSON index in "quotas".
struct PlanRowSource {
  PlanFormat format = PlanFormat::csv;
  std::size_t number = 0;  // CSV: 1-based line; JSON: 0-based index

  // "line 7" / "第 7 行", "quotas[3]" / "quotas[3]（第 4 条）"
  [[nodiscard]] Text describe() const;
};

// One month's quota as read (quarters already split into months).
struct PlanQuotaRow {
  PlanRowSource source;
  std::string category;
  std::string township;  // name or code; empty = not by township
  std::string market;    // code or name; empty = not by market
  int month = 0;         // 1–12
  std::int64_t batches = 0;
  std::string period;  // the month column as written ("3", "Q1"), for messages
};

struct PlanFile {
  int year = 0;
  std::string name;
  std::vector<PlanQuotaRow> quotas;
  std::size_t rows = 0;      // rows read from the file (a quarter row counts once)
  std::int64_t batches = 0;  // the plan's total
};

Result<PlanFile> parse_plan_csv(std::string_view text);
Result<PlanFile> parse_plan_json(std::string_view text);
Result<PlanFile> parse_plan(std::string_view text, PlanFormat format);

// The format by the file name (.csv / .json, any case), or else by the first character of
// the text ('{' or '[' is JSON).
PlanFormat detect_plan_format(const std::filesystem::path& path, std::string_view text);

// A quarter's batches over its three months, evenly, the remainder on the first months; months
// that get nothing are left out. quarter_months(1, 10) = {{1, 4}, {2, 3}, {3, 3}}.
std::vector<std::pair<int, std::int64_t>> quarter_months(int quarter, std::int64_t batches);

// An error about `column` of the row at `source`, naming what was expected and what was found.
Error plan_row_error(const PlanRowSource& source, std::string_view column, std::string_view expected_en,
                     std::string_view expected_zh, std::string_view got = {});

}  // namespace kj::lims
