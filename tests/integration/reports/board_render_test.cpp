// The public results board (issue #8) rendered in headless Chromium: `kuaijian board` for a
// market's day and for an event, and the hub's live board built from what the booth pushed.
// Asserts on the DOM the browser built — one row per sample × item, the verdicts as the public
// reads them (合格 / 不合格 + 阳性（已确认）/ 待复检 / 待检测), the disposal of a positive — and
// that no personal data (vendor, citizens) is anywhere in the page; screenshots are kept.
#include <gtest/gtest.h>

#include "lims/errors.hpp"
#include "lims/hub/hub_routes.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"
#include "protocols/json_writer.hpp"
#include "tests/integration/reports/render_support.hpp"

namespace kj::test {
namespace {

// The <tr> of a sample in the board's DOM, up to its </tr>.
std::string row_of(const std::string& dom, const std::string& sample) {
  const auto at = dom.find("data-sample=\"" + sample + "\"");
  if (at == std::string::npos) return {};
  const auto start = dom.rfind("<tr", at);
  return dom.substr(start, dom.find("</tr>", at) - start);
}

void expect_no_personal_data(const std::string& page) {
  for (const char* personal : kPersonalData) EXPECT_EQ(page.find(personal), std::string::npos) << personal;
}

using BoardRender = BoothDay;

TEST_F(BoardRender, MarketBoardShowsTheDayAsThePublicReadsIt) {
  const auto out = output_dir();
  const auto page = out / "board-CN01.html";
  const auto r = ok("--json board --market CN01 --date 2026-11-23 --out " + page.string());
  EXPECT_NE(r.out.find("\"lines\":4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"positives\":1"), std::string::npos) << r.out;

  const auto dom = Chromium::dump_dom(page);
  ASSERT_NE(dom.find("<table class=\"board\">"), std::string::npos) << "chromium gave no DOM";
  EXPECT_NE(dom.find("食品快检结果公示"), std::string::npos);
  EXPECT_NE(dom.find("城南农贸市场"), std::string::npos);
  EXPECT_EQ(occurrences(dom, "<tr class=\"verdict-"), 4);

  const auto chives = row_of(dom, chives_);
  EXPECT_NE(chives.find("verdict-positive"), std::string::npos) << chives;
  EXPECT_NE(chives.find("不合格"), std::string::npos);
  EXPECT_NE(chives.find("阳性（已确认）"), std::string::npos);
  EXPECT_NE(chives.find("已暂停销售"), std::string::npos) << chives;
  EXPECT_NE(chives.find(chives_case_), std::string::npos);
  EXPECT_NE(chives.find("A-12"), std::string::npos);
  EXPECT_NE(chives.find("09:20"), std::string::npos);  // the latest test, local time
  EXPECT_NE(chives.find("有机磷和氨基甲酸酯类"), std::string::npos);

  const auto cabbage = row_of(dom, cabbage_);
  EXPECT_NE(cabbage.find("verdict-negative"), std::string::npos);
  EXPECT_NE(cabbage.find(">合格<"), std::string::npos) << cabbage;
  EXPECT_NE(cabbage.find("阴性"), std::string::npos);
  const auto cowpea = row_of(dom, cowpea_);
  EXPECT_NE(cowpea.find("verdict-retest_pending"), std::string::npos) << cowpea;
  EXPECT_NE(cowpea.find("待复检"), std::string::npos);
  EXPECT_NE(row_of(dom, spinach_).find("待检测"), std::string::npos);
  // The event was at the other market.
  for (const auto& walk_in : walk_ins_) EXPECT_EQ(row_of(dom, walk_in), "");

  EXPECT_NE(dom.find("data-count=\"fail\">不合格<b>1</b>"), std::string::npos);
  EXPECT_EQ(dom.find("http-equiv=\"refresh\""), std::string::npos);
  expect_no_personal_data(read_file(page));
  expect_no_personal_data(dom);
  EXPECT_TRUE(Chromium::screenshot(page, out / "board-CN01.png", "1280,1000"));

  // A live copy reloads itself.
  ok("board --market CN01 --date 2026-11-23 --refresh 30 --out " + (out / "board-live.html").string());
  EXPECT_NE(read_file(out / "board-live.html").find("<meta http-equiv=\"refresh\" content=\"30\">"), std::string::npos);
  // Another day has nothing yet.
  ok("board --market CN01 --date 2026-11-24 --out " + (out / "board-empty.html").string());
  EXPECT_EQ(occurrences(Chromium::dump_dom(out / "board-empty.html"), "<tr class=\"verdict-"), 0);
}

TEST_F(BoardRender, EventBoardShowsItsThreeWalkInsAndTheOnePositive) {
  const auto out = output_dir();
  const auto page = out / "board-event.html";
  ok("board --event " + event_ + " --out " + page.string());
  const auto dom = Chromium::dump_dom(page);
  ASSERT_NE(dom.find("<table class=\"board\">"), std::string::npos);
  EXPECT_NE(dom.find("你点我检 · 检测结果公示"), std::string::npos);
  EXPECT_NE(dom.find("你点我检·城北农贸市场"), std::string::npos);
  EXPECT_NE(dom.find("07:00–11:00"), std::string::npos);
  EXPECT_EQ(occurrences(dom, "<tr class=\"verdict-"), 3);
  EXPECT_EQ(occurrences(dom, "<tr class=\"verdict-positive\""), 1);
  EXPECT_EQ(occurrences(dom, "<tr class=\"verdict-negative\""), 2);
  const auto cucumber = row_of(dom, walk_ins_[1]);
  EXPECT_NE(cucumber.find("黄瓜"), std::string::npos);
  EXPECT_NE(cucumber.find("不合格"), std::string::npos);
  EXPECT_NE(cucumber.find(event_case_), std::string::npos) << cucumber;
  EXPECT_NE(cucumber.find("已立案"), std::string::npos) << cucumber;
  EXPECT_NE(row_of(dom, walk_ins_[0]).find("市民送检"), std::string::npos);
  for (const auto& market_sample : {chives_, cabbage_, cowpea_, spinach_}) EXPECT_EQ(row_of(dom, market_sample), "");
  expect_no_personal_data(read_file(page));
  EXPECT_TRUE(Chromium::screenshot(page, out / "board-event.png", "1280,900"));
}

TEST_F(BoardRender, CommandErrorsNameTheField) {
  const auto neither = run("board --out x.html");
  EXPECT_NE(neither.exit_code, 0);
  EXPECT_NE(neither.err.find("market"), std::string::npos) << neither.err;
  const auto bad_date = run("board --market CN01 --date 23.11.2026 --out x.html");
  EXPECT_NE(bad_date.exit_code, 0);
  EXPECT_NE(bad_date.err.find("date: expected a date YYYY-MM-DD"), std::string::npos) << bad_date.err;
  const auto unknown = run("board --market NOPE --out x.html");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("NOPE"), std::string::npos) << unknown.err;
  EXPECT_NE(run("board --event E20990101-01 --out x.html").exit_code, 0);
}

// The booth's outbox pushed into a hub store, the county's catalogue published; then
// GET /board?market=CN01 through the hub's routes, unsigned.
TEST_F(BoardRender, HubServesTheLiveBoardFromWhatBoothsPushed) {
  const auto out = output_dir();
  const auto now = *lims::parse_iso8601("2026-11-23T10:00:00+08:00", std::chrono::hours(8));
  auto store = lims::hub::HubStore::open(dir_ / "hub.db");
  ASSERT_TRUE(store.ok()) << store.error().detail.en;
  const auto booth = store->add_booth("城南快检室", now);
  ASSERT_TRUE(booth.ok());
  {
    auto db = lims::storage::Database::open(db_path());
    ASSERT_TRUE(db.ok());
    std::vector<lims::hub::IncomingRecord> records;
    auto& outbox = db->prepare("SELECT entity, uuid, version, payload FROM outbox ORDER BY id");
    while (outbox.step()) {
      records.push_back(
          {outbox.column_text(0), outbox.column_text(1), outbox.column_int64(2), outbox.column_text(3), ""});
    }
    outbox.reset();
    ASSERT_GT(records.size(), 10u);
    const auto pushed = store->ingest(booth->booth_id, records, now);
    ASSERT_TRUE(pushed.ok()) << pushed.error().detail.en;
    auto& items = db->prepare("SELECT code, name_zh, name_en, method, standard, unit, not_detected FROM test_item");
    std::vector<lims::hub::MasterInput> catalogue;
    while (items.step()) {
      protocols::JsonWriter json;
      json.begin_object().key("code").value(items.column_text(0)).key("name_zh").value(items.column_text(1));
      json.key("name_en").value(items.column_text(2)).key("method").value(items.column_text(3));
      json.key("standard").value(items.column_text(4)).key("unit").value(items.column_text(5));
      json.key("not_detected").value(items.column_int64(6) != 0).end_object();
      catalogue.push_back({"item", items.column_text(0), json.take()});
    }
    items.reset();
    ASSERT_TRUE(store->put_master(catalogue, now).ok());
  }
  lims::hub::ServerDeps deps{[now] { return now; },
                             [](std::error_code code) {
                               if (code == lims::make_error_code(lims::Errc::not_found)) return 404;
                               if (code == lims::make_error_code(lims::Errc::invalid_input)) return 400;
                               return 500;
                             }};
  lims::hub::HubRoutes routes(*store, deps, 300, 1 << 20);
  const auto answer = routes.handle({"GET", "/board?market=CN01&date=2026-11-23", {}, ""});
  EXPECT_EQ(answer.content_type, "text/html; charset=utf-8");  // a browser shows it as a page
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("<meta http-equiv=\"refresh\" content=\"60\">"), std::string::npos);
  const auto page = out / "hub-board.html";
  write_file(page, answer.body);
  const auto dom = Chromium::dump_dom(page);
  ASSERT_NE(dom.find("<table class=\"board\">"), std::string::npos);
  EXPECT_EQ(occurrences(dom, "<tr class=\"verdict-"), 4);
  const auto chives = row_of(dom, chives_);
  EXPECT_NE(chives.find("verdict-positive"), std::string::npos) << chives;
  EXPECT_NE(chives.find("已暂停销售"), std::string::npos) << chives;
  EXPECT_NE(chives.find(chives_case_), std::string::npos);
  EXPECT_NE(chives.find("A-12"), std::string::npos);
  EXPECT_NE(chives.find("有机磷和氨基甲酸酯类"), std::string::npos) << chives;
  EXPECT_NE(row_of(dom, cabbage_).find("verdict-negative"), std::string::npos);
  EXPECT_NE(row_of(dom, cowpea_).find("verdict-retest_pending"), std::string::npos);
  EXPECT_NE(row_of(dom, spinach_).find("verdict-untested"), std::string::npos);
  expect_no_personal_data(answer.body);
  EXPECT_TRUE(Chromium::screenshot(page, out / "hub-board.png", "1280,1000"));

  // Today (the hub's clock) is the default day.
  EXPECT_EQ(routes.handle({"GET", "/board?market=CN01", {}, ""}).body, answer.body);
  EXPECT_EQ(routes.handle({"GET", "/board", {}, ""}).status, 400);
  EXPECT_EQ(routes.handle({"GET", "/board?market=CN01&date=tomorrow", {}, ""}).status, 400);
  EXPECT_EQ(routes.handle({"GET", "/board?market=NOPE", {}, ""}).status, 404);
  EXPECT_EQ(routes.handle({"POST", "/board?market=CN01", {}, ""}).status, 405);
  // The API stays signed.
  EXPECT_EQ(routes.handle({"GET", "/api/v1/results", {}, ""}).status, 401);
}

}  // namespace
}  // namespace kj::test
