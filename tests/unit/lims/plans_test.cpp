// Sampling plans: reading CSV/JSON plan files, importing them into plan + quota + task rows in
// one transaction (a bad row changes nothing), replacing a plan safely, and progress against
// hand-computed numbers, including when a group is lagging.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <tuple>

#include "lims/errors.hpp"
#include "lims/plans/plan_file.hpp"
#include "lims/plans/plan_import.hpp"
#include "lims/plans/plan_progress.hpp"
#include "lims/plans/plan_progress_query.hpp"
#include "lims/store.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

constexpr std::chrono::minutes kChina{8 * 60};

Timestamp at(const std::string& iso) {
  const auto time = parse_iso8601(iso, kChina);
  if (!time) throw std::logic_error("bad time in test: " + iso);
  return *time;
}

const std::string kHeader = "year,plan,category,township,market,month,batches\n";
const std::string kPlan = "2026,县级抽检计划,";

// Expects `result` to fail with `code` and both texts to contain the fragments.
template <class T>
void expect_error(const Result<T>& result, Errc code, const std::string& en, const std::string& zh) {
  ASSERT_FALSE(result.ok()) << "expected an error containing: " << en;
  EXPECT_EQ(result.error().code, code) << result.error().detail.en;
  EXPECT_NE(result.error().detail.en.find(en), std::string::npos) << result.error().detail.en;
  EXPECT_NE(result.error().detail.zh.find(zh), std::string::npos) << result.error().detail.zh;
}

// ---------------------------------------------------------------- reading plan files

TEST(PlanFile, QuarterSplitsEvenlyWithTheRemainderFirst) {
  using Months = std::vector<std::pair<int, std::int64_t>>;
  EXPECT_EQ(quarter_months(1, 10), (Months{{1, 4}, {2, 3}, {3, 3}}));
  EXPECT_EQ(quarter_months(2, 2), (Months{{4, 1}, {5, 1}}));
  EXPECT_EQ(quarter_months(3, 1), (Months{{7, 1}}));
  EXPECT_EQ(quarter_months(4, 9), (Months{{10, 3}, {11, 3}, {12, 3}}));
  EXPECT_EQ(quarter_months(4, 11), (Months{{10, 4}, {11, 4}, {12, 3}}));
}

TEST(PlanFile, ReadsCsvRowsAndSplitsQuarters) {
  const auto file = parse_plan_csv("\xEF\xBB\xBF" + kHeader + kPlan + "蔬菜,城关镇,CG01,3,12\r\n" + kPlan +
                                   "水果,城关镇,,Q1,10\r\n" + kPlan + "粮食,,,q2,2\r\n" + ",,,,,,\r\n");
  ASSERT_TRUE(file.ok()) << file.error().detail.en;
  EXPECT_EQ(file->year, 2026);
  EXPECT_EQ(file->name, "县级抽检计划");
  EXPECT_EQ(file->rows, 3u);
  EXPECT_EQ(file->batches, 24);
  ASSERT_EQ(file->quotas.size(), 1u + 3u + 2u);
  const auto& first = file->quotas[0];
  EXPECT_EQ(first.category, "蔬菜");
  EXPECT_EQ(first.township, "城关镇");
  EXPECT_EQ(first.market, "CG01");
  EXPECT_EQ(first.month, 3);
  EXPECT_EQ(first.batches, 12);
  EXPECT_EQ(first.source.number, 2u);
  std::vector<std::tuple<std::string, int, std::int64_t, std::size_t>> split;
  for (std::size_t i = 1; i < file->quotas.size(); ++i) {
    const auto& q = file->quotas[i];
    split.emplace_back(q.category, q.month, q.batches, q.source.number);
  }
  EXPECT_EQ(split, (decltype(split){
                       {"水果", 1, 4, 3}, {"水果", 2, 3, 3}, {"水果", 3, 3, 3}, {"粮食", 4, 1, 4}, {"粮食", 5, 1, 4}}));
}

TEST(PlanFile, CsvHeaderMayBeChineseInAnyOrderAndFieldsQuoted) {
  const auto file =
      parse_plan_csv("批次,月份,市场,镇乡,类别,计划,年度\n\"12\",\"3\",,\"城关镇\",蔬菜,\"计划, 第一版\",2026\n");
  ASSERT_TRUE(file.ok()) << file.error().detail.en;
  EXPECT_EQ(file->name, "计划, 第一版");
  ASSERT_EQ(file->quotas.size(), 1u);
  EXPECT_EQ(file->quotas[0].batches, 12);
  EXPECT_EQ(file->quotas[0].township, "城关镇");
  EXPECT_EQ(file->quotas[0].market, "");
}

struct BadFile {
  std::string name;
  std::string text;
  std::string en;
  std::string zh;
};

class BadCsv : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadCsv, NamesLineColumnAndExpectation) {
  expect_error(parse_plan_csv(GetParam().text), Errc::invalid_input, GetParam().en, GetParam().zh);
}

INSTANTIATE_TEST_SUITE_P(
    PlanFile, BadCsv,
    ::testing::Values(
        BadFile{"month13", kHeader + kPlan + "蔬菜,,,3,1\n" + kPlan + "蔬菜,,,13,1\n",
                "line 3, column \"month\": expected a month 1–12 or a quarter Q1–Q4 (got \"13\")",
                "第 3 行“month”列：应为月份 1–12 或季度 Q1–Q4（实际为“13”）"},
        BadFile{"quarter5", kHeader + kPlan + "蔬菜,,,Q5,1\n", "line 2, column \"month\"", "第 2 行“month”列"},
        BadFile{"zero_batches", kHeader + kPlan + "蔬菜,,,3,0\n",
                "line 2, column \"batches\": expected a whole number of batches 1–100000 (got \"0\")",
                "第 2 行“batches”列：应为批次数，1–100000 的整数（实际为“0”）"},
        BadFile{"fraction", kHeader + kPlan + "蔬菜,,,3,1.5\n", "column \"batches\"", "（实际为“1.5”）"},
        BadFile{"negative", kHeader + kPlan + "蔬菜,,,3,-2\n", "column \"batches\"", "（实际为“-2”）"},
        BadFile{"no_batches", kHeader + kPlan + "蔬菜,,,3,\n", "line 2, column \"batches\"", "第 2 行“batches”列"},
        BadFile{"year", kHeader + "26,县级抽检计划,蔬菜,,,3,1\n",
                "line 2, column \"year\": expected a year 2000–2100 (got \"26\")",
                "第 2 行“year”列：应为2000–2100 之间的年份（实际为“26”）"},
        BadFile{"no_category", kHeader + kPlan + ",,,3,1\n", "line 2, column \"category\": expected a food category",
                "第 2 行“category”列：应为目录中的食品类别"},
        BadFile{"long_township", kHeader + kPlan + "蔬菜," + std::string(65, 'x') + ",,3,1\n",
                "line 2, column \"township\": expected at most 64 characters",
                "第 2 行“township”列：应为不超过 64 个字"},
        BadFile{"no_plan_name", kHeader + "2026,,蔬菜,,,3,1\n", "line 2, column \"plan\"", "第 2 行“plan”列"},
        BadFile{"other_year", kHeader + kPlan + "蔬菜,,,3,1\n" + "2027,县级抽检计划,蔬菜,,,4,1\n",
                "line 3, column \"year\": expected 2026 as on line 2", "第 3 行“year”列：应为2026，与第 2 行相同"},
        BadFile{"other_plan", kHeader + kPlan + "蔬菜,,,3,1\n" + "2026,另一个计划,蔬菜,,,4,1\n",
                "line 3, column \"plan\": expected \"县级抽检计划\" as on line 2",
                "第 3 行“plan”列：应为“县级抽检计划”"},
        BadFile{"short_row", kHeader + kPlan + "蔬菜,,3,1\n", "line 2: expected 7 fields as in the header, found 6",
                "第 2 行：应有 7 个字段（与表头相同），实际为 6 个"},
        BadFile{"long_row", kHeader + kPlan + "蔬菜,,,3,1,extra\n", "line 2: expected 7 fields",
                "第 2 行：应有 7 个字段"},
        BadFile{"unknown_column", "year,plan,category,township,market,month,batches,note\n",
                "line 1: unknown column \"note\"", "第 1 行：表头中有未知列“note”"},
        BadFile{"missing_column", "year,plan,category,township,month,batches\n",
                "line 1: the header lacks the column \"market\"", "第 1 行：表头缺少“market”（市场）列"},
        BadFile{"repeated_column", "year,plan,category,township,market,month,batches,月份\n",
                "line 1: column \"月份\" appears twice", "第 1 行：表头中“月份”列出现了两次"},
        BadFile{"gbk", kHeader + kPlan + "\xCA\xDF\xB2\xCB,,,3,1\n", "line 2: not UTF-8 text",
                "第 2 行：不是 UTF-8 文本"},
        BadFile{"open_quote", kHeader + kPlan + "\"蔬菜,,,3,1\n",
                "CSV line 2, field 3: the quote opened here is never closed",
                "CSV 第 2 行第 3 个字段：此处开始的引号没有闭合"},
        BadFile{"empty", "", "the plan file is empty", "计划文件为空"},
        BadFile{"header_only", kHeader, "no quota rows", "没有配额行"}),
    [](const auto& info) { return info.param.name; });

class BadJson : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadJson, NamesIndexKeyAndExpectation) {
  expect_error(parse_plan_json(GetParam().text), Errc::invalid_input, GetParam().en, GetParam().zh);
}

const std::string kJsonHead =
    R"({"year": 2026, "plan": "县级抽检计划", "quotas": [{"category": "蔬菜", "month": 3, "batches": 1}, )";

INSTANTIATE_TEST_SUITE_P(
    PlanFile, BadJson,
    ::testing::Values(
        BadFile{"month", kJsonHead + R"({"category": "蔬菜", "month": "13", "batches": 1}]})",
                "quotas[1].month: expected a month 1–12 or a quarter Q1–Q4 (got \"13\")",
                "quotas[1].month（第 2 条）：应为月份 1–12 或季度 Q1–Q4（实际为“13”）"},
        BadFile{"batches_text", kJsonHead + R"({"category": "蔬菜", "month": 4, "batches": "5"}]})",
                "quotas[1].batches: expected a number, not text", "quotas[1].batches（第 2 条）：应为数字而非文本"},
        BadFile{"batches_fraction", kJsonHead + R"({"category": "蔬菜", "month": 4, "batches": 2.5}]})",
                "quotas[1].batches: expected a whole number", "quotas[1].batches（第 2 条）"},
        BadFile{"unknown_key", kJsonHead + R"({"category": "蔬菜", "months": 4, "batches": 5}]})",
                "quotas[1].months: expected no such key", "quotas[1].months（第 2 条）：应为无此键"},
        BadFile{"not_object", kJsonHead + R"(5]})", "quotas[1]: expected an object", "quotas[1]（第 2 条）：应为对象"},
        BadFile{"category_number", kJsonHead + R"({"category": true, "month": 4, "batches": 5}]})",
                "quotas[1].category: expected text or a number", "quotas[1].category（第 2 条）：应为文本或数字"},
        BadFile{"syntax", "{\"year\": 2026,\n \"plan\": \"x\",\n \"quotas\": [}\n", "not valid JSON at line 3",
                "第 3 行不是有效的 JSON"},
        BadFile{"year", R"({"year": "2026", "plan": "x", "quotas": []})", "year: expected the plan year as a number",
                "year：应为 2000–2100 之间的数字形式的计划年度"},
        BadFile{"top_key", R"({"year": 2026, "plan": "x", "quota": []})", "unknown key \"quota\"", "未知的键“quota”"},
        BadFile{"no_quotas", R"({"year": 2026, "plan": "x", "quotas": []})", "no quota rows", "没有配额行"}),
    [](const auto& info) { return info.param.name; });

TEST(PlanFile, JsonReadsTheSameRowsAsCsv) {
  const auto json = parse_plan_json(
      "\xEF\xBB\xBF{\"year\": 2026, \"plan\": \"县级抽检计划\", \"quotas\": ["
      "{\"category\": \"蔬菜\", \"township\": \"城关镇\", \"market\": \"CG01\", \"month\": 3, \"batches\": 12},"
      "{\"category\": \"水果\", \"township\": null, \"market\": \"\", \"month\": \"Q1\", \"batches\": 10}]}");
  ASSERT_TRUE(json.ok()) << json.error().detail.en;
  EXPECT_EQ(json->year, 2026);
  ASSERT_EQ(json->quotas.size(), 4u);
  EXPECT_EQ(json->quotas[0].market, "CG01");
  EXPECT_EQ(json->quotas[1].source.format, PlanFormat::json);
  EXPECT_EQ(json->quotas[1].source.number, 1u);
  EXPECT_EQ(json->quotas[1].month, 1);
  EXPECT_EQ(json->quotas[1].batches, 4);
  EXPECT_EQ(json->quotas[3].month, 3);
  EXPECT_EQ(json->batches, 22);
}

TEST(PlanFile, FormatFromNameOrContent) {
  EXPECT_EQ(detect_plan_format("plan.CSV", "{"), PlanFormat::csv);
  EXPECT_EQ(detect_plan_format("plan.json", "year"), PlanFormat::json);
  EXPECT_EQ(detect_plan_format("-", "\xEF\xBB\xBF  {\"year\""), PlanFormat::json);
  EXPECT_EQ(detect_plan_format("plan.txt", "year,plan"), PlanFormat::csv);
}

// ---------------------------------------------------------------- importing

class PlanStore : public ::testing::Test {
 protected:
  void SetUp() override { db_.emplace(open(dir_ / "kuaijian.db")); }

  static storage::Database open(const std::filesystem::path& path) {
    auto db = open_store(path, true);
    if (!db) throw std::runtime_error(db.error().detail.en);
    db->exec(R"sql(
      INSERT INTO category(id, name) VALUES (1, '蔬菜'), (2, '水果'), (3, '水产品'), (4, '畜禽肉'), (5, '粮食');
      INSERT INTO commodity(id, name, category_id) VALUES (1, '韭菜', 1), (2, '牛蛙', 3);
      INSERT INTO township(id, uuid, name, code) VALUES (1, 'town-1', '城关镇', 'CG'), (2, 'town-2', '新市镇', 'XS');
      INSERT INTO market(id, uuid, code, name, township_id, created_at) VALUES
        (1, 'market-1', 'CG01', '城关农贸市场', 1, '2026-01-01T00:00:00Z'),
        (2, 'market-2', 'CG02', '南门农贸市场', 1, '2026-01-01T00:00:00Z'),
        (3, 'market-3', 'XS01', '新市农贸市场', 2, '2026-01-01T00:00:00Z'),
        (4, 'market-4', 'LJ01', '临江农贸市场', NULL, '2026-01-01T00:00:00Z'),
        (5, 'market-5', 'DH01', '东湖农贸市场', NULL, '2026-01-01T00:00:00Z'),
        (6, 'market-6', 'DUP1', '同名市场', NULL, '2026-01-01T00:00:00Z'),
        (7, 'market-7', 'DUP2', '同名市场', NULL, '2026-01-01T00:00:00Z');
      INSERT INTO test_item(id, code, name_zh, name_en, method, unit)
        VALUES (1, 'OPC', '有机磷和氨基甲酸酯类', 'organophosphates and carbamates', 'inhibition', '%');
    )sql");
    return std::move(*db);
  }

  storage::Database& db() { return *db_; }

  std::int64_t count(const std::string& sql) {
    auto& select = db().prepare(sql);
    select.step();
    const auto value = select.column_int64(0);
    select.reset();
    return value;
  }
  std::int64_t rows(const std::string& table) { return count("SELECT count(*) FROM " + table); }

  // Row counts of every table an import may write.
  std::vector<std::int64_t> footprint() {
    std::vector<std::int64_t> out;
    for (const char* table : {"plan", "plan_quota", "task", "township", "audit_log", "outbox"}) {
      out.push_back(rows(table));
    }
    return out;
  }

  Result<ImportSummary> import_csv(const std::string& body, bool replace = false) {
    auto file = parse_plan_csv(kHeader + body);
    if (!file) return file.error();
    return import_plan(db(), *file, ImportOptions{replace}, actor_);
  }

  // Adds a sample (and, unless verdict is empty, a result) with plain SQL; returns its id.
  std::int64_t add_sample(std::optional<int> category, std::optional<int> commodity, std::optional<int> market,
                          const std::string& sampled_at, const std::string& verdict,
                          std::optional<std::int64_t> task = std::nullopt) {
    const std::string n = std::to_string(++samples_);
    db().prepare(
            "INSERT INTO sample(uuid, number, name, commodity_id, category_id, market_id, source, task_id, sampled_at, "
            "sampler, created_at) VALUES (?, ?, '样品', ?, ?, ?, ?, ?, ?, '张三', ?)")
        .bind(1, "sample-" + n)
        .bind(2, "S" + n)
        .bind(3, commodity)
        .bind(4, category)
        .bind(5, market)
        .bind(6, task ? "plan_task" : "routine")
        .bind(7, task)
        .bind(8, sampled_at)
        .bind(9, sampled_at)
        .run();
    const std::int64_t id = db().last_insert_rowid();
    if (!verdict.empty()) add_result(id, verdict, "result-" + n, 1, std::nullopt);
    return id;
  }

  std::int64_t add_result(std::int64_t sample, const std::string& verdict, const std::string& uuid, int version,
                          std::optional<std::int64_t> supersedes) {
    db().prepare(
            "INSERT INTO result(uuid, version, supersedes, sample_id, item_id, method, standard, unit, verdict, "
            "test_kind, tester, tested_at, data_source, created_at) "
            "VALUES (?, ?, ?, ?, 1, 'inhibition', 'GB/T 5009.199-2003', '%', ?, 'initial', '李四', "
            "'2026-03-01T00:00:00Z', 'manual', '2026-03-01T00:00:00Z')")
        .bind(1, uuid)
        .bind(2, version)
        .bind(3, supersedes)
        .bind(4, sample)
        .bind(5, verdict)
        .run();
    return db().last_insert_rowid();
  }

  TempDir dir_;
  std::optional<storage::Database> db_;
  Actor actor_{"检测员甲", at("2026-01-05T09:00:00+08:00"), ""};
  int samples_ = 0;
};

TEST_F(PlanStore, ImportsPlanQuotasAndTasksInOneGo) {
  const auto summary = import_csv(kPlan + "蔬菜,城关镇,CG01,2,12\n" +  // market quota, township as given
                                  kPlan + "水果,城关镇,,Q1,10\n" +     // township quota over a quarter
                                  kPlan + "粮食,,,12,5\n" +            // the county's quota
                                  kPlan + "畜禽肉,石桥乡,,3,7\n" +     // a township new to the booth
                                  kPlan + "水产品,,XS01,4,6\n");       // a market alone brings its township
  ASSERT_TRUE(summary.ok()) << summary.error().detail.en;
  EXPECT_EQ(summary->year, 2026);
  EXPECT_EQ(summary->name, "县级抽检计划");
  EXPECT_FALSE(summary->replaced);
  EXPECT_EQ(summary->rows, 5u);
  EXPECT_EQ(summary->batches, 40);
  EXPECT_EQ(summary->quotas_added, 7);
  EXPECT_EQ(summary->townships_created, std::vector<std::string>{"石桥乡"});

  EXPECT_EQ(rows("plan"), 1);
  EXPECT_EQ(rows("plan_quota"), 7);
  EXPECT_EQ(rows("task"), 7);
  EXPECT_EQ(count("SELECT sum(batches) FROM plan_quota"), 40);
  EXPECT_EQ(count("SELECT sum(batches) FROM task WHERE status = 'open'"), 40);

  auto& task = db().prepare(
      "SELECT k.market_id, k.category_id, k.batches, k.due_date, k.title, q.township_id, q.month, k.quota_id = q.id "
      "FROM task k JOIN plan_quota q ON q.id = k.quota_id ORDER BY k.id");
  ASSERT_TRUE(task.step());  // 蔬菜 CG01 February
  EXPECT_EQ(task.column_optional_int64(0), 1);
  EXPECT_EQ(task.column_int64(1), 1);
  EXPECT_EQ(task.column_int64(2), 12);
  EXPECT_EQ(task.column_text(3), "2026-02-28");
  EXPECT_EQ(task.column_text(4), "县级抽检计划 · 蔬菜 · 城关农贸市场 · 2月");
  EXPECT_EQ(task.column_optional_int64(5), 1);
  ASSERT_TRUE(task.step());  // 水果 城关镇 January (4 of the quarter's 10)
  EXPECT_FALSE(task.column_optional_int64(0).has_value());
  EXPECT_EQ(task.column_int64(2), 4);
  EXPECT_EQ(task.column_text(3), "2026-01-31");
  EXPECT_EQ(task.column_text(4), "县级抽检计划 · 水果 · 城关镇 · 1月");
  EXPECT_EQ(task.column_optional_int64(5), 1);
  ASSERT_TRUE(task.step());
  ASSERT_TRUE(task.step());
  EXPECT_EQ(task.column_text(3), "2026-03-31");
  ASSERT_TRUE(task.step());  // 粮食, county-wide, December
  EXPECT_FALSE(task.column_optional_int64(0).has_value());
  EXPECT_FALSE(task.column_optional_int64(5).has_value());
  EXPECT_EQ(task.column_text(3), "2026-12-31");
  EXPECT_EQ(task.column_text(4), "县级抽检计划 · 粮食 · 全县 · 12月");
  ASSERT_TRUE(task.step());  // 畜禽肉 石桥乡
  EXPECT_EQ(task.column_optional_int64(5), count("SELECT id FROM township WHERE name = '石桥乡'"));
  ASSERT_TRUE(task.step());  // 水产品 XS01: the quota takes the market's township
  EXPECT_EQ(task.column_optional_int64(0), 3);
  EXPECT_EQ(task.column_optional_int64(5), 2);
  EXPECT_EQ(task.column_text(3), "2026-04-30");
  EXPECT_EQ(task.column_int64(7), 1);
  EXPECT_FALSE(task.step());

  // Every row written is audited; rows with a uuid are queued for the hub (township, plan, tasks).
  EXPECT_EQ(rows("audit_log"), 1 + 1 + 7 + 7);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'task'"), 7);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'plan'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'township'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE entity = 'plan_quota' AND actor = '检测员甲'"), 7);
}

TEST_F(PlanStore, TownshipAndMarketMayBeGivenByCodeOrName) {
  const auto summary = import_csv(kPlan + "蔬菜,CG,城关农贸市场,1,3\n" + kPlan + "蔬菜,XS,,1,2\n");
  ASSERT_TRUE(summary.ok()) << summary.error().detail.en;
  EXPECT_TRUE(summary->townships_created.empty());
  EXPECT_EQ(count("SELECT count(*) FROM plan_quota WHERE market_id = 1 AND township_id = 1"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM plan_quota WHERE market_id IS NULL AND township_id = 2"), 1);
}

struct BadImport {
  std::string name;
  std::string body;
  std::string en;
  std::string zh;
};

class PlanStoreBadRow : public PlanStore, public ::testing::WithParamInterface<BadImport> {};

TEST_P(PlanStoreBadRow, RejectsTheWholeFileAndChangesNothing) {
  ASSERT_TRUE(import_csv("2026,已有计划,蔬菜,城关镇,CG01,1,3\n").ok());
  const auto before = footprint();
  const auto result = import_csv(GetParam().body);
  expect_error(result, Errc::invalid_input, GetParam().en, GetParam().zh);
  EXPECT_EQ(footprint(), before);
  EXPECT_EQ(count("SELECT count(*) FROM township WHERE name = '新建镇'"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Import, PlanStoreBadRow,
    ::testing::Values(
        // Line 2 creates a township before line 3 fails: the township must go too.
        BadImport{"unknown_category", kPlan + "蔬菜,新建镇,,1,3\n" + kPlan + "蔬果,,,2,1\n",
                  "line 3, column \"category\": expected a food category of the catalogue (蔬菜, 水果, 水产品, 畜禽肉, "
                  "粮食) (got \"蔬果\")",
                  "第 3 行“category”列：应为目录中的食品类别（蔬菜, 水果, 水产品, 畜禽肉, 粮食）（实际为“蔬果”）"},
        BadImport{"unknown_market", kPlan + "蔬菜,新建镇,,1,3\n" + kPlan + "蔬菜,,ZZ99,2,1\n",
                  "line 3, column \"market\": expected the code or name of a registered market (register it with "
                  "`kuaijian market add`) (got \"ZZ99\")",
                  "第 3 行“market”列：应为已登记市场的编码或名称（请先用 `kuaijian market add` 登记）（实际为“ZZ99”）"},
        BadImport{"ambiguous_market", kPlan + "蔬菜,,同名市场,2,1\n",
                  "line 2, column \"market\": expected a market code: several markets are named so (DUP1, DUP2)",
                  "第 2 行“market”列：应为市场编码：有多个市场同名（DUP1, DUP2）"},
        BadImport{"market_elsewhere", kPlan + "蔬菜,新建镇,,1,3\n" + kPlan + "蔬菜,新市镇,CG01,2,1\n",
                  "line 3, column \"township\": expected the township of market CG01 (城关镇) (got \"新市镇\")",
                  "第 3 行“township”列：应为市场 CG01 所在的镇乡（城关镇）（实际为“新市镇”）"},
        BadImport{
            "duplicate",
            kPlan + "蔬菜,新建镇,,1,3\n" + kPlan + "蔬菜,城关镇,CG01,2,1\n" + kPlan + "蔬菜,CG,城关农贸市场,Q1,6\n",
            "line 4, column \"month\": expected one quota per category, township, market and month, but 蔬菜 · "
            "城关农贸市场 · 2月 is already given on line 3",
            "第 4 行“month”列：每个类别、镇乡、市场和月份只应有一个配额，但 蔬菜 · 城关农贸市场 · 2月 已在第 3 "
            "行给出"}),
    [](const auto& info) { return info.param.name; });

TEST_F(PlanStore, ReimportingAPlanIsAConflictUnlessReplacing) {
  ASSERT_TRUE(import_csv(kPlan + "蔬菜,城关镇,CG01,1,3\n").ok());
  const auto before = footprint();
  const auto again = import_csv(kPlan + "蔬菜,城关镇,CG01,1,4\n");
  expect_error(again, Errc::conflict, "plan 2026 \"县级抽检计划\" already exists (imported 2026-01-05T01:00:00Z)",
               "计划 2026“县级抽检计划”已存在");
  EXPECT_NE(again.error().detail.en.find("--replace"), std::string::npos);
  EXPECT_NE(again.error().detail.zh.find("--replace"), std::string::npos);
  EXPECT_EQ(footprint(), before);
  // Another plan of the same year is not a conflict.
  EXPECT_TRUE(import_csv("2026,专项抽检,蔬菜,城关镇,CG01,1,4\n").ok());
}

TEST_F(PlanStore, ReplaceUpdatesAddsCancelsAndKeepsWhatSamplesUse) {
  ASSERT_TRUE(import_csv(kPlan + "蔬菜,,CG01,1,10\n" +   // A: changes to 12
                         kPlan + "蔬菜,,CG01,2,10\n" +   // B: dropped, but a sample uses its task → kept
                         kPlan + "水果,城关镇,,1,5\n" +  // C: dropped → cancelled
                         kPlan + "粮食,,,3,4\n")         // D: unchanged
                  .ok());
  const std::int64_t task_a = count("SELECT id FROM task WHERE title LIKE '%蔬菜 · 城关农贸市场 · 1月'");
  const std::int64_t task_b = count("SELECT id FROM task WHERE title LIKE '%蔬菜 · 城关农贸市场 · 2月'");
  const std::int64_t task_c = count("SELECT id FROM task WHERE title LIKE '%水果%'");
  const std::string task_a_uuid = [&] {
    auto& s = db().prepare("SELECT uuid FROM task WHERE id = ?");
    s.bind(1, task_a);
    s.step();
    auto uuid = s.column_text(0);
    s.reset();
    return uuid;
  }();
  add_sample(1, std::nullopt, 1, "2026-02-03T02:00:00Z", "negative", task_b);
  const auto samples_before = rows("sample");

  actor_.now = at("2026-02-10T09:00:00+08:00");
  const auto summary = import_csv(kPlan + "蔬菜,,CG01,1,12\n" + kPlan + "粮食,,,3,4\n" + kPlan + "水产品,,XS01,4,6\n",
                                  /*replace=*/true);
  ASSERT_TRUE(summary.ok()) << summary.error().detail.en;
  EXPECT_TRUE(summary->replaced);
  EXPECT_EQ(summary->quotas_changed, 1);
  EXPECT_EQ(summary->quotas_unchanged, 1);
  EXPECT_EQ(summary->quotas_added, 1);
  EXPECT_EQ(summary->tasks_cancelled, 1);
  ASSERT_EQ(summary->kept.size(), 1u);
  EXPECT_EQ(summary->kept[0].category, "蔬菜");
  EXPECT_EQ(summary->kept[0].place, "城关农贸市场");
  EXPECT_EQ(summary->kept[0].month, 2);
  EXPECT_EQ(summary->kept[0].batches, 10);

  // Nothing was deleted; the changed task kept its uuid and moved to version 2.
  EXPECT_EQ(rows("plan"), 1);
  EXPECT_EQ(rows("plan_quota"), 5);
  EXPECT_EQ(rows("task"), 5);
  EXPECT_EQ(rows("sample"), samples_before);
  EXPECT_EQ(count("SELECT version FROM plan"), 2);
  EXPECT_EQ(count("SELECT batches FROM task WHERE id = " + std::to_string(task_a)), 12);
  EXPECT_EQ(count("SELECT version FROM task WHERE id = " + std::to_string(task_a)), 2);
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE uuid = '" + task_a_uuid + "'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE id = " + std::to_string(task_c) +
                  " AND status = 'cancelled' AND version = 2"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE id = " + std::to_string(task_b) + " AND status = 'open'"), 1);
  // The hub receives the new versions.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'task' AND version = 2"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'plan' AND version = 2"), 1);

  // Progress counts the live quotas only: A 12 + B 10 + D 4 + E 6.
  const auto progress =
      load_plan_progress(db(), ProgressQuery{2026, "", ProgressBy::overall, at("2026-02-10T09:00:00+08:00"), kChina});
  ASSERT_TRUE(progress.ok()) << progress.error().detail.en;
  EXPECT_EQ(progress->progress.total.quota, 32);
  EXPECT_EQ(progress->progress.total.done, 1);

  // Replacing with the same file again changes nothing but the plan's version.
  const auto again = import_csv(kPlan + "蔬菜,,CG01,1,12\n" + kPlan + "粮食,,,3,4\n" + kPlan + "水产品,,XS01,4,6\n",
                                /*replace=*/true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->quotas_unchanged, 3);
  EXPECT_EQ(again->quotas_added + again->quotas_changed + again->tasks_cancelled, 0);
  EXPECT_EQ(again->kept.size(), 1u);
  EXPECT_EQ(rows("task"), 5);
}

TEST_F(PlanStore, SampleFilesHoldTheSamePlanInBothFormats) {
  const auto dir = test::source_dir() / "samples" / "plans";
  const auto csv = parse_plan(test::read_file(dir / "plan-2026.csv"), PlanFormat::csv);
  const auto json = parse_plan(test::read_file(dir / "plan-2026.json"), PlanFormat::json);
  ASSERT_TRUE(csv.ok()) << csv.error().detail.en;
  ASSERT_TRUE(json.ok()) << json.error().detail.en;
  EXPECT_EQ(csv->batches, 1755);
  EXPECT_EQ(json->batches, 1755);
  EXPECT_EQ(csv->rows, json->rows);

  const auto quotas = [](storage::Database& db) {
    std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::int64_t>> out;
    auto& select = db.prepare(
        "SELECT c.name, coalesce(t.name, ''), coalesce(m.code, ''), q.month, q.batches FROM plan_quota q "
        "JOIN category c ON c.id = q.category_id LEFT JOIN township t ON t.id = q.township_id "
        "LEFT JOIN market m ON m.id = q.market_id ORDER BY 1, 2, 3, 4");
    while (select.step()) {
      out.emplace_back(select.column_text(0), select.column_text(1), select.column_text(2), select.column_int64(3),
                       select.column_int64(4));
    }
    return out;
  };
  const auto from_csv = import_plan(db(), *csv, {}, actor_);
  ASSERT_TRUE(from_csv.ok()) << from_csv.error().detail.en;
  auto other = open(dir_ / "other.db");
  const auto from_json = import_plan(other, *json, {}, actor_);
  ASSERT_TRUE(from_json.ok()) << from_json.error().detail.en;
  EXPECT_EQ(count("SELECT sum(batches) FROM plan_quota"), 1755);
  EXPECT_EQ(quotas(db()), quotas(other));
  EXPECT_EQ(from_csv->quotas_added, from_json->quotas_added);
  EXPECT_EQ(rows("task"), from_csv->quotas_added);
  EXPECT_EQ(from_csv->townships_created, (std::vector<std::string>{"临江镇", "东湖街道", "石桥乡"}));
}

// ---------------------------------------------------------------- progress

TEST(PlanProgress, ElapsedFractionOfAMonthInLocalTime) {
  EXPECT_DOUBLE_EQ(elapsed_fraction(2026, 3, at("2026-03-01T00:00:00+08:00"), kChina), 0.0);
  EXPECT_DOUBLE_EQ(elapsed_fraction(2026, 3, at("2026-02-28T23:59:59+08:00"), kChina), 0.0);
  EXPECT_DOUBLE_EQ(elapsed_fraction(2026, 3, at("2026-03-16T00:00:00+08:00"), kChina), 15.0 / 31.0);
  EXPECT_DOUBLE_EQ(elapsed_fraction(2026, 3, at("2026-04-01T00:00:00+08:00"), kChina), 1.0);
  EXPECT_DOUBLE_EQ(elapsed_fraction(2026, 12, at("2026-12-31T12:00:00+08:00"), kChina), 30.5 / 31.0);
  // 2026-03-31T16:00Z is already April in China.
  EXPECT_DOUBLE_EQ(elapsed_fraction(2026, 3, at("2026-03-31T16:00:00Z"), kChina), 1.0);
}

TEST(PlanProgress, ByNames) {
  EXPECT_EQ(parse_progress_by("township"), ProgressBy::township);
  EXPECT_EQ(parse_progress_by("overall"), ProgressBy::overall);
  EXPECT_FALSE(parse_progress_by("stall").has_value());
  EXPECT_EQ(to_string(ProgressBy::month), "month");
}

// A hand-computed set. Quotas (2026):
//   Q1 蔬菜 CG01 (城关镇) March 20    Q2 蔬菜 城关镇 March 10    Q3 蔬菜 county March 5
//   Q4 水果 新市镇 April 8            Q5 粮食 county January 6
// Samples done, and where each goes:
//   蔬菜 CG01 March 12 → Q1;  蔬菜 CG02 (城关镇) March 4 → Q2;  蔬菜 XS01 (新市镇) March 3 → Q3;
//   蔬菜 no market March 1 → Q3;  水果 XS01 April 2 → Q4;  水果 CG01 April 5 → unplanned;
//   粮食 LJ01 (no township) January 6 → Q5;  蔬菜 CG01 May 2 → unplanned.
// Now: 2026-04-16 00:00 local, half of April gone; January and March are over.
class HandComputed : public ::testing::Test {
 protected:
  Progress run(ProgressBy by) {
    const std::vector<QuotaCell> quotas{
        {CategoryId{1}, TownshipId{1}, MarketId{1}, 3, 20}, {CategoryId{1}, TownshipId{1}, std::nullopt, 3, 10},
        {CategoryId{1}, std::nullopt, std::nullopt, 3, 5},  {CategoryId{2}, TownshipId{2}, std::nullopt, 4, 8},
        {CategoryId{5}, std::nullopt, std::nullopt, 1, 6},
    };
    const std::vector<DoneCell> done{
        {CategoryId{1}, MarketId{1}, TownshipId{1}, 3, 12}, {CategoryId{1}, MarketId{2}, TownshipId{1}, 3, 4},
        {CategoryId{1}, MarketId{3}, TownshipId{2}, 3, 3},  {CategoryId{1}, std::nullopt, std::nullopt, 3, 1},
        {CategoryId{2}, MarketId{3}, TownshipId{2}, 4, 2},  {CategoryId{2}, MarketId{1}, TownshipId{1}, 4, 5},
        {CategoryId{5}, MarketId{4}, std::nullopt, 1, 6},   {CategoryId{1}, MarketId{1}, TownshipId{1}, 5, 2},
    };
    ProgressNames names;
    names.categories = {{1, "蔬菜"}, {2, "水果"}, {5, "粮食"}};
    names.townships = {{1, "城关镇"}, {2, "新市镇"}};
    names.markets = {{1, {"CG01", "城关农贸市场"}}, {2, {"CG02", "南门农贸市场"}}};
    return compute_progress(quotas, done, by, names, ProgressClock{2026, at("2026-04-16T00:00:00+08:00"), kChina});
  }

  using Row = std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t, double, bool>;
  static std::vector<Row> table(const Progress& progress) {
    std::vector<Row> out;
    for (const auto& r : progress.rows) out.emplace_back(r.key, r.quota, r.done, r.expected, r.percent, r.lagging);
    return out;
  }
};

TEST_F(HandComputed, Overall) {
  const auto progress = run(ProgressBy::overall);
  EXPECT_TRUE(progress.rows.empty());
  EXPECT_EQ(progress.total.key, "total");
  EXPECT_EQ(progress.total.label.zh, "合计");
  EXPECT_EQ(progress.total.quota, 49);
  EXPECT_EQ(progress.total.done, 28);
  EXPECT_EQ(progress.total.expected, 45);  // 20 + 10 + 5 + 8 × ½ + 6
  EXPECT_DOUBLE_EQ(progress.total.percent, 57.1);
  EXPECT_TRUE(progress.total.lagging);
  EXPECT_EQ(progress.unplanned, 7);
}

TEST_F(HandComputed, ByCategory) {
  const auto progress = run(ProgressBy::category);
  EXPECT_EQ(table(progress),
            (std::vector<Row>{
                {"蔬菜", 35, 20, 35, 57.1, true}, {"水果", 8, 2, 4, 25.0, true}, {"粮食", 6, 6, 6, 100.0, false}}));
  EXPECT_EQ(progress.total.done, 28);
}

TEST_F(HandComputed, ByTownship) {
  const auto progress = run(ProgressBy::township);
  EXPECT_EQ(table(progress),
            (std::vector<Row>{
                {"城关镇", 30, 16, 30, 53.3, true}, {"新市镇", 8, 2, 4, 25.0, true}, {"", 11, 10, 11, 90.9, true}}));
  EXPECT_EQ(progress.rows[2].label.en, "(not by township)");
  EXPECT_EQ(progress.rows[2].label.zh, "（未分镇乡）");
}

TEST_F(HandComputed, ByMarket) {
  const auto progress = run(ProgressBy::market);
  EXPECT_EQ(table(progress), (std::vector<Row>{{"CG01", 20, 12, 20, 60.0, true}, {"", 29, 16, 25, 55.2, true}}));
  EXPECT_EQ(progress.rows[0].label.en, "城关农贸市场 (CG01)");
  EXPECT_EQ(progress.rows[0].label.zh, "城关农贸市场（CG01）");
  EXPECT_EQ(progress.rows[1].label.zh, "（未分市场）");
}

TEST_F(HandComputed, ByMonth) {
  const auto progress = run(ProgressBy::month);
  EXPECT_EQ(table(progress), (std::vector<Row>{{"2026-01", 6, 6, 6, 100.0, false},
                                               {"2026-03", 35, 20, 35, 57.1, true},
                                               {"2026-04", 8, 2, 4, 25.0, true}}));
  EXPECT_EQ(progress.rows[1].label.zh, "3月");
  EXPECT_EQ(progress.rows[1].label.en, "2026-03");
}

TEST(PlanProgress, LaggingFollowsTheElapsedPartOfEachMonth) {
  const std::vector<QuotaCell> quotas{{CategoryId{1}, std::nullopt, std::nullopt, 4, 30}};
  const auto done = [](std::int64_t n) {
    return std::vector<DoneCell>{{CategoryId{1}, std::nullopt, std::nullopt, 4, n}};
  };
  const auto run = [&](std::int64_t n, const std::string& now, int year = 2026) {
    return compute_progress(quotas, done(n), ProgressBy::overall, {}, ProgressClock{year, at(now), kChina}).total;
  };
  // Half of April gone: 15 of 30 expected.
  EXPECT_EQ(run(14, "2026-04-16T00:00:00+08:00").expected, 15);
  EXPECT_TRUE(run(14, "2026-04-16T00:00:00+08:00").lagging);
  EXPECT_FALSE(run(15, "2026-04-16T00:00:00+08:00").lagging);
  // The first day of the month: nothing expected yet (floor of a fraction of a batch).
  EXPECT_EQ(run(0, "2026-04-01T08:00:00+08:00").expected, 0);
  EXPECT_FALSE(run(0, "2026-04-01T08:00:00+08:00").lagging);
  // Before April and in a future year: never lagging.
  EXPECT_FALSE(run(0, "2026-03-31T23:59:00+08:00").lagging);
  EXPECT_FALSE(run(0, "2026-04-16T00:00:00+08:00", 2027).lagging);
  // A past year is judged on its whole quota.
  EXPECT_EQ(run(29, "2026-04-16T00:00:00+08:00", 2025).expected, 30);
  EXPECT_TRUE(run(29, "2026-04-16T00:00:00+08:00", 2025).lagging);
  EXPECT_FALSE(run(31, "2026-04-16T00:00:00+08:00", 2025).lagging);
  EXPECT_DOUBLE_EQ(run(31, "2026-04-16T00:00:00+08:00", 2025).percent, 103.3);
}

TEST_F(PlanStore, ProgressCountsValidlyTestedSamplesByLocalMonth) {
  ASSERT_TRUE(import_csv(kPlan + "蔬菜,,CG01,3,4\n" + kPlan + "水产品,,,4,2\n").ok());
  add_sample(1, std::nullopt, 1, "2026-03-10T02:00:00Z", "negative");  // counts: 蔬菜 CG01 March
  add_sample(std::nullopt, 1, 1, "2026-03-31T15:59:00Z", "positive");  // 韭菜 → 蔬菜; 23:59 local on 31 March
  add_sample(1, std::nullopt, 1, "2026-03-31T16:00:00Z", "negative");  // already 1 April locally: unplanned
  add_sample(1, std::nullopt, 1, "2026-03-11T02:00:00Z", "invalid");   // not validly tested
  add_sample(1, std::nullopt, 1, "2026-03-12T02:00:00Z", "");          // not tested yet
  const auto corrected = add_sample(1, std::nullopt, 1, "2026-03-13T02:00:00Z", "negative");
  add_result(corrected, "invalid", "result-6", 2, count("SELECT id FROM result WHERE uuid = 'result-6'"));
  add_sample(std::nullopt, 2, 3, "2026-04-02T01:00:00Z", "negative");             // 牛蛙 → 水产品 county quota
  add_sample(3, std::nullopt, std::nullopt, "2025-04-02T01:00:00Z", "negative");  // another year
  add_sample(1, std::nullopt, 1, "2025-12-31T16:30:00Z", "negative");             // 1 January 2026 locally: unplanned

  const auto loaded = load_plan_progress(
      db(), ProgressQuery{std::nullopt, "", ProgressBy::category, at("2026-04-16T00:00:00+08:00"), kChina});
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail.en;
  EXPECT_EQ(loaded->plan.year, 2026);
  EXPECT_EQ(loaded->plan.name, "县级抽检计划");
  const auto& progress = loaded->progress;
  ASSERT_EQ(progress.rows.size(), 2u);
  EXPECT_EQ(progress.rows[0].key, "蔬菜");
  EXPECT_EQ(progress.rows[0].quota, 4);
  EXPECT_EQ(progress.rows[0].done, 2);
  EXPECT_TRUE(progress.rows[0].lagging);
  EXPECT_EQ(progress.rows[1].key, "水产品");
  EXPECT_EQ(progress.rows[1].done, 1);
  EXPECT_EQ(progress.rows[1].expected, 1);
  EXPECT_FALSE(progress.rows[1].lagging);
  EXPECT_EQ(progress.total.quota, 6);
  EXPECT_EQ(progress.total.done, 3);
  EXPECT_EQ(progress.total.expected, 5);
  EXPECT_EQ(progress.unplanned, 2);
}

TEST_F(PlanStore, ProgressNeedsOnePlanOfTheYear) {
  const ProgressQuery query{2026, "", ProgressBy::overall, at("2026-04-16T00:00:00+08:00"), kChina};
  expect_error(load_plan_progress(db(), query), Errc::not_found, "no sampling plan for 2026", "2026 年没有抽检计划");
  ASSERT_TRUE(import_csv(kPlan + "蔬菜,,CG01,3,4\n").ok());
  ASSERT_TRUE(import_csv("2026,专项抽检,蔬菜,,CG01,3,2\n").ok());
  expect_error(load_plan_progress(db(), query), Errc::invalid_input,
               "plan: expected the name of one of the 2026 plans (专项抽检, 县级抽检计划)",
               "plan：应为 2026 年的计划之一的名称（专项抽检, 县级抽检计划）");
  auto named = query;
  named.plan = "专项抽检";
  const auto progress = load_plan_progress(db(), named);
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->progress.total.quota, 2);
  named.plan = "没有的计划";
  expect_error(load_plan_progress(db(), named), Errc::not_found, "plan 2026 \"没有的计划\" not found",
               "未找到计划 2026“没有的计划”");
  const auto plans = list_plans(db(), 2026);
  ASSERT_TRUE(plans.ok());
  EXPECT_EQ(plans->size(), 2u);
}

}  // namespace
}  // namespace kj::lims
