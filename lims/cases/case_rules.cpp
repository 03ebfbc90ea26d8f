#include "lims/cases/case_rules.hpp"

#include <algorithm>
#include <string>

#include "lims/cases/case_labels.hpp"
#include "lims/errors.hpp"

namespace kj::lims {
namespace {

Error rule_error(std::size_t index, const std::string& key, const std::string& en, const std::string& zh) {
  const std::string where = "config/deadlines.json: rules[" + std::to_string(index) + "]." + key;
  return make_error(make_error_code(Errc::config_invalid), where + ": expected " + en, where + "：应为" + zh);
}

std::string join(const std::vector<std::string_view>& names, const char* separator) {
  std::string out;
  for (const auto name : names) out += (out.empty() ? "" : separator) + std::string(name);
  return out;
}

std::vector<std::string_view> deadline_names(CaseType type) {
  std::vector<std::string_view> names;
  for (const auto& def : deadline_defs()) {
    if (def.type == type) names.push_back(def.name);
  }
  return names;
}

}  // namespace

const config::DeadlineRule* CaseRules::rule(CaseType type, std::string_view deadline) const {
  for (const auto& r : rules) {
    if (r.case_type == to_string(type) && r.step == deadline) return &r;
  }
  return nullptr;
}

std::vector<const config::DeadlineRule*> CaseRules::starting_at(CaseType type, std::string_view event) const {
  std::vector<const config::DeadlineRule*> out;
  for (const auto& r : rules) {
    if (r.case_type == to_string(type) && r.from == event) out.push_back(&r);
  }
  return out;
}

Result<CaseRules> make_case_rules(const config::Config& config) {
  return make_case_rules(config.deadlines, WorkingCalendar(config.calendars, config.installation.utc_offset));
}

Result<CaseRules> make_case_rules(std::vector<config::DeadlineRule> rules, WorkingCalendar calendar) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    const auto type = parse_case_type(r.case_type);
    if (!type) return rule_error(i, "case_type", "rapid or lab", "rapid 或 lab");
    if (!find_deadline_def(*type, r.step)) {
      const std::string names = join(deadline_names(*type), ", ");
      return rule_error(i, "step", "a deadline of a " + r.case_type + " case: " + names,
                        r.case_type + " 类案件的期限之一：" + names);
    }
    if (!is_event(*type, r.from)) {
      auto events = steps_of(*type);
      events.insert(events.begin(), opening_event(*type));
      const std::string names = join(events, ", ");
      return rule_error(i, "from", "the event the deadline counts from: " + names, "期限起算的事件之一：" + names);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (rules[j].case_type == r.case_type && rules[j].step == r.step) {
        return rule_error(i, "step",
                          "a deadline not given before (rules[" + std::to_string(j) + "] sets " + r.step + ")",
                          "未重复的期限（rules[" + std::to_string(j) + "] 已规定 " + r.step + "）");
      }
    }
    if (r.step == "closed" && r.from != opening_event(*type)) {
      return rule_error(i, "from", std::string(opening_event(*type)) + ": a case's due date counts from its opening",
                        std::string(opening_event(*type)) + "：案件办结期限自立案起算");
    }
  }
  for (const auto& def : deadline_defs()) {
    if (!def.required) continue;
    const bool present = std::any_of(rules.begin(), rules.end(), [&](const config::DeadlineRule& r) {
      return r.case_type == to_string(def.type) && r.step == def.name;
    });
    if (!present) {
      const std::string type(to_string(def.type)), name(def.name);
      return make_error(
          make_error_code(Errc::config_invalid),
          "config/deadlines.json: rules: expected a rule for the " + name + " deadline of " + type + " cases",
          "config/deadlines.json: rules：缺少 " + type + " 类案件 " + name + " 期限的规则");
    }
  }
  return CaseRules{std::move(rules), std::move(calendar)};
}

Result<Timestamp> deadline_of(const config::DeadlineRule& rule, Timestamp from, const WorkingCalendar& calendar) {
  switch (rule.unit) {
    case config::DeadlineUnit::hours: return calendar.add_hours(from, rule.amount);
    case config::DeadlineUnit::days: return calendar.add_days(from, rule.amount);
    case config::DeadlineUnit::working_days: return calendar.add_working_days(from, rule.amount);
  }
  return calendar.add_hours(from, rule.amount);
}

std::string_view to_string(config::DeadlineUnit unit) {
  switch (unit) {
    case config::DeadlineUnit::hours: return "hours";
    case config::DeadlineUnit::days: return "days";
    case config::DeadlineUnit::working_days: return "working_days";
  }
  return "hours";
}

Text describe(const config::DeadlineRule& rule) {
  const std::string n = std::to_string(rule.amount);
  const Text from = deadline_label(rule.from);
  switch (rule.unit) {
    case config::DeadlineUnit::hours: return Text{n + " h after " + from.en, from.zh + "后 " + n + " 小时"};
    case config::DeadlineUnit::days: return Text{n + " days after " + from.en, from.zh + "后 " + n + " 日"};
    case config::DeadlineUnit::working_days:
      return Text{n + " working days after " + from.en, from.zh + "后 " + n + " 个工作日"};
  }
  return Text{};
}

}  // namespace kj::lims
