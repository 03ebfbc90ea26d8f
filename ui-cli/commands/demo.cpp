// kuaijian demo — the main job on the embedded SQLite default, with simulated analyzers. It
// runs the real chain in one process and says in the user's language what happened and where
// the data is: a fresh data folder and database, the booth's places and samples, a simulated
// TL310 photometer on a pseudo-terminal read through the real serial driver and codec, the
// judgement, the retests of a positive, the disposal case the confirmed positive opens, the
// signatures, the audit check, and the push to a county hub started on loopback, whose views
// are then read back over HTTP. Only what is built is shown; nothing is pretended.
#include <fmt/format.h>

#include <cstdlib>
#include <ostream>
#include <sstream>

#include "drivers/simulators/pty_pair.hpp"
#include "drivers/simulators/sim_runner.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "lims/audit/audit_log.hpp"
#include "lims/cases/case_rules.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/places/places.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "lims/store.hpp"
#include "lims/sync/sync_client.hpp"
#include "protocols/json_reader.hpp"
#include "protocols/registry.hpp"
#include "ui-cli/analyzer_run.hpp"
#include "ui-cli/case_view.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/result_view.hpp"

namespace kj::cli {
namespace {

Result<std::filesystem::path> make_demo_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kuaijian-demo-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return make_error(make_error_code(lims::Errc::database_unavailable),
                      "cannot create a demo data folder in " + std::filesystem::temp_directory_path().string(),
                      "无法在 " + std::filesystem::temp_directory_path().string() + " 中创建演示数据文件夹");
  }
  return std::filesystem::path(pattern);
}

protocols::DeviceTime device_today(lims::Timestamp now, std::chrono::minutes offset) {
  const auto local = now + offset;
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(local)};
  const std::chrono::hh_mm_ss time{local - std::chrono::floor<std::chrono::days>(local)};
  return {static_cast<int>(day.year()),
          static_cast<int>(static_cast<unsigned>(day.month())),
          static_cast<int>(static_cast<unsigned>(day.day())),
          static_cast<int>(time.hours().count()),
          static_cast<int>(time.minutes().count()),
          static_cast<int>(time.seconds().count())};
}

// Makes the simulated analyzer's clock read the booth's local time `ago` before now for its
// first test, so results carry believable test times in the order they were run.
void run_started(drivers::Scenario& scenario, std::chrono::minutes ago, std::chrono::minutes utc_offset) {
  const auto start = device_today(Context::now() - ago, utc_offset);
  scenario.date = start;
  scenario.start_seconds = start.hour * 3600 + start.minute * 60 + start.second;
  scenario.interval_seconds = 60;
}

// The demo's story: one Step per line the user reads; a failure stops it with the error.
class Demo {
 public:
  Demo(Context& context, const lims::config::Config& config) : context_(context), config_(config) {}

  int run() {
    auto dir = make_demo_dir();
    if (!dir) return report(context_, dir.error());
    dir_ = *dir;
    say("1. Created a fresh data folder: {}", "1. 新建数据文件夹：{}", dir_.string());
    lims::StoreInfo info;
    auto db = lims::open_store(dir_ / "kuaijian.db", true, &info);
    if (!db) return report(context_, db.error());
    db_.emplace(std::move(*db));
    if (!check(lims::record_installation(*db_, config_.installation, Context::now()))) return failed_;
    const auto synced = lims::sync_catalogue(*db_, config_);
    if (!check(synced)) return failed_;
    auto rules = lims::make_rulebook(config_);
    if (!check(rules)) return failed_;
    rules_.emplace(std::move(*rules));
    auto cases = lims::make_case_rules(config_);
    if (!check(cases)) return failed_;
    cases_.emplace(std::move(*cases));
    say("2. Created the database {} (embedded SQLite, schema version {}) and loaded config/: {} items, {} limits, {} "
        "devices.",
        "2. 新建数据库 {}（内置 SQLite，结构版本 {}），载入 config/：{} 个检测项目、{} 条限量、{} 台设备。",
        (dir_ / "kuaijian.db").string(), info.schema_version, synced->items, synced->limits, synced->devices);

    if (!register_booth()) return failed_;
    if (!first_run()) return failed_;
    if (!retests()) return failed_;
    if (!show_case()) return failed_;
    if (!sign_all()) return failed_;
    const auto audit = lims::verify_audit(*db_);
    if (!check(audit)) return failed_;
    say("9. Audit trail verified: {} entries chained by SHA-256, {} records checked, {}.",
        "9. 审计记录校验：{} 条 SHA-256 链式记录，核对 {} 条数据，{}。", audit->entries, audit->rows_checked,
        audit->first_break ? context_.t(audit->first_break->what) : std::string(context_.t("intact", "完整")));
    if (!to_hub()) return failed_;
    say("The demo data stays in {} — e.g. `kuaijian --db {} result list`; delete the folder when done.",
        "演示数据保留在 {}，例如 `kuaijian --db {} result list`；用完请删除该文件夹。", dir_.string(),
        (dir_ / "kuaijian.db").string());
    return 0;
  }

 private:
  template <class... Args>
  void say(const char* en, const char* zh, Args&&... args) {
    context_.out << context_.tf(en, zh, std::forward<Args>(args)...) << '\n';
  }

  template <class R>
  bool check(const R& result) {
    if (result.ok()) return true;
    failed_ = report(context_, result.error());
    return false;
  }

  lims::Actor actor(const char* name) const { return lims::Actor{name, Context::now(), ""}; }

  bool register_booth() {
    const auto op = actor("王检测");
    if (!check(lims::add_market(*db_, op, lims::MarketInput{"CN01", "城南农贸市场", "城南街道"}))) return false;
    if (!check(lims::add_vendor(*db_, op, lims::VendorInput{"张三", "330602198001011234", "13800001111"})))
      return false;
    if (!check(lims::add_vendor(*db_, op, lims::VendorInput{"李四", "", "13900002222"}))) return false;
    if (!check(lims::add_stall(*db_, op, lims::StallInput{"CN01", "A-01", "张三", ""}))) return false;
    if (!check(lims::add_stall(*db_, op, lims::StallInput{"CN01", "A-02", "李四", ""}))) return false;
    for (const auto& [name, stall] : {std::pair{"白菜", "A-01"}, std::pair{"豇豆", "A-02"}}) {
      auto sample = lims::register_sample(
          *db_, op, lims::SampleInput{.name = name, .market = "CN01", .stall = stall, .origin = "本地"},
          config_.installation.utc_offset);
      if (!check(sample)) return false;
      samples_.push_back(sample->number);
    }
    say("3. Registered market CN01 城南农贸市场, stalls A-01 (张三) and A-02 (李四), samples {} 白菜 and {} 豇豆.",
        "3. 登记市场 CN01 城南农贸市场、摊位 A-01（张三）与 A-02（李四），样品 {} 白菜、{} 豇豆。", samples_[0],
        samples_[1]);
    return true;
  }

  // Serves `scenario` from a simulated TL310 on a pseudo-terminal and reads it with the driver.
  Result<AnalyzerRun> read_simulated_tl310(const drivers::Scenario& scenario) {
    drivers::IoContext io;
    auto pty = drivers::PtyPair::open(io);
    if (!pty) return pty.error();
    auto device =
        drivers::make_simulator("tl310", scenario, device_today(Context::now(), config_.installation.utc_offset));
    if (!device) return device.error();
    drivers::SimRunner simulator(io, (*pty)->take_master(), std::move(*device), [](const drivers::SimRunResult&) {});
    simulator.start();
    drivers::DeviceSpec spec;
    spec.name = "tl310-1";
    spec.protocol = "tl310";
    spec.transport = drivers::SerialLink{(*pty)->slave_path(), drivers::SerialSettings{.baud = 115200}};
    spec.read.kind = drivers::ReadRequest::Kind::all;
    spec.capture = dir_ / "captures" / "tl310-1.kjcap";
    std::filesystem::create_directories(dir_ / "captures");
    last_pty_ = (*pty)->slave_path();
    auto run = run_analyzer(io, spec, scenario.samples.size(), std::chrono::seconds(20));
    simulator.close();
    return run;
  }

  // Ingests a run into a new batch whose channels hold `channel_samples`; prints the table.
  bool ingest_run(const std::vector<std::pair<int, std::string>>& channel_samples, const AnalyzerRun& run) {
    auto batch = lims::open_batch(*db_, actor("王检测"), *rules_,
                                  lims::BatchInput{"tl310-1", "OPC", "", channel_samples, std::nullopt});
    if (!check(batch)) return false;
    const auto provenance = provenance_of(run);
    auto ingested = lims::ingest_observations(*db_, actor("王检测"), *rules_, "tl310-1", run.observations, batch->id,
                                              provenance, &*cases_);
    if (!check(ingested)) return false;
    last_.insert(last_.end(), ingested->begin(), ingested->end());
    if (!check(lims::close_batch(*db_, actor("王检测"), batch->id))) return false;
    return true;
  }

  void print_all_results() {
    const auto rows = lims::list_results(*db_);
    if (rows) print_results_table(*rows);
  }

  // Runs `print` on a quiet context and indents what it wrote under the current step.
  template <class Print>
  void indented(Print&& print) {
    std::ostringstream text;
    Context quiet(text, context_.err);
    quiet.lang = context_.lang;
    quiet.utc_offset = context_.utc_offset;
    print(quiet);
    std::istringstream lines(text.str());
    for (std::string line; std::getline(lines, line);) context_.out << "     " << line << '\n';
  }

  void print_results_table(const std::vector<lims::ResultRow>& rows) {
    indented([&](Context& quiet) { cli::print_results(quiet, rows); });
  }

  bool first_run() {
    drivers::Scenario scenario = drivers::default_scenario("tl310");
    scenario.samples = {drivers::ScenarioSample{1, "", "白菜", false, 18.4, ""},
                        drivers::ScenarioSample{2, "", "豇豆", true, 63.2, ""}};
    run_started(scenario, std::chrono::minutes(12), config_.installation.utc_offset);
    auto run = read_simulated_tl310(scenario);
    if (!check(run)) return false;
    say("4. Simulated TL310 photometer on {}; the serial driver read {} records (errors: {}).",
        "4. 模拟 TL310 农残检测仪位于 {}；串口驱动读到 {} 条记录（错误 {} 条）。", last_pty_, run->observations.size(),
        run->errors.size());
    if (!ingest_run({{1, samples_[0]}, {2, samples_[1]}}, *run)) return false;
    say("5. Judged under GB/T 5009.199-2003 (≥ 50 % positive):",
        "5. 依据 GB/T 5009.199-2003 判定（抑制率 ≥ 50% 为阳性）：");
    print_all_results();
    return true;
  }

  bool retests() {
    drivers::Scenario scenario = drivers::default_scenario("tl310");
    scenario.seed = 7;
    scenario.samples = {drivers::ScenarioSample{1, "", "豇豆", true, 61.0, ""},
                        drivers::ScenarioSample{2, "", "豇豆", true, 66.5, ""}};
    run_started(scenario, std::chrono::minutes(5), config_.installation.utc_offset);
    auto run = read_simulated_tl310(scenario);
    if (!check(run)) return false;
    last_.clear();
    if (!ingest_run({{1, samples_[1]}, {2, samples_[1]}}, *run)) return false;
    const auto& conclusion = last_.back().conclusion;
    say("6. The positive {} was retested twice on the analyzer: {}.", "6. 阳性样品 {} 在检测仪上复检两次：{}。",
        samples_[1], context_.t(conclusion.reason));
    return true;
  }

  // The retest that confirmed the positive opened its disposal case in the same transaction.
  bool show_case() {
    const auto& confirming = last_.back();
    if (confirming.case_number.empty()) {
      check(Result<int>(make_error(make_error_code(lims::Errc::integrity_broken),
                                   "the confirmed positive opened no case", "确认阳性未立案")));
      return false;
    }
    const auto opened = lims::load_case(*db_, confirming.case_number);
    if (!check(opened)) return false;
    say("7. The confirmed positive opened disposal case {} at once; what is due and by when:",
        "7. 确认阳性即自动立核查处置案件 {}；各项期限如下：", confirming.case_number);
    indented(
        [&](Context& quiet) { print_case_brief(quiet, *opened, Context::now(), config_.installation.utc_offset); });
    say("   `kuaijian case step {} sale_suspended …` records each step; `kuaijian alerts` lists what falls due.",
        "   用 `kuaijian case step {} sale_suspended …` 记录各步骤；`kuaijian alerts` 列出将到期事项。",
        confirming.case_number);
    return true;
  }

  // A county hub on loopback receives the booth's outbox over signed HTTP, as the county's
  // would; the demo then reads the county's views back from it.
  bool to_hub() {
    auto& queued = db_->prepare("SELECT count(*) FROM outbox WHERE state = 'queued'");
    queued.step();
    const auto waiting = queued.column_int64(0);
    queued.reset();
    auto store = lims::hub::HubStore::open(dir_ / "hub.db");
    if (!check(store)) return false;
    const auto booth = store->add_booth("城南农贸市场快检室", Context::now());
    if (!check(booth)) return false;
    lims::hub::ServerDeps deps{[] { return Context::now(); },
                               [](std::error_code code) { return exit_info(code).http_status; }};
    auto server = lims::hub::HubServer::start(*store, lims::hub::ServerOptions{}, std::move(deps));
    if (!check(server)) return false;
    const auto url = fmt::format("http://127.0.0.1:{}", (*server)->port());
    auto transport = lims::sync::make_poco_transport(url);
    if (!check(transport)) return false;
    lims::sync::SyncClient client(*db_, **transport, lims::sync::SyncSettings{booth->booth_id, booth->secret},
                                  [] { return 0.5; });
    const auto pushed = client.push_all([] { return Context::now(); });
    if (!check(pushed)) return false;
    say("10. Started a county hub on {} (its database: {}). The booth's {} queued changes went up in {} signed "
        "batches: {} acknowledged with a receipt, {} rejected, {} still queued.",
        "10. 在 {} 启动县级汇总平台（数据库：{}）。快检室排队的 {} 条变更分 {} 个签名批次上传：{} 条已回执，{} 条被拒，"
        "{} 条仍在队列。",
        url, (dir_ / "hub.db").string(), waiting, pushed->batches, pushed->delivered, pushed->rejected, pushed->failed);

    const auto get = [&](const std::string& path) -> std::optional<protocols::JsonValue> {
      auto reply = client.signed_exchange("GET", path, "", Context::now());
      if (!check(reply)) return std::nullopt;
      auto parsed = protocols::parse_json(reply->body);
      if (reply->status != 200 || !std::holds_alternative<protocols::JsonValue>(parsed)) {
        check(Result<int>(make_error(make_error_code(lims::Errc::integrity_broken),
                                     "the hub answered " + path + " with HTTP " + std::to_string(reply->status),
                                     "平台对 " + path + " 的应答为 HTTP " + std::to_string(reply->status))));
        return std::nullopt;
      }
      return std::get<protocols::JsonValue>(std::move(parsed));
    };
    const auto positives = get("/api/v1/positives");
    const auto cases = get("/api/v1/cases");
    const auto closure = get("/api/v1/closure");
    if (!positives || !cases || !closure) return false;
    const auto text_of = [](const protocols::JsonValue* v) { return v && v->is_string() ? v->as_string() : "-"; };
    const auto local_of = [&](const protocols::JsonValue* v) {
      const auto t = lims::parse_iso8601(text_of(v), std::chrono::minutes(0));
      return t ? lims::to_local_text(*t, config_.installation.utc_offset) : text_of(v);
    };
    const auto number_of = [](const protocols::JsonValue* v) { return v && v->is_number() ? v->as_number() : 0.0; };
    say("11. The county's view at the hub: {} positive results; disposal cases:",
        "11. 县级平台所见：阳性结果 {} 条；核查处置案件：", number_of(positives->find("count")));
    if (const auto* records = cases->find("records"); records && records->is_array()) {
      for (const auto& record : records->items()) {
        const auto* payload = record.find("payload");
        context_.out << "     "
                     << context_.tf("{} — {}, due {} (booth {})", "{} — {}，办结期限 {}（快检室 {}）",
                                    text_of(payload ? payload->find("number") : nullptr),
                                    text_of(payload ? payload->find("state") : nullptr),
                                    local_of(payload ? payload->find("due_at") : nullptr),
                                    text_of(record.find("booth")))
                     << '\n';
      }
    }
    say("     on-time closure: {} cases, {} closed on time, {} closed late, {} open overdue, {} open and not yet due.",
        "     按时办结：案件 {} 件，按时办结 {} 件，超期办结 {} 件，逾期未办结 {} 件，未到期 {} 件。",
        number_of(closure->find("due")), number_of(closure->find("closed_on_time")),
        number_of(closure->find("closed_late")), number_of(closure->find("open_overdue")),
        number_of(closure->find("open_not_yet_due")));
    return true;
  }

  bool sign_all() {
    const auto rows = lims::list_results(*db_);
    if (!check(rows)) return false;
    for (const auto& row : *rows) {
      if (!check(lims::sign_result(*db_, actor("王检测"), row.uuid, lims::SignRole::tester))) return false;
      if (!check(lims::sign_result(*db_, actor("李复核"), row.uuid, lims::SignRole::reviewer))) return false;
    }
    say("8. Tester 王检测 and reviewer 李复核 signed all {} results; signed results can no longer change.",
        "8. 检测员 王检测 与复核人 李复核 签署全部 {} 条结果；签名后结果不可更改。", rows->size());
    const auto signed_rows = lims::list_results(*db_);
    if (signed_rows) print_results_table(*signed_rows);
    return true;
  }

  Context& context_;
  const lims::config::Config& config_;
  std::filesystem::path dir_;
  std::optional<lims::storage::Database> db_;
  std::optional<lims::Rulebook> rules_;
  std::optional<lims::CaseRules> cases_;
  std::vector<std::string> samples_;
  std::vector<lims::Ingested> last_;
  std::string last_pty_;
  int failed_ = 0;
};

int run_demo(Context& context) {
  const auto config = lims::config::load_config(context.config_dir());
  if (!config) return report(context, config.error());
  context.utc_offset = config->installation.utc_offset;
  context.out << context.t("kuaijian demo — a booth's day on simulated analyzers\n",
                           "快检演示 — 模拟检测设备上的快检室一天\n");
  return Demo(context, *config).run();
}

}  // namespace

void register_demo(CLI::App& app, Context& context) {
  auto* demo =
      app.add_subcommand("demo", context.t("Run the demonstration on a fresh database", "在新数据库上运行演示"));
  demo->callback([&context] { context.exit_code = run_demo(context); });
}

}  // namespace kj::cli
