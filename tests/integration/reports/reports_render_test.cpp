// The reports of issue #8 rendered in headless Chromium: the daily booth report, the event
// report and the county monthly report — DOM (tables, figures, <svg> charts and their bars),
// screenshots, and every CSV export checked to the byte. The monthly report's numbers are
// recomputed here with SQL straight from the booth database and compared.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>

#include "lims/storage/database.hpp"
#include "tests/integration/reports/render_support.hpp"

namespace kj::test {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Our CSVs quote nothing these tests write, so a plain split is exact.
Rows csv_rows(const std::filesystem::path& path) {
  const auto text = read_file(path);
  Rows rows;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = text.find("\r\n", at);
    if (end == std::string::npos) {
      ADD_FAILURE() << path << ": a line does not end with CRLF";
      break;
    }
    std::vector<std::string> fields;
    std::stringstream line(text.substr(at, end - at));
    for (std::string field; std::getline(line, field, ',');) fields.push_back(field);
    if (!text.substr(at, end - at).empty() && text[end - 1] == ',') fields.emplace_back();
    rows.push_back(fields);
    at = end + 2;
  }
  return rows;
}

void expect_no_personal_data(const std::string& text, const std::string& where) {
  for (const char* personal : kPersonalData)
    EXPECT_EQ(text.find(personal), std::string::npos) << where << ": " << personal;
}

using ReportRender = BoothDay;

TEST_F(ReportRender, DailyReportOfTheMarket) {
  const auto out = output_dir();
  const auto page = out / "daily-CN01.html";
  const auto csv = out / "csv";
  std::filesystem::remove_all(csv);
  ok("report daily --market CN01 --date 2026-11-23 --out " + page.string() + " --csv-dir " + csv.string());

  const auto dom = Chromium::dump_dom(page);
  ASSERT_NE(dom.find("快检日报"), std::string::npos) << "chromium gave no DOM";
  EXPECT_EQ(occurrences(dom, "<svg class=\"kj-chart\""), 1);
  EXPECT_EQ(occurrences(dom, "<rect class=\"bar "), 2);  // OPC: 阴性, 阳性
  EXPECT_NE(dom.find("data-label=\"有机磷和氨基甲酸酯类 · 阳性\" data-value=\"4\""), std::string::npos);
  EXPECT_NE(dom.find("data-label=\"有机磷和氨基甲酸酯类 · 阴性\" data-value=\"1\""), std::string::npos);
  EXPECT_NE(dom.find("<g class=\"axis\""), std::string::npos);
  EXPECT_NE(dom.find("data-table=\"daily-results\""), std::string::npos);
  EXPECT_NE(dom.find("data-figure=\"fail\">不合格（确认阳性）<b>1</b>"), std::string::npos);
  expect_no_personal_data(read_file(page), "page");
  EXPECT_TRUE(Chromium::screenshot(page, out / "daily-CN01.png"));

  const std::string opc = "有机磷和氨基甲酸酯类";
  EXPECT_EQ(read_file(csv / "daily-results.csv"),
            "sample_number,sample_name,item,test_kind,value,unit,limit,verdict,tested_at,tester,reviewer\r\n" +
                chives_ + ",韭菜," + opc + ",初检,62.4,%,<50%,阳性,09:00,wang,\r\n" +  //
                cabbage_ + ",白菜," + opc + ",初检,12.5,%,<50%,阴性,09:00,wang,\r\n" + cowpea_ + ",豇豆," + opc +
                ",初检,55,%,<50%,阳性,09:00,wang,\r\n" +                             //
                chives_ + ",韭菜," + opc + ",复检,61,%,<50%,阳性,09:10,wang,\r\n" +  //
                chives_ + ",韭菜," + opc + ",复检,63.5,%,<50%,阳性,09:20,wang,\r\n");
  EXPECT_EQ(read_file(csv / "daily-samples.csv"),
            "sample_number,sample_name,stall,item,standing,value,tested_at,case\r\n" +  //
                chives_ + ",韭菜,A-12," + opc + ",不合格,63.5 %,09:20," + chives_case_ + " 已暂停销售\r\n" + cabbage_ +
                ",白菜,A-15," + opc + ",合格,12.5 %,09:00,\r\n" +            //
                cowpea_ + ",豇豆,A-15," + opc + ",待复检,55 %,09:00,\r\n" +  //
                spinach_ + ",菠菜,A-12,,待检测,,,\r\n");
  EXPECT_EQ(read_file(csv / "daily-positives.csv"),
            "case_number,sample_number,sample_name,stall,item,state,opened_at,due_at\r\n" + chives_case_ + "," +
                chives_ + ",韭菜,A-12," + opc + ",已暂停销售,2026-11-23 09:20,2026-11-26 23:59\r\n");
  EXPECT_EQ(read_file(csv / "daily-by-item.csv"), "item,verdict,tests\r\n" + opc + ",阴性,1\r\n" + opc + ",阳性,4\r\n");
  EXPECT_EQ(read_file(csv / "daily-figures.csv"),
            "figure,label,value\r\nsamples,样品,4\r\ntests,检测次数,5\r\npass,合格,1\r\n"
            "fail,不合格（确认阳性）,1\r\npending,待复检,1\r\n");
  for (const auto& file : std::filesystem::directory_iterator(csv))
    expect_no_personal_data(read_file(file), file.path());

  const auto bad = run("report daily --market CN01 --date 2026-02-30 --out " + (out / "x.html").string());
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("date: expected a date YYYY-MM-DD"), std::string::npos) << bad.err;
}

// The acceptance: an event with 5 orders and 3 walk-in samples, one positive, gives a
// report that shows exactly those, in Chinese, with no citizen's data.
TEST_F(ReportRender, EventReportShowsExactlyTheEvent) {
  const auto out = output_dir();
  const auto page = out / "event.html";
  const auto csv = out / "csv";
  std::filesystem::remove_all(csv);
  ok("report event " + event_ + " --out " + page.string() + " --csv-dir " + csv.string());

  const auto dom = Chromium::dump_dom(page);
  ASSERT_NE(dom.find("你点我检活动报告"), std::string::npos) << "chromium gave no DOM";
  EXPECT_NE(dom.find("data-figure=\"orders\">点单数<b>5</b>"), std::string::npos);
  EXPECT_NE(dom.find("data-figure=\"samples\">样品（批次）<b>3</b>"), std::string::npos);
  EXPECT_NE(dom.find("data-figure=\"positives\">阳性样品<b>1</b>"), std::string::npos);
  EXPECT_NE(dom.find("data-figure=\"consultations\">咨询<b>1</b>"), std::string::npos);
  EXPECT_EQ(occurrences(dom, "<svg class=\"kj-chart\""), 2);
  EXPECT_EQ(occurrences(dom, "<rect class=\"bar "), 4 + 2);  // four foods ordered; 合格, 不合格
  EXPECT_NE(dom.find("data-label=\"韭菜\" data-value=\"2\""), std::string::npos);
  EXPECT_NE(dom.find("data-label=\"不合格\" data-value=\"1\""), std::string::npos);
  EXPECT_NE(dom.find("data-label=\"合格\" data-value=\"2\""), std::string::npos);
  expect_no_personal_data(read_file(page), "page");
  EXPECT_TRUE(Chromium::screenshot(page, out / "event.png"));

  const std::string opc = "有机磷和氨基甲酸酯类";
  EXPECT_EQ(read_file(csv / "event-orders.csv"),
            "rank,food,item,votes,orders,task\r\n1,韭菜,,2,2,\r\n2,牛蛙,,1,1,\r\n3,白菜,,1,1,\r\n4,豇豆,,1,1,\r\n");
  EXPECT_EQ(read_file(csv / "event-samples.csv"),
            "sample_number,sample_name,source,item,standing,value,tested_at,case\r\n" +  //
                walk_ins_[0] + ",芹菜,市民送检," + opc + ",合格,8 %,08:00,\r\n" +        //
                walk_ins_[1] + ",黄瓜,市民送检," + opc + ",不合格,64 %,08:20," + event_case_ + "\r\n" + walk_ins_[2] +
                ",苹果,市民送检," + opc + ",合格,9.5 %,08:00,\r\n");
  EXPECT_EQ(read_file(csv / "event-positives.csv"), "sample_number,sample_name,item,case_number,state\r\n" +
                                                        walk_ins_[1] + ",黄瓜," + opc + "," + event_case_ +
                                                        ",已立案\r\n");
  EXPECT_EQ(read_file(csv / "event-figures.csv"),
            "figure,label,value\r\norders,点单数,5\r\nvotes,票数,5\r\nsamples,样品（批次）,3\r\nbatches,检测批次,0\r\n"
            "tested,已检测样品,3\r\npositives,阳性样品,1\r\nconsultations,咨询,1\r\n");
  for (const auto& file : std::filesystem::directory_iterator(csv))
    expect_no_personal_data(read_file(file), file.path());
}

// The monthly report against the database: a plan with quotas for November (and October), the
// market's and the event's samples, a sample of October, the chives case closed on time and
// the event's case left open past its due date; the report is run on 1 December.
TEST_F(ReportRender, MonthlyReportMatchesTheDatabase) {
  const auto out = output_dir();
  write_file(dir_ / "plan.csv",
             "year,plan,category,township,market,month,batches\n"
             "2026,2026年测试计划,蔬菜,城南街道,CN01,11,4\n"
             "2026,2026年测试计划,水果,城南街道,CN01,11,2\n"
             "2026,2026年测试计划,蔬菜,城北镇,BN01,11,3\n"
             "2026,2026年测试计划,蔬菜,城北镇,BN01,10,5\n");
  ok("plan import " + (dir_ / "plan.csv").string());
  at("2026-10-15T09:00:00+08:00");
  const auto october = register_sample("--name 白菜 --market BN01");
  ok("result add --sample " + october + " --item OPC --value 5");
  at("2026-11-23T10:05:00+08:00");
  ok("case step " + chives_case_ + " vendor_notified");
  at("2026-11-23T15:05:00+08:00");
  ok("case step " + chives_case_ + " disposed --quantity 2 --unit kg --method 无害化销毁 --supervisor 赵监督");
  at("2026-11-23T15:10:00+08:00");
  ok("case step " + chives_case_ + " publicized");
  ok("case step " + chives_case_ + " reported");
  at("2026-11-23T15:20:00+08:00");
  ok("case step " + chives_case_ + " closed");
  at("2026-12-01T10:00:00+08:00");
  const auto page = out / "monthly.html";
  const auto csv = out / "csv";
  std::filesystem::remove_all(csv);
  ok("report monthly --month 2026-11 --out " + page.string() + " --csv-dir " + csv.string());

  // Recomputed independently: every quota here is a market's, so a sample counts for the quota
  // of its own market, category and month.
  auto db = lims::storage::Database::open(db_path());
  ASSERT_TRUE(db.ok());
  const auto query = [&](const std::string& sql) {
    Rows rows;
    auto& s = db->prepare(sql);
    while (s.step()) {
      std::vector<std::string> row;
      for (int i = 0; i < s.column_count(); ++i) row.push_back(s.column_text(i));
      rows.push_back(row);
    }
    s.reset();
    return rows;
  };
  const auto november = [](const std::string& column) {
    return "strftime('%Y-%m', " + column + ", '+8 hours') = '2026-11'";
  };
  const auto quotas = query(
      "SELECT c.name, t.name, q.market_id, q.category_id, q.batches FROM plan_quota q "
      "JOIN category c ON c.id = q.category_id JOIN township t ON t.id = q.township_id WHERE q.month = 11");
  const auto done = query(
      "SELECT s.market_id, coalesce(s.category_id, cm.category_id) FROM sample s "
      "LEFT JOIN commodity cm ON cm.id = s.commodity_id WHERE " +
      november("s.sampled_at") +
      " AND EXISTS (SELECT 1 FROM result r WHERE r.sample_id = s.id AND r.verdict <> 'invalid' "
      "AND NOT EXISTS (SELECT 1 FROM result n WHERE n.supersedes = r.id))");
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_category, by_township;  // name → quota, done
  for (const auto& q : quotas) {
    std::int64_t n = 0;
    for (const auto& d : done) n += d[0] == q[2] && d[1] == q[3] ? 1 : 0;
    for (auto* group : {&by_category, &by_township}) {
      auto& cell = (*group)[group == &by_category ? q[0] : q[1]];
      cell.first += std::stoll(q[4]);
      cell.second += n;
    }
  }
  ASSERT_EQ(by_category.size(), 2u);
  ASSERT_EQ(by_township.size(), 2u);
  EXPECT_GT(by_category["蔬菜"].second, 0);
  const auto expect_plan = [&](const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& expected,
                               const std::filesystem::path& file) {
    const auto rows = csv_rows(file);
    ASSERT_EQ(rows.size(), expected.size() + 2) << file;  // header, …, 合计
    std::map<std::string, std::vector<std::string>> got;
    for (std::size_t i = 1; i + 1 < rows.size(); ++i) got[rows[i][0]] = rows[i];
    std::int64_t quota = 0, done_total = 0;
    for (const auto& [name, cell] : expected) {
      ASSERT_TRUE(got.contains(name)) << file << ": " << name;
      const auto& row = got[name];
      EXPECT_EQ(row[1], std::to_string(cell.first)) << file << " quota of " << name;
      EXPECT_EQ(row[2], std::to_string(cell.second)) << file << " done of " << name;
      EXPECT_EQ(row[3], std::to_string(cell.first)) << file << ": the month is over, all of it was due";
      char percent[16];
      std::snprintf(percent, sizeof percent, "%.1f", static_cast<double>(cell.second) * 100.0 / cell.first);
      EXPECT_EQ(row[4], percent) << file << " percent of " << name;
      EXPECT_EQ(row[5], cell.second < cell.first ? "是" : "否") << file << " lagging of " << name;
      quota += cell.first;
      done_total += cell.second;
    }
    EXPECT_EQ(rows.back()[0], "合计");
    EXPECT_EQ(rows.back()[1], std::to_string(quota));
    EXPECT_EQ(rows.back()[2], std::to_string(done_total));
  };
  expect_plan(by_category, csv / "monthly-plan-by-category.csv");
  expect_plan(by_township, csv / "monthly-plan-by-township.csv");
  const auto category_rows = csv_rows(csv / "monthly-plan-by-category.csv");
  ASSERT_FALSE(category_rows.empty());
  EXPECT_EQ(category_rows[0],
            (std::vector<std::string>{"category", "quota", "done", "expected", "percent", "lagging"}));

  const auto positives_by = [&](const std::string& group) {
    return query("SELECT " + group +
                 ", count(*) FROM disposal_case d JOIN sample s ON s.id = d.sample_id "
                 "LEFT JOIN commodity cm ON cm.id = s.commodity_id LEFT JOIN test_item i ON i.id = d.item_id "
                 "WHERE " +
                 november("d.opened_at") +
                 " AND coalesce(d.outcome, '') <> 'released' "
                 "GROUP BY 1 ORDER BY 2 DESC, 1");
  };
  auto expected_commodity = positives_by("coalesce(cm.name, s.name)");
  auto expected_item = positives_by("i.name_zh");
  ASSERT_EQ(expected_commodity.size(), 2u);  // 韭菜 at the market, 黄瓜 at the event
  expected_commodity.insert(expected_commodity.begin(), {"commodity", "positives"});
  expected_item.insert(expected_item.begin(), {"item", "positives"});
  EXPECT_EQ(csv_rows(csv / "monthly-positives-by-commodity.csv"), expected_commodity);
  EXPECT_EQ(csv_rows(csv / "monthly-positives-by-item.csv"), expected_item);

  // Closure: cases whose local due month is November, judged on 1 December.
  const auto closure = query(
      "SELECT t.name, count(*), sum(d.closed_at IS NOT NULL AND d.closed_at <= d.due_at), "
      "sum(d.closed_at IS NOT NULL AND d.closed_at > d.due_at), "
      "sum(d.closed_at IS NULL AND d.due_at < '2026-12-01T02:00:00Z') "
      "FROM disposal_case d JOIN market m ON m.id = d.market_id JOIN township t ON t.id = m.township_id "
      "WHERE d.due_month = '2026-11' GROUP BY 1 ORDER BY 1");
  ASSERT_EQ(closure.size(), 2u);
  const auto closure_rows = csv_rows(csv / "monthly-closure-by-township.csv");
  std::map<std::string, std::vector<std::string>> got;
  for (const auto& row : closure_rows) got[row[0]] = row;
  for (const auto& e : closure) {
    ASSERT_TRUE(got.contains(e[0])) << e[0];
    EXPECT_EQ(got[e[0]][1], e[1]) << e[0] << " due";
    EXPECT_EQ(got[e[0]][2], e[2]) << e[0] << " on time";
    EXPECT_EQ(got[e[0]][3], e[3]) << e[0] << " closed late";
    EXPECT_EQ(got[e[0]][4], e[4]) << e[0] << " open overdue";
    char rate[16];
    std::snprintf(rate, sizeof rate, "%.1f", std::stod(e[2]) * 100.0 / std::stod(e[1]));
    EXPECT_EQ(got[e[0]][6], rate) << e[0] << " rate";
  }
  EXPECT_EQ(got["城南街道"][6], "100.0");  // the chives case, closed the same day
  EXPECT_EQ(got["城北镇"][6], "0.0");      // the event's case, still open

  const auto tested =
      query("SELECT count(DISTINCT r.sample_id) FROM result r WHERE " + november("r.tested_at") +
            " AND r.verdict <> 'invalid' AND NOT EXISTS (SELECT 1 FROM result n WHERE n.supersedes = r.id)");
  const auto figures = csv_rows(csv / "monthly-figures.csv");
  std::map<std::string, std::string> figure;
  for (const auto& row : figures) figure[row[0]] = row[2];
  EXPECT_EQ(figure["samples_tested"], tested[0][0]);
  EXPECT_EQ(figure["positives"], "2");

  const auto dom = Chromium::dump_dom(page);
  ASSERT_NE(dom.find("食品快检月度报表"), std::string::npos) << "chromium gave no DOM";
  EXPECT_NE(dom.find("2026年测试计划"), std::string::npos);
  EXPECT_EQ(occurrences(dom, "<svg class=\"kj-chart\""), 5);
  // One bar per category, township, commodity, item and township with cases due.
  EXPECT_EQ(occurrences(dom, "<rect class=\"bar "), 2 + 2 + 2 + static_cast<int>(expected_item.size() - 1) + 2);
  EXPECT_NE(dom.find("data-label=\"城南街道\" data-value=\"100.0\""), std::string::npos);
  expect_no_personal_data(read_file(page), "page");
  EXPECT_TRUE(Chromium::screenshot(page, out / "monthly.png", "1280,2600"));

  const auto bad = run("report monthly --month 2026-13 --out " + (out / "x.html").string());
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("month: expected a month YYYY-MM"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace kj::test
