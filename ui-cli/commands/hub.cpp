// kuaijian hub serve --listen ADDR:PORT --db PATH [--cert PEM --key PEM] — runs the county hub
//   (HTTP, or HTTPS with a certificate) until SIGINT/SIGTERM. Port 0 picks a free port; the
//   first line printed says where it listens.
// kuaijian hub booth add NAME --db PATH — registers a booth and prints its id and secret.
// kuaijian hub booth list --db PATH — the registered booths (secrets are not shown).
// kuaijian hub publish --db PATH [--config DIR] [--places FILE] [--plan FILE…] — puts master data
//   on the hub for the booths to pull (`kuaijian sync pull`): the catalogue of a config folder,
//   the townships, markets and stalls of a places file, plans as `plan import` reads them.
//   Formats: lims/sync/master_pull.hpp. Unchanged records keep their version.
#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>

#include "lims/config/config.hpp"
#include "lims/errors.hpp"
#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/plans/plan_file.hpp"
#include "lims/sync/master_pull.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

struct HubOptions {
  std::string db;
  std::string listen = "127.0.0.1:8443";
  std::string cert;
  std::string key;
  int window = 300;
  std::string name;
  std::string config;  // publish: a config folder whose catalogue is published
  std::string places;  // publish: a places file
  std::vector<std::string> plans;
};

std::string hub_db(const Context& context, const HubOptions& options) {
  if (!options.db.empty()) return options.db;
  if (!context.db_option.empty()) return context.db_option;
  return "kuaijian-hub.db";
}

int run_serve(Context& context, const HubOptions& options) {
  const auto colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    return report(context, make_error(make_error_code(lims::Errc::invalid_input),
                                      "--listen: expected ADDR:PORT, e.g. 0.0.0.0:8443",
                                      "--listen：应为 地址:端口，例如 0.0.0.0:8443"));
  }
  lims::hub::ServerOptions server;
  server.host = options.listen.substr(0, colon);
  try {
    server.port = std::stoi(options.listen.substr(colon + 1));
  } catch (const std::exception&) {
    server.port = -1;
  }
  if (server.port < 0 || server.port > 65535) {
    return report(context,
                  make_error(make_error_code(lims::Errc::invalid_input), "--listen: bad port", "--listen：端口无效"));
  }
  if (options.cert.empty() != options.key.empty()) {
    return report(context, make_error(make_error_code(lims::Errc::invalid_input), "--cert and --key go together",
                                      "--cert 与 --key 须同时给出"));
  }
  server.cert_file = options.cert;
  server.key_file = options.key;
  server.window_seconds = options.window;
  auto store = lims::hub::HubStore::open(hub_db(context, options));
  if (!store) return report(context, store.error());

  // Block the stop signals before the server's threads start, so only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  lims::hub::ServerDeps deps{[] { return Context::now(); },
                             [](std::error_code code) { return exit_info(code).http_status; }};
  auto running = lims::hub::HubServer::start(*store, server, std::move(deps));
  if (!running) return report(context, running.error());
  const auto scheme = options.cert.empty() ? "http" : "https";
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("listening").value(fmt::format("{}://{}:{}", scheme, server.host, (*running)->port()));
    json.key("port").value((*running)->port()).end_object();
    context.out << json.str() << std::endl;
  } else {
    context.out << context.tf("Hub listening on {}://{}:{} (database {}). Stop with Ctrl-C.\n",
                              "县级平台已在 {}://{}:{} 监听（数据库 {}）。按 Ctrl-C 停止。\n", scheme, server.host,
                              (*running)->port(), hub_db(context, options))
                << std::flush;
  }
  int received = 0;
  sigwait(&signals, &received);
  (*running)->stop();
  return exit_code::ok;
}

int run_booth_add(Context& context, const HubOptions& options) {
  auto store = lims::hub::HubStore::open(hub_db(context, options));
  if (!store) return report(context, store.error());
  const auto booth = store->add_booth(options.name, Context::now());
  if (!booth) return report(context, booth.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("booth_id").value(booth->booth_id).key("name").value(booth->name);
    json.key("secret").value(booth->secret).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("Booth registered: {}\n  booth_id: {}\n  secret:   {}\n",
                              "已登记快检室：{}\n  booth_id：{}\n  secret：  {}\n", booth->name, booth->booth_id,
                              booth->secret);
    context.out << context.t(
        "Put both in the booth's config/kuaijian.json \"hub\" section; the secret is shown only here.\n",
        "请将二者填入该快检室 config/kuaijian.json 的 \"hub\" 设置；密钥请妥善保管。\n");
  }
  return exit_code::ok;
}

int run_booth_list(Context& context, const HubOptions& options) {
  auto store = lims::hub::HubStore::open(hub_db(context, options));
  if (!store) return report(context, store.error());
  const auto booths = store->booths();
  if (!booths) return report(context, booths.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_array();
    for (const auto& b : *booths) {
      json.begin_object().key("booth_id").value(b.booth_id).key("name").value(b.name);
      json.key("created_at").value(b.created_at).end_object();
    }
    json.end_array();
    context.out << json.str() << '\n';
    return exit_code::ok;
  }
  Table table({context.t("booth id", "快检室编号"), context.t("name", "名称"), context.t("registered", "登记时间")});
  for (const auto& b : *booths) table.add({b.booth_id, b.name, b.created_at});
  table.print(context.out);
  return exit_code::ok;
}

std::optional<std::string> read_text(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Error in_file(const std::string& file, const Error& error) {
  return Error{error.code, Text{file + ": " + error.detail.en, file + "：" + error.detail.zh}};
}

int run_publish(Context& context, const HubOptions& options) {
  if (options.config.empty() && options.places.empty() && options.plans.empty()) {
    context.err << "kuaijian: "
                << context.t("hub publish: give --config DIR, --places FILE or --plan FILE (see --help)",
                             "hub publish：请给出 --config 目录、--places 文件或 --plan 文件（见 --help）")
                << '\n';
    return exit_code::usage;
  }
  std::vector<lims::sync::MasterRecord> records;
  if (!options.config.empty()) {
    const auto config = lims::config::load_config(options.config);
    if (!config) return report(context, config.error());
    const auto catalogue = lims::sync::catalogue_master_records(config->catalogue);
    records.insert(records.end(), catalogue.begin(), catalogue.end());
  }
  const auto read = [&](const std::string& file) {
    auto text = read_text(file);
    if (!text) context.err << "kuaijian: " << context.tf("cannot read {}", "无法读取 {}", file) << '\n';
    return text;
  };
  if (!options.places.empty()) {
    const auto text = read(options.places);
    if (!text) return exit_code::usage;
    const auto places = lims::sync::places_master_records(*text);
    if (!places) return report(context, in_file(options.places, places.error()));
    records.insert(records.end(), places->begin(), places->end());
  }
  for (const auto& file : options.plans) {
    const auto text = read(file);
    if (!text) return exit_code::usage;
    const auto plan = lims::parse_plan(*text, lims::detect_plan_format(file, *text));
    if (!plan) return report(context, in_file(file, plan.error()));
    records.push_back(lims::sync::plan_master_record(*plan));
  }
  auto store = lims::hub::HubStore::open(hub_db(context, options));
  if (!store) return report(context, store.error());
  std::vector<lims::hub::MasterInput> inputs;
  std::map<std::string, int> per_kind;
  for (const auto& r : records) {
    inputs.push_back(lims::hub::MasterInput{r.kind, r.key, r.payload});
    ++per_kind[r.kind];
  }
  const auto counts = store->put_master(inputs, Context::now());
  if (!counts) return report(context, counts.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("records").value(static_cast<std::int64_t>(records.size()));
    json.key("added").value(counts->added).key("changed").value(counts->changed);
    json.key("unchanged").value(counts->unchanged).key("kinds").begin_object();
    for (const auto& kind : lims::sync::master_kinds()) {
      if (per_kind.contains(kind)) json.key(kind).value(per_kind[kind]);
    }
    json.end_object().end_object();
    context.out << json.str() << '\n';
    return exit_code::ok;
  }
  std::string what;
  for (const auto& kind : lims::sync::master_kinds()) {
    if (!per_kind.contains(kind)) continue;
    what += (what.empty() ? "" : context.t(", ", "，")) +
            fmt::format("{} {}", per_kind[kind], context.t(lims::sync::master_kind_text(kind)));
  }
  context.out << context.tf("Published on the hub: {}.\n", "已发布到平台：{}。\n", what);
  context.out << context.tf("{} new, {} changed (new versions), {} unchanged.\n",
                            "新增 {} 条，变更 {} 条（新版本），未变 {} 条。\n", counts->added, counts->changed,
                            counts->unchanged);
  return exit_code::ok;
}

}  // namespace

void register_hub(CLI::App& app, Context& context) {
  auto* hub = app.add_subcommand("hub", context.t("The county hub (server side)", "县级汇总平台（服务端）"));
  hub->require_subcommand(1);
  auto options = std::make_shared<HubOptions>();
  const auto db_help = context.t("Hub database file (default: --db, else ./kuaijian-hub.db)",
                                 "平台数据库文件（默认取 --db，否则 ./kuaijian-hub.db）");
  auto* serve = hub->add_subcommand("serve", context.t("Run the hub's HTTP(S) API", "运行平台 HTTP(S) 接口"));
  serve->add_option(
      "--listen", options->listen,
      context.t("ADDR:PORT to listen on (default 127.0.0.1:8443)", "监听 地址:端口（默认 127.0.0.1:8443）"));
  serve->add_option("--db", options->db, db_help);
  serve->add_option("--cert", options->cert, context.t("TLS certificate (PEM)", "TLS 证书（PEM）"));
  serve->add_option("--key", options->key, context.t("TLS private key (PEM)", "TLS 私钥（PEM）"));
  serve
      ->add_option("--window", options->window,
                   context.t("Allowed clock difference in seconds (default 300)", "允许的时钟偏差秒数（默认 300）"))
      ->check(CLI::Range(1, 3600));
  serve->callback([&context, options] { context.exit_code = run_serve(context, *options); });

  auto* booth = hub->add_subcommand("booth", context.t("Booths allowed to upload", "可上传的快检室"));
  booth->require_subcommand(1);
  auto* add = booth->add_subcommand(
      "add", context.t("Register a booth; prints its id and secret", "登记快检室，显示编号与密钥"));
  add->add_option("name", options->name, context.t("Booth name", "快检室名称"))->required();
  add->add_option("--db", options->db, db_help);
  add->callback([&context, options] { context.exit_code = run_booth_add(context, *options); });
  auto* list = booth->add_subcommand("list", context.t("List registered booths", "列出已登记的快检室"));
  list->add_option("--db", options->db, db_help);
  list->callback([&context, options] { context.exit_code = run_booth_list(context, *options); });

  auto* publish = hub->add_subcommand(
      "publish", context.t("Publish master data for the booths to pull", "发布基础数据供快检室下载"));
  publish->add_option("--db", options->db, db_help);
  publish->add_option("--config", options->config,
                      context.t("A config folder: publish its catalogue (categories, commodities, items, limits)",
                                "配置文件夹：发布其中的目录（类别、品种、检测项目、限量）"));
  publish->add_option("--places", options->places,
                      context.t("A places file: townships, markets, stalls (JSON; see samples/hub/places.json)",
                                "场所文件：镇乡、市场、摊位（JSON，见 samples/hub/places.json）"));
  publish->add_option("--plan", options->plans,
                      context.t("A sampling plan file (CSV or JSON, as `plan import` reads); may be repeated",
                                "抽检计划文件（CSV 或 JSON，与 `plan import` 相同）；可重复"));
  publish->callback([&context, options] { context.exit_code = run_publish(context, *options); });
}

}  // namespace kj::cli
