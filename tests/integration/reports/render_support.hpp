// Shared by the board and report rendering tests: a booth database built with the command line
// as an operator would (a market day with a confirmed positive under disposal, a retest still
// owed, a pass and an untested sample; a "you order, we test" event at another market with five
// orders, three walk-in samples — one positive — and a consultation), and headless Chromium to
// load the pages (`--dump-dom` for the DOM as the browser built it, `--screenshot`).
//
// Screenshots and pages go to <build>/tests/reports-output/<test>/, printed in the log.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "tests/support/test_support.hpp"

namespace kj::test {

// Personal data that must never reach a public page: the vendor's name, ID number and phone,
// and the citizens' names and phones.
inline const char* const kPersonalData[] = {"张三",        "330602198001011234", "13800001111", "李四",
                                            "王五",        "13912345678",        "13712345671", "13712345672",
                                            "13712345673", "13612345678"};

inline int occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

inline std::string json_field(const std::string& json, const std::string& key) {
  std::smatch m;
  const std::regex pattern("\"" + key + "\":\"([^\"]*)\"");
  return std::regex_search(json, m, pattern) ? m[1].str() : std::string();
}

// Where a test leaves its pages and screenshots.
inline std::filesystem::path output_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::path(KJ_BINARY_DIR) / "tests" / "reports-output" /
                   (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::create_directories(dir);
  std::cout << "[ output   ] " << dir.string() << std::endl;
  return dir;
}

// Headless Chromium, bounded by `timeout` so a hung browser fails the test instead of the run.
class Chromium {
 public:
  static bool available() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

  // The DOM after the page loaded (scripts none: these pages have none).
  static std::string dump_dom(const std::filesystem::path& page) {
    const auto out = page.parent_path() / (page.stem().string() + ".dom.html");
    run("--dump-dom file://" + page.string() + " >" + out.string());
    return std::filesystem::exists(out) ? read_file(out) : std::string();
  }

  static bool screenshot(const std::filesystem::path& page, const std::filesystem::path& png,
                         const std::string& size = "1280,2000") {
    std::filesystem::remove(png);
    run("--screenshot=" + png.string() + " --window-size=" + size + " file://" + page.string());
    return std::filesystem::exists(png) && std::filesystem::file_size(png) > 10000;
  }

 private:
  static void run(const std::string& args) {
    const std::string command =
        "timeout 40 chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-dev-shm-usage --hide-scrollbars " +
        args + " 2>/dev/null";
    (void)std::system(command.c_str());  // NOLINT(cert-env33-c): a fixed command line of the test's own
  }
};

class BoothDay : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Chromium::available()) << "chromium is not installed: run scripts/install-deps";
    at("2026-11-23T08:00:00+08:00");
    ok("init");
    ok("market add --code CN01 --name 城南农贸市场 --township 城南街道");
    ok("market add --code BN01 --name 城北农贸市场 --township 城北镇");
    ok("vendor add --name 张三 --id-number 330602198001011234 --phone 13800001111");
    ok("stall add --market CN01 --number A-12 --vendor 张三");
    ok("stall add --market CN01 --number A-15");

    // The market's day: chives positive and confirmed by two retests (a case opens, sale is
    // suspended), cabbage negative, cowpeas positive at first with retests still owed, spinach
    // registered and not yet tested.
    chives_ = register_sample("--name 韭菜 --market CN01 --stall A-12");
    cabbage_ = register_sample("--name 白菜 --market CN01 --stall A-15");
    cowpea_ = register_sample("--name 豇豆 --market CN01 --stall A-15");
    spinach_ = register_sample("--name 菠菜 --market CN01 --stall A-12");
    at("2026-11-23T09:00:00+08:00");
    ok("result add --sample " + chives_ + " --item OPC --value 62.4");
    ok("result add --sample " + cabbage_ + " --item OPC --value 12.5");
    ok("result add --sample " + cowpea_ + " --item OPC --value 55.0");
    at("2026-11-23T09:10:00+08:00");
    ok("result add --sample " + chives_ + " --item OPC --value 61");
    at("2026-11-23T09:20:00+08:00");
    const auto confirmed = ok("result add --sample " + chives_ + " --item OPC --value 63.5").out;
    chives_case_ = case_number_in(confirmed);
    at("2026-11-23T09:30:00+08:00");
    ok("case step " + chives_case_ + " sale_suspended --note 下架封存");

    // The event at the other market: five orders, three walk-ins (one positive, confirmed),
    // one consultation.
    at("2026-11-23T07:00:00+08:00");
    event_ = json_field(ok("--json event create --title 你点我检·城北农贸市场 --place 城北农贸市场 --market BN01 "
                           "--date 2026-11-23 --from 07:00 --to 11:00")
                            .out,
                        "code");
    for (const char* food : {"韭菜", "韭菜", "豇豆", "牛蛙", "白菜"}) {
      ok("event order " + event_ + " --food " + food + " --citizen 李四 --contact 13912345678");
    }
    walk_ins_ = {
        json_field(ok("--json event register " + event_ + " --name 芹菜 --contact 13712345671").out, "number"),
        json_field(ok("--json event register " + event_ + " --name 黄瓜 --contact 13712345672").out, "number"),
        json_field(ok("--json event register " + event_ + " --name 苹果 --contact 13712345673").out, "number")};
    ok("event consult " + event_ +
       " --topic 韭菜农残怎么洗 --answer 浸泡后流水冲洗 --citizen 王五 --contact 13612345678");
    at("2026-11-23T08:00:00+08:00");
    ok("result add --sample " + walk_ins_[0] + " --item OPC --value 8");
    ok("result add --sample " + walk_ins_[1] + " --item OPC --value 62");
    ok("result add --sample " + walk_ins_[2] + " --item OPC --value 9.5");
    at("2026-11-23T08:10:00+08:00");
    ok("result add --sample " + walk_ins_[1] + " --item OPC --value 61");
    at("2026-11-23T08:20:00+08:00");
    event_case_ = case_number_in(ok("result add --sample " + walk_ins_[1] + " --item OPC --value 64").out);
    at("2026-11-23T10:00:00+08:00");
  }

  void at(const std::string& now) { now_ = now; }

  CommandResult run(const std::string& args) {
    return run_kuaijian("--lang en " + args, {},
                        "KJ_HOME=" + dir_.path().string() + " KJ_USER=wang KJ_NOW=" + now_ + " LANG=C.UTF-8");
  }
  CommandResult ok(const std::string& args) {
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out << r.err;
    return r;
  }
  std::string register_sample(const std::string& args) {
    return json_field(ok("--json sample register " + args).out, "number");
  }
  static std::string case_number_in(const std::string& text) {
    std::smatch m;
    return std::regex_search(text, m, std::regex("R\\d{8}-\\d{3}")) ? m[0].str() : std::string();
  }
  std::filesystem::path db_path() const { return dir_.path() / "kuaijian.db"; }

  TempDir dir_;
  std::string now_;
  std::string chives_, cabbage_, cowpea_, spinach_, chives_case_, event_, event_case_;
  std::vector<std::string> walk_ins_;
};

}  // namespace kj::test
