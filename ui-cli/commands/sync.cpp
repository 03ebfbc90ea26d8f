// kuaijian sync run [--once] — pushes the outbox to the county hub (signed batches; per-record
//   receipts; backoff; dead-letter after max_attempts). Without --once it keeps going until
//   interrupted, waking every --interval seconds.
// kuaijian sync status — queued, waiting after a failure, in flight, sent, dead, last success.
// kuaijian sync retry-dead — re-queues dead-lettered records.
// The hub is configured in kuaijian.json "hub" (url, booth_id, secret|secret_file, batch_size,
// max_attempts); --hub/--booth/--secret-file override it for one run.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <ostream>
#include <random>
#include <sstream>
#include <thread>

#include "lims/errors.hpp"
#include "lims/sync/outbox_queue.hpp"
#include "lims/sync/sync_client.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

struct SyncRunOptions {
  bool once = false;
  int interval = 30;
  std::string hub_url;
  std::string booth_id;
  std::string secret_file;
};

Error config_error(const std::string& en, const std::string& zh) {
  return make_error(make_error_code(lims::Errc::config_invalid), en, zh);
}

Result<lims::sync::SyncSettings> settings_for(const Session& session, const SyncRunOptions& options, std::string& url) {
  lims::config::HubSettings hub = session.config.installation.hub.value_or(lims::config::HubSettings{});
  if (!options.hub_url.empty()) hub.url = options.hub_url;
  if (!options.booth_id.empty()) hub.booth_id = options.booth_id;
  if (!options.secret_file.empty()) {
    hub.secret.clear();
    hub.secret_file = options.secret_file;
  }
  if (hub.url.empty() || hub.booth_id.empty()) {
    return config_error("kuaijian.json: no \"hub\" section (url, booth_id, secret or secret_file)",
                        "kuaijian.json：缺少 \"hub\" 设置（url、booth_id、secret 或 secret_file）");
  }
  std::string secret = hub.secret;
  if (secret.empty()) {
    std::filesystem::path file = hub.secret_file;
    if (file.is_relative() && options.secret_file.empty()) file = session.config.dir / file;
    std::ifstream in(file);
    std::getline(in, secret);
    while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back()))) secret.pop_back();
    if (secret.empty()) {
      return config_error("hub.secret_file: cannot read a secret from " + file.string(),
                          "hub.secret_file：无法从 " + file.string() + " 读取密钥");
    }
  }
  url = hub.url;
  lims::sync::SyncSettings settings;
  settings.booth_id = hub.booth_id;
  settings.secret = secret;
  settings.batch_size = static_cast<std::size_t>(hub.batch_size);
  settings.retry.max_attempts = hub.max_attempts;
  return settings;
}

void print_push(const Context& context, const lims::sync::PushReport& r) {
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("batches").value(r.batches).key("delivered").value(r.delivered);
    json.key("rejected").value(r.rejected).key("failed").value(r.failed).key("dead").value(r.dead);
    json.key("hub_reachable").value(r.hub_reachable).end_object();
    context.out << json.str() << '\n';
    return;
  }
  if (r.batches == 0) {
    context.out << context.t("Nothing to send.\n", "没有待上传的记录。\n");
    return;
  }
  context.out << context.tf("Sent {} batches: {} delivered, {} rejected, {} failed (will retry), {} dead-lettered.\n",
                            "上传 {} 批：送达 {} 条，被拒 {} 条，失败 {} 条（稍后重试），转入死信 {} 条。\n", r.batches,
                            r.delivered, r.rejected, r.failed, r.dead);
  if (!r.hub_reachable) context.out << context.t("The hub could not be reached.\n", "无法连接县级平台。\n");
}

int run_sync(Context& context, const SyncRunOptions& options) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  std::string url;
  auto settings = settings_for(*session, options, url);
  if (!settings) return report(context, settings.error());
  auto transport = lims::sync::make_poco_transport(url);
  if (!transport) return report(context, transport.error());
  std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  lims::sync::SyncClient client(session->db, **transport, *settings, [&] { return uniform(engine); });
  for (;;) {
    const auto pushed = client.push_all([] { return Context::now(); });
    if (!pushed) return report(context, pushed.error());
    print_push(context, *pushed);
    if (options.once) return (pushed->failed > 0 || pushed->rejected > 0) ? exit_code::attention : exit_code::ok;
    context.out.flush();
    std::this_thread::sleep_for(std::chrono::seconds(options.interval));
  }
}

int run_status(Context& context) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto status = lims::sync::queue_status(session->db);
  if (!status) return report(context, status.error());
  const auto dead = lims::sync::dead_records(session->db, 50);
  if (!dead) return report(context, dead.error());
  const auto& s = *status;
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("queued").value(s.queued).key("waiting").value(s.waiting);
    json.key("in_flight").value(s.in_flight).key("sent").value(s.sent).key("dead").value(s.dead);
    json.key("last_success_at");
    s.last_success_at ? json.value(*s.last_success_at) : json.null();
    json.key("last_attempt_at");
    s.last_attempt_at ? json.value(*s.last_attempt_at) : json.null();
    json.key("last_error");
    s.last_error ? json.value(*s.last_error) : json.null();
    json.key("dead_records").begin_array();
    for (const auto& d : *dead) {
      json.begin_object().key("id").value(d.id).key("entity").value(d.entity).key("uuid").value(d.uuid);
      json.key("version").value(d.version).key("attempts").value(d.attempts).key("error").value(d.last_error);
      json.end_object();
    }
    json.end_array().end_object();
    context.out << json.str() << '\n';
    return s.dead > 0 ? exit_code::attention : exit_code::ok;
  }
  const auto offset = session->config.installation.utc_offset;
  const auto local = [&](const std::optional<std::string>& iso) -> std::string {
    if (!iso) return context.t("never", "从未");
    const auto t = lims::parse_iso8601(*iso, offset);
    return t ? lims::to_local_text(*t, offset) : *iso;
  };
  context.out << context.tf("Queued: {} (of which {} waiting to retry) · in flight: {} · sent: {} · dead: {}\n",
                            "待上传：{} 条（其中等待重试 {} 条）· 上传中：{} 条 · 已送达：{} 条 · 死信：{} 条\n",
                            s.queued, s.waiting, s.in_flight, s.sent, s.dead);
  context.out << context.tf("Last success: {} · last attempt: {}\n", "最近成功：{} · 最近尝试：{}\n",
                            local(s.last_success_at), local(s.last_attempt_at));
  if (s.last_error) context.out << context.tf("Last error: {}\n", "最近错误：{}\n", *s.last_error);
  if (!dead->empty()) {
    Table table({context.t("id", "编号"), context.t("record", "记录"), context.t("version", "版本"),
                 context.t("attempts", "尝试"), context.t("reason", "原因")});
    for (const auto& d : *dead) {
      table.add({std::to_string(d.id), d.entity + " " + d.uuid, std::to_string(d.version), std::to_string(d.attempts),
                 d.last_error});
    }
    table.print(context.out);
    context.out << context.t("Re-queue them with `kuaijian sync retry-dead`.\n",
                             "处理原因后可用 `kuaijian sync retry-dead` 重新排队。\n");
  }
  return s.dead > 0 ? exit_code::attention : exit_code::ok;
}

int run_retry_dead(Context& context) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto n = lims::sync::retry_dead(session->db);
  if (!n) return report(context, n.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("requeued").value(*n).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("{} dead-lettered records queued again.\n", "已将 {} 条死信记录重新排队。\n", *n);
  }
  return exit_code::ok;
}

}  // namespace

void register_sync(CLI::App& app, Context& context) {
  auto* sync = app.add_subcommand("sync", context.t("Synchronise with the county hub", "与县级平台同步"));
  sync->require_subcommand(1);
  auto options = std::make_shared<SyncRunOptions>();
  auto* run = sync->add_subcommand("run", context.t("Push queued records to the hub", "向县级平台上传待传记录"));
  run->add_flag("--once", options->once, context.t("Send what is due, then exit", "上传当前待传记录后退出"));
  run->add_option("--interval", options->interval,
                  context.t("Seconds between rounds (default 30)", "每轮间隔秒数（默认 30）"))
      ->check(CLI::Range(1, 86400));
  run->add_option("--hub", options->hub_url,
                  context.t("Hub URL (overrides kuaijian.json)", "平台地址（覆盖 kuaijian.json）"));
  run->add_option("--booth", options->booth_id,
                  context.t("Booth id (overrides kuaijian.json)", "快检室编号（覆盖配置）"));
  run->add_option("--secret-file", options->secret_file,
                  context.t("File holding the booth secret (overrides kuaijian.json)", "保存密钥的文件（覆盖配置）"));
  run->callback([&context, options] { context.exit_code = run_sync(context, *options); });
  auto* status = sync->add_subcommand("status", context.t("Show the upload queue", "查看上传队列"));
  status->callback([&context] { context.exit_code = run_status(context); });
  auto* retry = sync->add_subcommand("retry-dead", context.t("Re-queue dead-lettered records", "重新排队死信记录"));
  retry->callback([&context] { context.exit_code = run_retry_dead(context); });
}

}  // namespace kj::cli
