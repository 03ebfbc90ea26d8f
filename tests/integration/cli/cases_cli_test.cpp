// Disposal cases as a booth operator meets them on the command line, with the clock moved by
// KJ_NOW: a positive entered by hand and confirmed by two retests opens a rapid-test case
// whose due dates are shown; stepped through on time the month's on-time closure rate is
// 100 %; a second case left past its due date makes it 50 % and `kuaijian alerts` exits 1
// naming it. Also: refusals and their exit codes, evidence, a lab case and its extension,
// CSV/JSON reports and Chinese output.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

class CasesCli : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args, const std::string& now, const std::string& lang = "en") {
    return run_kuaijian("--lang " + lang + " " + args, {},
                        "KJ_HOME=" + dir_.path().string() + " KJ_USER=wang KJ_NOW=" + now);
  }
  CommandResult ok(const std::string& args, const std::string& now, const std::string& lang = "en") {
    auto r = run(args, now, lang);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out << r.err;
    return r;
  }
  static std::string field(const std::string& json, const std::string& key) {
    std::smatch m;
    const std::regex pattern("\"" + key + "\":\"([^\"]*)\"");
    return std::regex_search(json, m, pattern) ? m[1].str() : std::string();
  }
  // A sample with a first positive and two positive retests (62 % inhibition: GB/T 5009.199
  // positive from 50 %), entered by hand at `t1`, `t2`, `t3`; returns its case number.
  std::string confirmed_positive_case(const std::string& name, const std::string& t1, const std::string& t2,
                                      const std::string& t3) {
    const auto registered = ok("--json sample register --name " + name + " --market CN01 --stall A-12", t1);
    const std::string number = field(registered.out, "number");
    EXPECT_FALSE(number.empty()) << registered.out;
    ok("result add --sample " + number + " --item OPC --value 62", t1);
    ok("result add --sample " + number + " --item OPC --value 62", t2);
    // The retest that confirms the positive opens the case by itself, in the same transaction.
    const auto last = ok("result add --sample " + number + " --item OPC --value 62", t3);
    std::smatch m;
    const std::regex opened("Disposal case (R[0-9]{8}-[0-9]{3}) opened");
    EXPECT_TRUE(std::regex_search(last.out, m, opened)) << last.out;
    return m.empty() ? std::string() : m[1].str();
  }
  void SetUp() override {
    const std::string t = "2025-09-26T08:00:00+08:00";
    ok("init", t);
    ok("market add --code CN01 --name 城南农贸市场 --township 城南街道", t);
    ok("vendor add --name 张三", t);
    ok("stall add --market CN01 --number A-12 --vendor 张三", t);
  }
  TempDir dir_;
};

TEST_F(CasesCli, AcceptanceOnTimeThen50PercentAndAnOverdueAlert) {
  const auto first = confirmed_positive_case("韭菜", "2025-09-26T08:58:00+08:00", "2025-09-26T08:59:00+08:00",
                                             "2025-09-26T09:00:00+08:00");
  ASSERT_EQ(first, "R20250926-001");
  // Its due dates are shown: sale suspended by 10:00, disposal/publicity/report by the next
  // morning 09:00, closure 3 working days later (Sun Sep 28 is a make-up working day).
  auto shown = ok("case show " + first, "2025-09-26T09:05:00+08:00");
  EXPECT_NE(shown.out.find("rapid-test case R20250926-001 — opened"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("due 2025-09-30 23:59 — due in 4 d 14 h"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("2025-09-26 10:00"), std::string::npos);
  EXPECT_NE(shown.out.find("2025-09-27 09:00"), std::string::npos);
  EXPECT_NE(shown.out.find("Next steps: sale_suspended (sale suspended), escalated"), std::string::npos);

  TempDir files;
  write_file(files / "seal.jpg", "photo of the sealed goods");
  ok("case step " + first + " sale_suspended --quantity 20 --unit kg --evidence " + (files / "seal.jpg").string(),
     "2025-09-26T09:20:00+08:00");
  ok("case step " + first + " vendor_notified --note 送达告知书", "2025-09-26T09:30:00+08:00");
  // Disposal waits for the 4-hour objection window: refused with what is allowed now (exit 8).
  auto refused = run("case step " + first + " disposed --quantity 20 --unit kg --method 无害化销毁 --supervisor 李监督",
                     "2025-09-26T10:00:00+08:00");
  EXPECT_EQ(refused.exit_code, 8);
  EXPECT_NE(refused.err.find("(only after the objection window ends at 2025-09-26 13:30). Allowed now: "
                             "recheck_requested (recheck requested), escalated"),
            std::string::npos)
      << refused.err;
  // A missing field is invalid input (exit 4).
  EXPECT_EQ(
      run("case step " + first + " disposed --quantity 20 --unit kg --method 无害化销毁", "2025-09-26T13:31:00+08:00")
          .exit_code,
      4);
  ok("case step " + first + " disposed --quantity 20 --unit kg --method 无害化销毁 --supervisor 李监督",
     "2025-09-26T13:31:00+08:00");
  ok("case step " + first + " publicized", "2025-09-26T15:00:00+08:00");
  ok("case step " + first + " reported", "2025-09-26T15:10:00+08:00");
  ok("case close " + first + " --note 处置完毕", "2025-09-27T10:00:00+08:00");
  shown = ok("case show " + first, "2025-09-27T10:05:00+08:00");
  EXPECT_NE(shown.out.find("closed on time"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("evidence seal.jpg sha256:"), std::string::npos) << shown.out;
  EXPECT_EQ(
      std::distance(std::filesystem::directory_iterator(dir_ / "evidence"), std::filesystem::directory_iterator()), 1);

  auto rate = ok("report closure --from 2025-09-01 --to 2025-09-30", "2025-09-27T10:05:00+08:00");
  EXPECT_NE(rate.out.find("100.0%"), std::string::npos) << rate.out;

  // A second confirmed positive that nobody acts on.
  const auto second = confirmed_positive_case("豇豆", "2025-09-26T14:58:00+08:00", "2025-09-26T14:59:00+08:00",
                                              "2025-09-26T15:00:00+08:00");
  ASSERT_EQ(second, "R20250926-002");
  // Before its due date it does not count yet: still 100 %.
  rate = ok("--json report closure --from 2025-09-01 --to 2025-09-30", "2025-09-30T12:00:00+08:00");
  EXPECT_NE(rate.out.find("\"on_time\":1,\"closed_late\":0,\"open_overdue\":0,\"not_yet_due\":1,\"rate_percent\":100"),
            std::string::npos)
      << rate.out;
  // After it: 50 %, and alerts exit 1 naming it.
  rate = ok("report closure --from 2025-09-01 --to 2025-09-30", "2025-10-01T09:00:00+08:00");
  EXPECT_NE(rate.out.find("50.0%"), std::string::npos) << rate.out;
  const auto alerts = run("alerts", "2025-10-01T09:00:00+08:00");
  EXPECT_EQ(alerts.exit_code, 1) << alerts.out << alerts.err;
  EXPECT_NE(alerts.out.find("OVERDUE (5):"), std::string::npos) << alerts.out;
  EXPECT_NE(alerts.out.find("R20250926-002"), std::string::npos);
  EXPECT_NE(alerts.out.find("case due date (closed)"), std::string::npos);
  EXPECT_EQ(alerts.out.find("R20250926-001"), std::string::npos);
  const auto overdue = ok("--json case list --overdue", "2025-10-01T09:00:00+08:00");
  EXPECT_EQ(field(overdue.out, "number"), "R20250926-002") << overdue.out;
  // By market, as CSV.
  const auto csv =
      ok("report closure --from 2025-09-01 --to 2025-09-30 --by market --csv", "2025-10-01T09:00:00+08:00");
  EXPECT_EQ(csv.out,
            "group,key,label_zh,label_en,due,on_time,closed_late,open_overdue,not_yet_due,rate_percent\n"
            "market,CN01,城南农贸市场 (CN01),城南农贸市场 (CN01),2,1,0,1,0,50.0\n"
            "total,示范县,示范县,示范县,2,1,0,1,0,50.0\n");
}

TEST_F(CasesCli, AlertsListWhatFallsDueSoonAndExit0WhenNothingIsOverdue) {
  const auto number = confirmed_positive_case("韭菜", "2025-09-26T08:58:00+08:00", "2025-09-26T08:59:00+08:00",
                                              "2025-09-26T09:00:00+08:00");
  const auto soon = run("alerts --within 2h", "2025-09-26T09:10:00+08:00");
  EXPECT_NE(soon.out.find(number), std::string::npos) << soon.out;
  EXPECT_EQ(soon.exit_code, 0) << soon.err;
  EXPECT_NE(soon.out.find("Nothing is overdue."), std::string::npos) << soon.out;
  EXPECT_NE(soon.out.find("Due within 2 h (1):"), std::string::npos) << soon.out;
  EXPECT_NE(soon.out.find("sale suspended"), std::string::npos);
  const auto zh = run("alerts", "2025-09-26T10:30:00+08:00", "zh");
  EXPECT_EQ(zh.exit_code, 1);
  EXPECT_NE(zh.out.find("已逾期（1 项）"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("暂停销售"), std::string::npos) << zh.out;
  EXPECT_EQ(run("alerts --within soon", "2025-09-26T10:30:00+08:00").exit_code, 4);
  // A calendar year about to be needed without its file is warned about.
  const auto december = run("alerts", "2026-12-15T10:00:00+08:00");
  EXPECT_NE(december.out.find("config/calendar/2027.json is missing"), std::string::npos) << december.out;
}

TEST_F(CasesCli, RefusalsSayWhatIsAllowedAndUseTheDocumentedExitCodes) {
  const auto number = confirmed_positive_case("韭菜", "2025-09-26T08:58:00+08:00", "2025-09-26T08:59:00+08:00",
                                              "2025-09-26T09:00:00+08:00");
  auto r = run("case step " + number + " reported", "2025-09-26T09:10:00+08:00");
  EXPECT_EQ(r.exit_code, 8);
  EXPECT_EQ(r.err,
            "kuaijian: rapid-test case R20250926-001 is at \"opened\": step reported (reported to the county) is not "
            "allowed now from this state. Allowed now: sale_suspended (sale suspended), escalated (escalated to lab "
            "sampling).\n");
  r = run("case step " + number + " reported", "2025-09-26T09:10:00+08:00", "zh");
  EXPECT_NE(r.err.find("现在可执行：sale_suspended（已暂停销售）"), std::string::npos) << r.err;
  r = run("--json case step " + number + " burn", "2025-09-26T09:10:00+08:00");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("\"code\":\"invalid_input\""), std::string::npos) << r.err;
  EXPECT_EQ(run("case show R20990101-001", "2025-09-26T09:10:00+08:00").exit_code, 7);
  EXPECT_EQ(
      run("case step " + number + " sale_suspended --evidence /nonexistent/photo.jpg", "2025-09-26T09:10:00+08:00")
          .exit_code,
      4);
  // Opening a rapid case needs a confirmed positive.
  const auto registered =
      ok("--json sample register --name 白菜 --market CN01 --stall A-12", "2025-09-26T09:00:00+08:00");
  const auto one = ok("--json result add --sample " + field(registered.out, "number") + " --item OPC --value 70",
                      "2025-09-26T09:00:00+08:00");
  r = run("case open rapid --result " + field(one.out, "uuid"), "2025-09-26T09:01:00+08:00");
  EXPECT_EQ(r.exit_code, 8);
  EXPECT_NE(r.err.find("is not a confirmed positive"), std::string::npos) << r.err;
}

TEST_F(CasesCli, ALabCaseShowsItsRecheckWindowAndItsExtensions) {
  const auto registered =
      ok("--json sample register --name 芹菜 --market CN01 --stall A-12", "2025-09-26T08:00:00+08:00");
  const std::string sample = field(registered.out, "number");
  const auto opened = ok("--json case open lab --sample " + sample +
                             " --conclusion-received-at 2025-09-26T10:00:00+08:00 --note 报告No.0917",
                         "2025-09-26T16:00:00+08:00");
  const std::string number = field(opened.out, "number");
  EXPECT_EQ(number, "L20250926-001");
  // 7 working days from Fri Sep 26 across National Day: Mon Oct 13. Closure: 90 days, Dec 25.
  EXPECT_NE(opened.out.find("\"name\":\"recheck_request\",\"kind\":\"window\",\"from\":\"conclusion_received\","
                            "\"from_at\":\"2025-09-26T02:00:00Z\",\"amount\":7,\"unit\":\"working_days\","
                            "\"due_at\":\"2025-10-13T15:59:59Z\""),
            std::string::npos)
      << opened.out;
  EXPECT_EQ(field(opened.out, "due_at"), "2025-12-25T15:59:59Z");
  auto shown = ok("case show " + number, "2025-09-26T16:05:00+08:00", "zh");
  EXPECT_NE(shown.out.find("复检申请期（期间）"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("收到检验结论后 7 个工作日"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("2025-10-13 23:59"), std::string::npos) << shown.out;
  ok("case extend " + number + " --until 2026-01-31 --approver 张局长 --reason 外省协查", "2025-12-20T09:00:00+08:00");
  shown = ok("case show " + number, "2025-12-20T09:05:00+08:00");
  EXPECT_NE(shown.out.find("due 2026-01-31 23:59 (extended from 2025-12-25 23:59)"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("2025-12-25 23:59 → 2026-01-31 23:59, approved by 张局长: 外省协查 (recorded by wang)"),
            std::string::npos)
      << shown.out;
  // Not later than the current due date: refused (exit 4); after the due date passed: exit 8.
  EXPECT_EQ(
      run("case extend " + number + " --until 2026-01-15 --approver 张局长 --reason x", "2025-12-21T09:00:00+08:00")
          .exit_code,
      4);
  EXPECT_EQ(
      run("case extend " + number + " --until 2026-03-01 --approver 张局长 --reason x", "2026-02-01T00:00:00+08:00")
          .exit_code,
      8);
  const auto listed = ok("case list --open", "2025-12-21T09:00:00+08:00");
  EXPECT_NE(listed.out.find("L20250926-001"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("2026-01-31 23:59 (ext.)"), std::string::npos) << listed.out;
}

TEST_F(CasesCli, OpeningARapidCaseByHandReturnsTheOneIngestOpened) {
  const auto number = confirmed_positive_case("韭菜", "2025-09-26T08:58:00+08:00", "2025-09-26T08:59:00+08:00",
                                              "2025-09-26T09:00:00+08:00");
  ASSERT_EQ(number, "R20250926-001");
  const auto results = ok("--json result list", "2025-09-26T09:01:00+08:00");
  const std::string uuid = field(results.out, "uuid");
  const auto opened = ok("--json case open rapid --result " + uuid, "2025-09-26T09:01:00+08:00");
  EXPECT_EQ(field(opened.out, "number"), number) << opened.out;
  const auto listed = ok("--json case list", "2025-09-26T09:01:00+08:00");
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 1) << listed.out;
}

TEST_F(CasesCli, ALabsNonConformingConclusionOpensALabCase) {
  const auto registered =
      ok("--json sample register --name 韭菜 --market CN01 --stall A-12", "2025-09-26T08:00:00+08:00");
  const std::string sample = field(registered.out, "number");
  // 甲拌磷 0.05 mg/kg in 韭菜 (MRL 0.01): non-conforming.
  const auto added = ok("result add --lab-conclusion --sample " + sample + " --item PHORATE --value 0.05",
                        "2025-09-26T10:00:00+08:00", "zh");
  EXPECT_NE(added.out.find("已立核查处置案件 L20250926-001"), std::string::npos) << added.out;
  const auto shown = ok("case show L20250926-001", "2025-09-26T10:05:00+08:00");
  EXPECT_NE(shown.out.find("2025-10-13 23:59"), std::string::npos) << shown.out;
  // A conforming conclusion opens nothing.
  const auto other = field(
      ok("--json sample register --name 韭菜 --market CN01 --stall A-12", "2025-09-26T08:00:00+08:00").out, "number");
  const auto conforming = ok("result add --lab-conclusion --sample " + other + " --item PHORATE --value 0.001",
                             "2025-09-26T10:10:00+08:00");
  EXPECT_EQ(conforming.out.find("Disposal case"), std::string::npos) << conforming.out;
}

TEST_F(CasesCli, KjNowMustBeATime) {
  const auto r = run_kuaijian("--lang en alerts", {}, "KJ_HOME=" + dir_.path().string() + " KJ_NOW=tomorrow");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("KJ_NOW: expected an ISO 8601 time"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kj::test
