// kuaijian sync run [--once] — pushes the outbox to the county hub (signed batches; per-record
//   receipts; backoff; dead-letter after max_attempts), then pulls the hub's master data (as
//   sync pull). Without --once it keeps going until interrupted, waking every --interval seconds.
// kuaijian sync pull — fetches master data (catalogue, townships, markets, stalls, plans) the
//   county published since the last pull and applies it (lims/sync/master_pull.hpp); exit 1
//   when a record could not be applied (it is held and tried again) or the hub failed.
// kuaijian sync status — queued, waiting after a failure, in flight, sent, dead, last success;
//   master data records held because they could not be applied.
// kuaijian sync retry-dead — re-queues dead-lettered records.
// The hub is configured in kuaijian.json "hub" (url, booth_id, secret|secret_file, ca_file, batch_size,
// max_attempts); --hub/--booth/--secret-file override it for one run.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <ostream>
#include <random>
#include <sstream>
#include <thread>

#include "lims/errors.hpp"
#include "lims/sync/master_pull.hpp"
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

// Where the hub is: its URL and, for an https hub signed by the county's own CA, that CA's file.
struct HubEndpoint {
  std::string url;
  std::string ca_file;
};

Result<lims::sync::SyncSettings> settings_for(const Session& session, const SyncRunOptions& options,
                                              HubEndpoint& endpoint) {
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
  endpoint.url = hub.url;
  endpoint.ca_file = hub.ca_file;
  if (!endpoint.ca_file.empty() && std::filesystem::path(endpoint.ca_file).is_relative()) {
    endpoint.ca_file = (session.config.dir / endpoint.ca_file).string();
  }
  lims::sync::SyncSettings settings;
  settings.booth_id = hub.booth_id;
  settings.secret = secret;
  settings.batch_size = static_cast<std::size_t>(hub.batch_size);
  settings.retry.max_attempts = hub.max_attempts;
  return settings;
}

void write_push(protocols::JsonWriter& json, const lims::sync::PushReport& r) {
  json.key("batches").value(r.batches).key("delivered").value(r.delivered);
  json.key("rejected").value(r.rejected).key("failed").value(r.failed).key("dead").value(r.dead);
  json.key("hub_reachable").value(r.hub_reachable);
}

void write_pull(protocols::JsonWriter& json, const lims::sync::MasterPullReport& r) {
  json.begin_object().key("fetched").value(r.fetched()).key("applied").value(r.applied());
  json.key("unchanged").value(r.unchanged()).key("kinds").begin_array();
  for (const auto& k : r.kinds) {
    json.begin_object().key("kind").value(k.kind).key("fetched").value(k.fetched).key("applied").value(k.applied);
    json.key("unchanged").value(k.unchanged).key("held").value(k.held).key("cursor").value(k.cursor).end_object();
  }
  json.end_array().key("held").begin_array();
  for (const auto& h : r.held) {
    json.begin_object().key("kind").value(h.kind).key("key").value(h.key).key("version").value(h.version);
    json.key("error").value(h.reason.en).key("error_zh").value(h.reason.zh).end_object();
  }
  json.end_array().key("hub_reachable").value(r.hub_reachable).key("error");
  r.failure ? json.value(r.failure->en) : json.null();
  json.key("error_zh");
  r.failure ? json.value(r.failure->zh) : json.null();
  json.end_object();
}

void print_push(const Context& context, const lims::sync::PushReport& r) {
  if (r.batches == 0) {
    context.out << context.t("Nothing to send.\n", "没有待上传的记录。\n");
    return;
  }
  context.out << context.tf("Sent {} batches: {} delivered, {} rejected, {} failed (will retry), {} dead-lettered.\n",
                            "上传 {} 批：送达 {} 条，被拒 {} 条，失败 {} 条（稍后重试），转入死信 {} 条。\n", r.batches,
                            r.delivered, r.rejected, r.failed, r.dead);
  if (!r.hub_reachable) context.out << context.t("The hub could not be reached.\n", "无法连接县级平台。\n");
}

void print_pull(const Context& context, const lims::sync::MasterPullReport& r) {
  const auto held = static_cast<int>(r.held.size());
  if (r.fetched() == 0 && held == 0) {
    if (r.failure)
      context.out << context.tf("Master data not pulled: {}\n", "未能下载基础数据：{}\n", context.t(*r.failure));
    else
      context.out << context.t("Master data is up to date.\n", "基础数据已是最新。\n");
    return;
  }
  context.out << context.tf(
      "Master data from the hub: {} received, {} applied, {} already up to date, {} not applied.\n",
      "从平台获取基础数据：收到 {} 条，应用 {} 条，已是最新 {} 条，未能应用 {} 条。\n", r.fetched(), r.applied(),
      r.unchanged(), held);
  Table table({context.t("kind", "类别"), context.t("received", "收到"), context.t("applied", "应用"),
               context.t("up to date", "已是最新"), context.t("not applied", "未应用")});
  for (const auto& k : r.kinds) {
    if (k.fetched == 0 && k.held == 0 && k.applied == 0) continue;
    table.add({context.t(lims::sync::master_kind_text(k.kind)), std::to_string(k.fetched), std::to_string(k.applied),
               std::to_string(k.unchanged), std::to_string(k.held)});
  }
  if (!table.empty()) table.print(context.out);
  for (const auto& h : r.held) {
    context.out << context.tf("Not applied: {} \"{}\" (version {}): {}\n", "未能应用：{}“{}”（版本 {}）：{}\n",
                              context.t(lims::sync::master_kind_text(h.kind)), h.key, h.version, context.t(h.reason));
  }
  if (held > 0) {
    context.out << context.t("These are kept and tried again at the next pull.\n",
                             "这些记录已保留，下次同步时重试。\n");
  }
  if (r.failure) context.out << context.tf("Pull stopped: {}\n", "下载中止：{}\n", context.t(*r.failure));
}

bool pull_needs_attention(const lims::sync::MasterPullReport& r) {
  return !r.held.empty() || r.failure.has_value();
}

int run_pull(Context& context, const SyncRunOptions& options) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  HubEndpoint hub;
  auto settings = settings_for(*session, options, hub);
  if (!settings) return report(context, settings.error());
  auto transport = lims::sync::make_poco_transport(hub.url, std::chrono::seconds(30), hub.ca_file);
  if (!transport) return report(context, transport.error());
  lims::sync::SyncClient client(session->db, **transport, *settings, [] { return 0.5; });
  const auto pulled = lims::sync::pull_master(session->db, client, actor(context), [] { return Context::now(); });
  if (!pulled) return report(context, pulled.error());
  if (context.json) {
    protocols::JsonWriter json;
    write_pull(json, *pulled);
    context.out << json.str() << '\n';
  } else {
    print_pull(context, *pulled);
  }
  return pull_needs_attention(*pulled) ? exit_code::attention : exit_code::ok;
}

int run_sync(Context& context, const SyncRunOptions& options) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  HubEndpoint hub;
  auto settings = settings_for(*session, options, hub);
  if (!settings) return report(context, settings.error());
  auto transport = lims::sync::make_poco_transport(hub.url, std::chrono::seconds(30), hub.ca_file);
  if (!transport) return report(context, transport.error());
  std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  lims::sync::SyncClient client(session->db, **transport, *settings, [&] { return uniform(engine); });
  for (;;) {
    const auto pushed = client.push_all([] { return Context::now(); });
    if (!pushed) return report(context, pushed.error());
    const auto pulled = lims::sync::pull_master(session->db, client, actor(context), [] { return Context::now(); });
    if (!pulled) return report(context, pulled.error());
    if (context.json) {
      protocols::JsonWriter json;
      json.begin_object();
      write_push(json, *pushed);
      json.key("pull");
      write_pull(json, *pulled);
      json.end_object();
      context.out << json.str() << '\n';
    } else {
      print_push(context, *pushed);
      print_pull(context, *pulled);
    }
    if (options.once) {
      const bool push_attention = pushed->failed > 0 || pushed->rejected > 0;
      return (push_attention || pull_needs_attention(*pulled)) ? exit_code::attention : exit_code::ok;
    }
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
  const auto held = lims::sync::held_master_records(session->db);
  if (!held) return report(context, held.error());
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
    json.end_array().key("master_held").begin_array();
    for (const auto& h : *held) {
      json.begin_object().key("kind").value(h.kind).key("key").value(h.key).key("version").value(h.version);
      json.key("error").value(h.reason.en).key("error_zh").value(h.reason.zh).end_object();
    }
    json.end_array().end_object();
    context.out << json.str() << '\n';
    return s.dead > 0 || !held->empty() ? exit_code::attention : exit_code::ok;
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
  for (const auto& h : *held) {
    context.out << context.tf("Master data not applied: {} \"{}\" (version {}): {}\n",
                              "未能应用的基础数据：{}“{}”（版本 {}）：{}\n",
                              context.t(lims::sync::master_kind_text(h.kind)), h.key, h.version, context.t(h.reason));
  }
  return s.dead > 0 || !held->empty() ? exit_code::attention : exit_code::ok;
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
  auto* run = sync->add_subcommand("run", context.t("Push queued records to the hub, then pull its master data",
                                                    "向县级平台上传待传记录，再下载基础数据"));
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
  auto* pull =
      sync->add_subcommand("pull", context.t("Fetch and apply the hub's master data (catalogue, places, plans)",
                                             "从县级平台下载并应用基础数据（目录、场所、计划）"));
  pull->add_option("--hub", options->hub_url,
                   context.t("Hub URL (overrides kuaijian.json)", "平台地址（覆盖 kuaijian.json）"));
  pull->add_option("--booth", options->booth_id,
                   context.t("Booth id (overrides kuaijian.json)", "快检室编号（覆盖配置）"));
  pull->add_option("--secret-file", options->secret_file,
                   context.t("File holding the booth secret (overrides kuaijian.json)", "保存密钥的文件（覆盖配置）"));
  pull->callback([&context, options] { context.exit_code = run_pull(context, *options); });
  auto* status = sync->add_subcommand("status", context.t("Show the upload queue", "查看上传队列"));
  status->callback([&context] { context.exit_code = run_status(context); });
  auto* retry = sync->add_subcommand("retry-dead", context.t("Re-queue dead-lettered records", "重新排队死信记录"));
  retry->callback([&context] { context.exit_code = run_retry_dead(context); });
}

}  // namespace kj::cli
