#include "lims/cases/case_labels.hpp"

#include <string>

namespace kj::lims {
namespace {

struct Label {
  std::string_view name;
  std::string_view en;
  std::string_view zh;
};

// clang-format off
constexpr Label kLabels[] = {
  {"rapid", "rapid-test case", "快检案件"},
  {"lab", "lab sampling case", "监督抽检案件"},
  {"opened", "opened", "已立案"},
  {"conclusion_received", "conclusion received", "已收到检验结论"},
  {"sale_suspended", "sale suspended", "已暂停销售"},
  {"vendor_notified", "vendor notified", "已告知经营户"},
  {"recheck_requested", "recheck requested", "已申请复检"},
  {"released", "released (recheck negative)", "复检阴性，已解除"},
  {"recheck_positive", "recheck positive", "复检仍为阳性"},
  {"disposed", "disposed", "已处置"},
  {"publicized", "publicized", "已公示"},
  {"reported", "reported to the county", "已上报县局"},
  {"closed", "closed", "已办结"},
  {"escalated", "escalated to lab sampling", "已转监督抽检"},
  {"verification_started", "verification started", "已启动核查"},
  {"investigated", "investigated", "已调查"},
  {"measures_taken", "measures taken", "已采取控制措施"},
  {"recheck_accepted", "recheck accepted", "已受理复检"},
  {"recheck_rejected", "recheck rejected", "不予受理复检"},
  {"none", "none", "无"},
  {"objection_window", "objection window", "异议期"},
  {"recheck_request", "recheck request window", "复检申请期"},
  {"recheck_decision", "recheck decision", "复检受理决定"},
  {"destroy", "destroyed harmlessly", "无害化销毁"},
  {"off_shelf", "taken off the shelves", "下架"},
  {"market_exit", "withdrawn from the market", "退市"},
  {"seal", "sealed", "封存"},
  {"recall", "recalled", "召回"},
  {"rectify", "rectification ordered", "整改"},
};
// clang-format on

}  // namespace

Text case_label(std::string_view name) {
  for (const auto& label : kLabels) {
    if (label.name == name) return Text{std::string(label.en), std::string(label.zh)};
  }
  return Text{std::string(name), std::string(name)};
}

Text deadline_label(std::string_view name) {
  if (name == "closed") return Text{"case closure", "办结"};
  Text label = case_label(name);
  if (label.zh.starts_with("已")) label.zh.erase(0, std::string_view("已").size());
  return label;
}

}  // namespace kj::lims
