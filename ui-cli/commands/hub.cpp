// kuaijian hub serve --listen ADDR:PORT --db PATH [--cert PEM --key PEM] — runs the county hub
//   (HTTP, or HTTPS with a certificate) until SIGINT/SIGTERM. Port 0 picks a free port; the
//   first line printed says where it listens.
// kuaijian hub booth add NAME --db PATH — registers a booth and prints its id and secret.
// kuaijian hub booth list --db PATH — the registered booths (secrets are not shown).
#include <fmt/format.h>

#include <csignal>
#include <memory>
#include <ostream>

#include "lims/errors.hpp"
#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
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
}

}  // namespace kj::cli
