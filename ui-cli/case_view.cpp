#include "ui-cli/case_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <regex>

#include "lims/cases/case_labels.hpp"
#include "lims/cases/case_rules.hpp"
#include "lims/cases/case_timing.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

using namespace std::chrono;

std::string local(lims::Timestamp t, minutes offset) {
  return lims::to_local_text(t, offset);
}

std::string label(const Context& context, std::string_view name) {
  return context.t(lims::case_label(name));
}
std::string deadline(const Context& context, std::string_view name) {
  return context.t(lims::deadline_label(name));
}

// A deadline's standing, e.g. "met on time (09:30)", "overdue by 3 h", "window open".
std::string deadline_text(const Context& context, const lims::DeadlineRecord& d, lims::Timestamp now, minutes offset) {
  using lims::DeadlineStatus;
  const auto status = lims::deadline_status(d.kind, d.state, d.due_at, d.met_at, now);
  switch (status) {
    case DeadlineStatus::pending:
      return context.tf("pending, {} left", "待完成，剩 {}",
                        duration_text(context, duration_cast<seconds>(d.due_at - now)));
    case DeadlineStatus::overdue:
      return context.tf("OVERDUE by {}", "已逾期 {}", duration_text(context, duration_cast<seconds>(now - d.due_at)));
    case DeadlineStatus::met_on_time: return context.tf("met on time ({})", "按时完成（{}）", local(*d.met_at, offset));
    case DeadlineStatus::met_late:
      return context.tf("met {} late ({})", "超时 {} 完成（{}）",
                        duration_text(context, duration_cast<seconds>(*d.met_at - d.due_at)), local(*d.met_at, offset));
    case DeadlineStatus::cancelled: return context.t("no longer applies", "不再适用");
    case DeadlineStatus::window_open:
      return context.tf("open, {} left", "进行中，剩 {}",
                        duration_text(context, duration_cast<seconds>(d.due_at - now)));
    case DeadlineStatus::window_ended: return context.t("ended unused", "已届满，未行使");
    case DeadlineStatus::window_used: return context.tf("used ({})", "已行使（{}）", local(*d.met_at, offset));
  }
  return {};
}

std::string allowed_text(const Context& context, const std::vector<lims::AllowedStep>& allowed) {
  std::string now, later;
  for (const auto& a : allowed) {
    const std::string item = a.step + context.tf(" ({})", "（{}）", label(context, a.step));
    if (!a.not_yet) {
      now += (now.empty() ? "" : context.t(", ", "、")) + item;
    } else {
      later +=
          (later.empty() ? "" : context.t("; ", "；")) + a.step + context.tf(" ({})", "（{}）", context.t(*a.not_yet));
    }
  }
  std::string out = now.empty() ? context.t("Nothing can be recorded now.", "现在没有可执行的步骤。")
                                : context.tf("Next steps: {}.", "可执行步骤：{}。", now);
  if (!later.empty()) out += context.tf(" Later: {}.", "稍后：{}。", later);
  return out;
}

std::string step_fields_text(const Context& context, const lims::CaseStepRecord& s) {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : context.t("; ", "；")) + part; };
  if (s.quantity) add(context.tf("quantity {:g} {}", "数量 {:g} {}", *s.quantity, s.unit));
  if (!s.method.empty()) {
    std::string methods;
    std::size_t start = 0;
    while (start <= s.method.size()) {
      const auto end = std::min(s.method.find(',', start), s.method.size());
      methods += (methods.empty() ? "" : context.t(", ", "、")) + label(context, s.method.substr(start, end - start));
      start = end + 1;
    }
    add(context.tf("method {}", "方式 {}", methods));
  }
  if (!s.supervisor.empty()) add(context.tf("supervisor {}", "监督人 {}", s.supervisor));
  if (!s.note.empty()) add(context.tf("note: {}", "说明：{}", s.note));
  return out;
}

void write_deadline_json(protocols::JsonWriter& json, const lims::DeadlineRecord& d, lims::Timestamp now) {
  json.begin_object().key("name").value(d.name).key("kind").value(to_string(d.kind));
  json.key("from").value(d.from_event).key("from_at").value(lims::to_iso8601(d.from_at));
  json.key("amount").value(d.amount).key("unit").value(lims::to_string(d.unit));
  json.key("due_at").value(lims::to_iso8601(d.due_at)).key("state").value(d.state);
  json.key("met_at");
  d.met_at ? json.value(lims::to_iso8601(*d.met_at)) : json.null();
  json.key("status").value(to_string(lims::deadline_status(d.kind, d.state, d.due_at, d.met_at, now)));
  json.end_object();
}

}  // namespace

std::optional<seconds> parse_duration(const std::string& text) {
  static const std::regex pattern(R"(^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$)",
                                  std::regex::icase);
  static const std::regex bare(R"(^\s*(\d+)\s*$)");
  std::smatch m;
  if (std::regex_match(text, m, bare)) return hours(std::stoll(m[1]));
  if (!std::regex_match(text, m, pattern) || (!m[1].matched && !m[2].matched && !m[3].matched)) return std::nullopt;
  seconds total{0};
  if (m[1].matched) total += days(std::stoll(m[1]));
  if (m[2].matched) total += hours(std::stoll(m[2]));
  if (m[3].matched) total += minutes(std::stoll(m[3]));
  return total;
}

std::string duration_text(const Context& context, seconds span) {
  const auto total_minutes = duration_cast<minutes>(span).count();
  const auto d = total_minutes / (24 * 60);
  const auto h = (total_minutes / 60) % 24;
  const auto m = total_minutes % 60;
  if (d > 0) return h > 0 ? context.tf("{} d {} h", "{}天{}小时", d, h) : context.tf("{} d", "{}天", d);
  if (h > 0) return m > 0 ? context.tf("{} h {} min", "{}小时{}分", h, m) : context.tf("{} h", "{}小时", h);
  if (m > 0) return context.tf("{} min", "{}分钟", m);
  return context.t("under a minute", "不到1分钟");
}

std::string standing_text(const Context& context, lims::Timestamp due, std::optional<lims::Timestamp> closed,
                          const std::string& outcome, lims::Timestamp now) {
  const std::string how = outcome == "released" ? context.t("released", "复检阴性解除") : context.t("closed", "办结");
  switch (lims::case_timing(due, closed, now)) {
    case lims::CaseTiming::not_yet_due:
      return context.tf("due in {}", "剩 {}", duration_text(context, duration_cast<seconds>(due - now)));
    case lims::CaseTiming::open_overdue:
      return context.tf("OVERDUE by {}", "已逾期 {}", duration_text(context, duration_cast<seconds>(now - due)));
    case lims::CaseTiming::closed_on_time: return context.tf("{} on time", "按时{}", how);
    case lims::CaseTiming::closed_late:
      return context.tf("{} {} late", "超期 {} {}", how, duration_text(context, duration_cast<seconds>(*closed - due)));
  }
  return {};
}

void print_case(const Context& context, const lims::DisposalCase& c, lims::Timestamp now, minutes offset) {
  auto& out = context.out;
  out << context.tf("{} {} — {}\n", "{} {} — {}\n", label(context, to_string(c.type())), c.number,
                    label(context, c.state.state));
  if (c.type() == lims::CaseType::lab && c.state.recheck_state != "none") {
    out << context.tf("  Producer's recheck: {}\n", "  生产者复检申请：{}\n", label(context, c.state.recheck_state));
  }
  const std::string item = c.item_code.empty() ? "-" : c.item_code + (c.item_name.empty() ? "" : " " + c.item_name);
  out << context.tf("  Sample {} {}; item {}\n", "  样品 {} {}；项目 {}\n", c.sample_number, c.sample_name, item);
  std::string place = c.market_code.empty() ? "-" : c.market_name + " (" + c.market_code + ")";
  if (!c.township.empty()) place += " " + c.township;
  out << context.tf("  Market {}; stall {}; vendor {}\n", "  市场 {}；摊位 {}；经营户 {}\n", place,
                    c.stall.empty() ? "-" : c.stall, c.vendor.empty() ? "-" : c.vendor);
  if (!c.result_uuid.empty()) out << context.tf("  Result {}\n", "  检测结果 {}\n", c.result_uuid);
  if (!c.parent_number.empty()) {
    out << context.tf("  Escalated from rapid-test case {}\n", "  由快检案件 {} 转来\n", c.parent_number);
  }
  out << context.tf("  Opened {}; due {}{} — {}\n", "  立案 {}；办结期限 {}{} — {}\n", local(c.opened_at, offset),
                    local(c.due_at, offset),
                    c.extensions.empty()
                        ? std::string()
                        : context.tf(" (extended from {})", "（原期限 {}，已延期）", local(c.initial_due_at, offset)),
                    standing_text(context, c.due_at, c.closed_at, c.outcome, now));

  out << context.t("Timeline:\n", "时间线：\n");
  std::size_t width = 0;
  for (const auto& s : c.steps) width = std::max(width, display_width(label(context, s.step)));
  for (const auto& s : c.steps) {
    const std::string step = label(context, s.step);
    out << fmt::format("  {:>2}  {}  {}{}  {}\n", s.seq, local(s.at, offset), step,
                       std::string(width - display_width(step), ' '), s.actor);
    if (const auto fields = step_fields_text(context, s); !fields.empty()) out << "      " << fields << '\n';
    for (const auto& d : c.deadlines) {
      if (d.step_id == s.id && d.kind == lims::DeadlineKind::due) {
        out << "      "
            << context.tf("deadline {} ({}): {}", "时限 {}（{}）：{}", deadline(context, d.name),
                          local(d.due_at, offset), deadline_text(context, d, now, offset))
            << '\n';
      }
    }
    for (const auto& e : s.evidence) {
      out << "      "
          << context.tf("evidence {} sha256:{} ({} bytes)", "证据 {} sha256:{}（{} 字节）", e.name, e.sha256, e.bytes)
          << '\n';
    }
    if (!s.corrected_result_uuid.empty()) {
      out << "      "
          << context.tf("first result {} corrected to negative", "初检结果 {} 已更正为阴性", s.corrected_result_uuid)
          << '\n';
    }
    if (s.recorded_at != s.at) {
      out << "      " << context.tf("(recorded {})", "（记录于 {}）", local(s.recorded_at, offset)) << '\n';
    }
  }

  out << context.t("Deadlines:\n", "期限：\n");
  Table table({context.t("Deadline", "期限"), context.t("Counted from", "起算"), context.t("Due", "截止"),
               context.t("Status", "情况")});
  for (const auto& d : c.deadlines) {
    lims::config::DeadlineRule rule{std::string(to_string(c.type())), d.name, d.amount, d.unit, d.from_event};
    table.add(
        {deadline(context, d.name) + (d.kind == lims::DeadlineKind::window ? context.t(" (window)", "（期间）") : ""),
         context.t(lims::describe(rule)), local(d.due_at, offset), deadline_text(context, d, now, offset)});
  }
  table.print(out);

  if (!c.extensions.empty()) {
    out << context.t("Extensions:\n", "延期记录：\n");
    for (const auto& e : c.extensions) {
      out << "  "
          << context.tf("{}: {} → {}, approved by {}: {} (recorded by {})",
                        "{}：{} → {}，批准人 {}，理由：{}（记录人 {}）", local(e.recorded_at, offset),
                        local(e.previous_due_at, offset), local(e.new_due_at, offset), e.approver, e.reason,
                        e.recorded_by)
          << '\n';
    }
  }
  if (!c.state.closed) out << allowed_text(context, lims::allowed_steps(c, now, offset)) << '\n';
}

void print_case_brief(const Context& context, const lims::DisposalCase& c, lims::Timestamp now, minutes offset) {
  auto& out = context.out;
  out << context.tf("{} {}: {} — due {} ({})\n", "{} {}：{} — 办结期限 {}（{}）\n", label(context, to_string(c.type())),
                    c.number, label(context, c.state.state), local(c.due_at, offset),
                    standing_text(context, c.due_at, c.closed_at, c.outcome, now));
  for (const auto& d : c.deadlines) {
    if (d.kind == lims::DeadlineKind::due && d.state != "pending") continue;
    if (d.kind == lims::DeadlineKind::window && (d.state != "pending" || now > d.due_at)) continue;
    out << "  "
        << context.tf("{}: {} — {}", "{}：{} — {}", deadline(context, d.name), local(d.due_at, offset),
                      deadline_text(context, d, now, offset))
        << '\n';
  }
  if (!c.state.closed) out << allowed_text(context, lims::allowed_steps(c, now, offset)) << '\n';
}

void write_case_json(protocols::JsonWriter& json, const lims::DisposalCase& c, lims::Timestamp now, minutes offset) {
  const auto optional_time = [&](const char* key, const std::optional<lims::Timestamp>& t) {
    json.key(key);
    t ? json.value(lims::to_iso8601(*t)) : json.null();
  };
  json.begin_object().key("number").value(c.number).key("uuid").value(c.uuid);
  json.key("type").value(to_string(c.type())).key("state").value(c.state.state);
  json.key("recheck_state").value(c.state.recheck_state);
  json.key("sample").value(c.sample_number).key("sample_name").value(c.sample_name);
  json.key("item").value(c.item_code).key("market").value(c.market_code).key("township").value(c.township);
  json.key("stall").value(c.stall).key("vendor").value(c.vendor).key("result").value(c.result_uuid);
  json.key("escalated_from").value(c.parent_number);
  json.key("opened_at").value(lims::to_iso8601(c.opened_at));
  json.key("initial_due_at").value(lims::to_iso8601(c.initial_due_at));
  json.key("due_at").value(lims::to_iso8601(c.due_at));
  optional_time("closed_at", c.closed_at);
  json.key("outcome").value(c.outcome);
  json.key("timing").value(to_string(lims::case_timing(c.due_at, c.closed_at, now)));
  json.key("steps").begin_array();
  for (const auto& s : c.steps) {
    json.begin_object().key("seq").value(s.seq).key("step").value(s.step).key("from_state").value(s.from_state);
    json.key("to_state").value(s.to_state).key("at").value(lims::to_iso8601(s.at));
    json.key("recorded_at").value(lims::to_iso8601(s.recorded_at)).key("actor").value(s.actor);
    json.key("quantity");
    s.quantity ? json.value(*s.quantity) : json.null();
    json.key("unit").value(s.unit).key("method").value(s.method).key("supervisor").value(s.supervisor);
    json.key("note").value(s.note).key("evidence").begin_array();
    for (const auto& e : s.evidence) {
      json.begin_object().key("sha256").value(e.sha256).key("name").value(e.name).key("bytes").value(e.bytes);
      json.end_object();
    }
    json.end_array().key("corrected_result").value(s.corrected_result_uuid).end_object();
  }
  json.end_array().key("deadlines").begin_array();
  for (const auto& d : c.deadlines) write_deadline_json(json, d, now);
  json.end_array().key("extensions").begin_array();
  for (const auto& e : c.extensions) {
    json.begin_object().key("previous_due_at").value(lims::to_iso8601(e.previous_due_at));
    json.key("new_due_at").value(lims::to_iso8601(e.new_due_at)).key("approver").value(e.approver);
    json.key("reason").value(e.reason).key("recorded_at").value(lims::to_iso8601(e.recorded_at));
    json.key("recorded_by").value(e.recorded_by).end_object();
  }
  json.end_array().key("allowed_steps").begin_array();
  if (!c.state.closed) {
    for (const auto& a : lims::allowed_steps(c, now, offset)) {
      if (!a.not_yet) json.value(a.step);
    }
  }
  json.end_array().end_object();
}

}  // namespace kj::cli
