// kuaijian audit verify — walks the audit chain and checks every audited row against it.
#include <ostream>

#include "lims/audit/audit_log.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/session.hpp"

namespace kj::cli {
namespace {

int run_verify(Context& context) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto report_ = lims::verify_audit(session->db);
  if (!report_) return report(context, report_.error());
  const auto& r = *report_;
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("entries").value(r.entries).key("rows_checked").value(r.rows_checked);
    json.key("breaks").value(r.breaks).key("ok").value(!r.first_break.has_value());
    if (r.first_break) {
      json.key("first_break").begin_object().key("audit_id").value(r.first_break->audit_id);
      json.key("entity").value(r.first_break->entity).key("entity_id").value(r.first_break->entity_id);
      json.key("what").value(r.first_break->what.en).key("what_zh").value(r.first_break->what.zh).end_object();
    }
    json.end_object();
    context.out << json.str() << '\n';
  } else if (!r.first_break) {
    context.out << context.tf("Audit trail intact: {} entries, {} records checked.\n",
                              "审计记录完整：共 {} 条记录，核对 {} 条数据。\n", r.entries, r.rows_checked);
  } else {
    context.out << context.tf("Audit trail BROKEN ({} problems). First: {}\n",
                              "审计记录已被破坏（共 {} 处）。首处：{}\n", r.breaks, context.t(r.first_break->what));
  }
  return r.first_break ? exit_code::integrity : exit_code::ok;
}

}  // namespace

void register_audit(CLI::App& app, Context& context) {
  auto* audit = app.add_subcommand("audit", context.t("The audit trail", "审计记录"));
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", context.t("Verify the audit chain and every audited record", "校验审计链及所有记录"));
  verify->callback([&context] { context.exit_code = run_verify(context); });
}

}  // namespace kj::cli
