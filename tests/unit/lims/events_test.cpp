// Events (你点我检): creation and its checks, orders entered and imported, the tally and the
// tasks it makes, walk-in samples with the citizen's contact, consultations, closing, and the
// summary's counts and sample standings (a confirmed positive with its case; no citizen data).
#include "lims/events/events.hpp"

#include <gtest/gtest.h>

#include "tests/unit/lims/cases_fixture.hpp"

namespace kj::lims::testing {
namespace {

class EventTest : public CaseTest {
 protected:
  EventRow create(const std::string& day = "2025-09-26") {
    auto e = create_event(
        *db_, op(),
        EventInput{"你点我检·城南", "order", "城南农贸市场门口", "CN01", day, "07:00", "09:00", "城南快检室", ""},
        std::chrono::hours(8));
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().detail.en);
    return e.ok() ? *e : EventRow{};
  }
  std::string walk_in(const std::string& event, const std::string& name, const std::string& contact = "13900001111") {
    auto r = register_event_sample(*db_, op(), event, SampleInput{.name = name}, contact, std::chrono::hours(8));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail.en);
    return r.ok() ? r->number : "";
  }
};

TEST_F(EventTest, CreateChecksEachFieldAndNumbersEventsPerDay) {
  const auto first = create();
  EXPECT_EQ(first.code, "E20250926-01");
  EXPECT_EQ(first.market_code, "CN01");
  EXPECT_EQ(first.state, "open");
  EXPECT_EQ(create().code, "E20250926-02");
  const auto bad = [&](EventInput in, const std::string& field) {
    auto e = create_event(*db_, op(), in, std::chrono::hours(8));
    ASSERT_FALSE(e.ok()) << field;
    EXPECT_EQ(e.error().code, make_error_code(Errc::invalid_input)) << field;
    EXPECT_NE(e.error().detail.en.find(field), std::string::npos) << e.error().detail.en;
  };
  const EventInput good{"t", "order", "p", "", "2025-09-26", "07:00", "09:00", "", ""};
  auto in = good;
  in.title = " ";
  bad(in, "title");
  in = good;
  in.kind = "vote";
  bad(in, "kind");
  in = good;
  in.day = "2025-13-01";
  bad(in, "day");
  in = good;
  in.starts = "7:00";
  bad(in, "starts");
  in = good;
  in.ends = "06:59";
  bad(in, "ends");
  in = good;
  in.market = "NOPE";
  EXPECT_EQ(create_event(*db_, op(), in, std::chrono::hours(8)).error().code, make_error_code(Errc::not_found));
}

TEST_F(EventTest, OrdersTallyIntoTasksMostVotedFirst) {
  const auto e = create();
  ASSERT_TRUE(add_order(*db_, op(), e.code, OrderInput{"韭菜", "", 3, "王女士", "13800001111"}).ok());
  ASSERT_TRUE(add_order(*db_, op(), e.code, OrderInput{"豇豆", "", 2, "", ""}).ok());
  ASSERT_TRUE(add_order(*db_, op(), e.code, OrderInput{"韭菜", "", 1, "", ""}).ok());
  test::write_file(dir_ / "orders.csv", "食品,票数,电话\n牛蛙,5,13800002222\n白菜,,\n,3,\n芹菜,x,\n");
  const auto imported = import_orders(*db_, op(), e.code, dir_ / "orders.csv");
  ASSERT_TRUE(imported.ok()) << imported.error().detail.en;
  EXPECT_EQ(imported->imported, 2);  // 牛蛙 and 白菜 (1 vote by default)
  ASSERT_EQ(imported->problems.size(), 2u);
  EXPECT_NE(imported->problems[0].en.find("line 4: food"), std::string::npos) << imported->problems[0].en;
  EXPECT_NE(imported->problems[1].en.find("line 5: votes"), std::string::npos) << imported->problems[1].en;

  const auto tally = tally_orders(*db_, e.code);
  ASSERT_TRUE(tally.ok());
  ASSERT_EQ(tally->size(), 4u);
  EXPECT_EQ((*tally)[0].food, "牛蛙");
  EXPECT_EQ((*tally)[0].votes, 5);
  EXPECT_EQ((*tally)[1].food, "韭菜");
  EXPECT_EQ((*tally)[1].votes, 4);
  EXPECT_EQ((*tally)[1].orders, 2);

  const auto tasks = orders_to_tasks(*db_, op(), e.code, 2);
  ASSERT_TRUE(tasks.ok()) << tasks.error().detail.en;
  ASSERT_EQ(tasks->size(), 2u);
  EXPECT_EQ((*tasks)[0], "你点我检：牛蛙，5 票");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE event_id IS NOT NULL AND due_date = '2025-09-26'"), 2);
  // Asked again, nothing is made twice; the third food becomes a task when asked for three.
  EXPECT_TRUE(orders_to_tasks(*db_, op(), e.code, 2)->empty());
  EXPECT_EQ(orders_to_tasks(*db_, op(), e.code, 3)->size(), 1u);
  EXPECT_FALSE(add_order(*db_, op(), e.code, OrderInput{"韭菜", "NOPE", 1, "", ""}).ok());
  EXPECT_EQ(add_order(*db_, op(), e.code, OrderInput{"韭菜", "", 0, "", ""}).error().code,
            make_error_code(Errc::invalid_input));
}

TEST_F(EventTest, SummaryCountsAndStandingsWithoutCitizenData) {
  const auto e = create();
  for (const auto* food : {"韭菜", "豇豆", "牛蛙", "芹菜", "白菜"}) {
    ASSERT_TRUE(add_order(*db_, op(), e.code, OrderInput{food, "", 1, "李先生", "13800003333"}).ok());
  }
  const auto chives = walk_in(e.code, "韭菜");
  const auto beans = walk_in(e.code, "豇豆");
  const auto celery = walk_in(e.code, "芹菜");
  EXPECT_EQ(count("SELECT count(*) FROM sample WHERE source = 'walk_in' AND citizen_contact = '13900001111'"), 3);
  // 韭菜 positive and confirmed (its case opens), 豇豆 negative, 芹菜 not yet tested.
  const auto opened = open_for(confirmed_positive(chives).result_uuid);
  ingest(beans, 12.0);
  ASSERT_TRUE(record_consultation(*db_, op(), e.code, ConsultationInput{"草莓能不能测", "可以送检", "", ""}).ok());

  const auto s = summarize_event(*db_, *rulebook_, e.code);
  ASSERT_TRUE(s.ok()) << s.error().detail.en;
  EXPECT_EQ(s->orders, 5);
  EXPECT_EQ(s->votes, 5);
  EXPECT_EQ(s->samples, 3);
  EXPECT_EQ(s->tested, 2);
  EXPECT_EQ(s->positives, 1);
  EXPECT_EQ(s->consultations, 1);
  ASSERT_EQ(s->lines.size(), 3u);
  EXPECT_EQ(s->lines[0].sample_number, chives);
  EXPECT_EQ(s->lines[0].verdict, "positive");
  EXPECT_EQ(s->lines[0].case_number, opened);
  EXPECT_EQ(s->lines[0].case_state, "opened");
  EXPECT_EQ(s->lines[1].verdict, "negative");
  EXPECT_EQ(s->lines[2].sample_number, celery);
  EXPECT_EQ(s->lines[2].verdict, "untested");

  const auto closed = close_event(*db_, op(), e.code);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state, "closed");
  EXPECT_EQ(close_event(*db_, op(), e.code).error().code, make_error_code(Errc::conflict));
  EXPECT_EQ(add_order(*db_, op(), e.code, OrderInput{"韭菜", "", 1, "", ""}).error().code,
            make_error_code(Errc::conflict));
  EXPECT_EQ(
      register_event_sample(*db_, op(), e.code, SampleInput{.name = "白菜"}, "", std::chrono::hours(8)).error().code,
      make_error_code(Errc::conflict));
  EXPECT_EQ(register_event_sample(*db_, op(), "E19990101-01", SampleInput{.name = "白菜"}, "", std::chrono::hours(8))
                .error()
                .code,
            make_error_code(Errc::not_found));
}

TEST_F(EventTest, AWalkInsContactMustBeAPhoneNumber) {
  const auto e = create();
  const auto r =
      register_event_sample(*db_, op(), e.code, SampleInput{.name = "白菜"}, "call me", std::chrono::hours(8));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.en.find("citizen_contact"), std::string::npos) << r.error().detail.en;
  EXPECT_EQ(count("SELECT count(*) FROM sample"), 0);
}

}  // namespace
}  // namespace kj::lims::testing
