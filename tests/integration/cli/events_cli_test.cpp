// A "you order, we test" event on the command line (issue #8): created at a market, five
// citizens' orders (entered and imported), the most ordered become tasks, three walk-in samples
// with the citizens' phones, tested (one confirmed positive, which opens its case), a
// consultation; the summary counts exactly those and never shows a citizen's phone; once
// closed the event takes nothing more.
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

class EventsCli : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args, const std::string& lang = "en") {
    return run_kuaijian("--lang " + lang + " " + args, {},
                        "KJ_HOME=" + dir_.path().string() + " KJ_USER=wang KJ_NOW=2026-11-21T07:30:00+08:00");
  }
  CommandResult ok(const std::string& args, const std::string& lang = "en") {
    auto r = run(args, lang);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out << r.err;
    return r;
  }
  static std::string field(const std::string& json, const std::string& key) {
    std::smatch m;
    const std::regex pattern("\"" + key + "\":\"?([^\",}]*)\"?");
    return std::regex_search(json, m, pattern) ? m[1].str() : std::string();
  }
  void SetUp() override {
    ok("init");
    ok("market add --code CN01 --name 城南农贸市场 --township 城南街道");
  }
  TempDir dir_;
};

TEST_F(EventsCli, FiveOrdersThreeWalkInsOnePositive) {
  const auto created =
      ok("--json event create --title 你点我检·城南 --place 城南农贸市场门口 --market CN01 "
         "--date 2026-11-21 --from 07:00 --to 09:00");
  const auto code = field(created.out, "code");
  ASSERT_EQ(code, "E20261121-01") << created.out;
  ok("event order " + code + " --food 韭菜 --votes 3 --citizen 王女士 --contact 13800001111");
  ok("event order " + code + " --food 豇豆");
  write_file(dir_ / "orders.csv", "food,votes,contact\n牛蛙,2,13800002222\n芹菜,1,\n韭菜,1,\n");
  const auto imported = ok("event import " + code + " " + (dir_ / "orders.csv").string());
  EXPECT_NE(imported.out.find("Imported 3 orders; 0 lines refused."), std::string::npos) << imported.out;
  const auto tasks = ok("event tasks " + code + " --top 2");
  EXPECT_EQ(tasks.out, "你点我检：韭菜，4 票\n你点我检：牛蛙，2 票\n");

  std::vector<std::string> samples;
  for (const auto* food : {"韭菜", "豇豆", "牛蛙"}) {
    const auto r = ok("--json event register " + code + " --name " + food + " --contact 13900009999");
    samples.push_back(field(r.out, "number"));
  }
  // 韭菜: positive, retested twice and confirmed; 豇豆 negative; 牛蛙 (ENRO) not yet tested.
  for (int i = 0; i < 3; ++i) ok("result add --sample " + samples[0] + " --item OPC --value 63");
  ok("result add --sample " + samples[1] + " --item OPC --value 12");
  ok("event consult " + code + " --topic 草莓能测吗 --answer 可以送检 --contact 13700007777");

  const auto summary = ok("--json event show " + code);
  EXPECT_EQ(field(summary.out, "orders"), "5");
  EXPECT_EQ(field(summary.out, "votes"), "8");
  EXPECT_EQ(field(summary.out, "samples"), "3");
  EXPECT_EQ(field(summary.out, "tested"), "2");
  EXPECT_EQ(field(summary.out, "positives"), "1");
  EXPECT_EQ(field(summary.out, "consultations"), "1");
  EXPECT_NE(summary.out.find(R"("sample":")" + samples[0] +
                             R"(","name":"韭菜","source":"walk_in","stall":"","item":"OPC","verdict":"positive")"),
            std::string::npos)
      << summary.out;
  EXPECT_NE(summary.out.find(R"("case":"R20261121-001")"), std::string::npos) << summary.out;
  for (const auto* phone : {"13800001111", "13900009999", "13700007777", "王女士"}) {
    EXPECT_EQ(summary.out.find(phone), std::string::npos) << phone << " must not appear";
  }
  const auto zh = ok("event show " + code, "zh");
  EXPECT_NE(zh.out.find("点检：5 条（8 票）；样品 3 批，已检测 2 批"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("阳性"), std::string::npos);
  EXPECT_NE(zh.out.find("待检测"), std::string::npos);

  ok("event close " + code);
  EXPECT_EQ(run("event order " + code + " --food 白菜").exit_code, 8);
  EXPECT_EQ(run("event register " + code + " --name 白菜").exit_code, 8);
  // User mistakes name the field.
  const auto bad = run("event create --title t --place p --date 2026-11-31 --from 07:00 --to 09:00");
  EXPECT_EQ(bad.exit_code, 4);
  EXPECT_NE(bad.err.find("day"), std::string::npos) << bad.err;
  EXPECT_EQ(run("event show E20990101-01").exit_code, 7);
}

}  // namespace
}  // namespace kj::test
