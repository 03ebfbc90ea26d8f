#include "ui-cli/config_summary.hpp"

#include <fmt/format.h>

#include <ostream>

namespace kj::cli {
namespace {

std::string transport_text(const Context& context, const lims::config::Device& device) {
  if (const auto* serial = std::get_if<lims::config::SerialTransport>(&device.transport)) {
    return fmt::format("{} {} {}", context.t("serial", "串口"), serial->path, serial->baud);
  }
  const auto& tcp = std::get<lims::config::TcpTransport>(device.transport);
  return tcp.listen ? fmt::format("{} :{}", context.t("TCP listen", "TCP 监听"), tcp.port)
                    : fmt::format("TCP {}:{}", tcp.host, tcp.port);
}

}  // namespace

void print_config_summary(const Context& context, const lims::config::Config& config) {
  auto& out = context.out;
  const auto& c = config.catalogue;
  out << fmt::format("{}: {}\n", context.t("Config folder", "配置文件夹"), config.dir.string());
  out << fmt::format("  {}: {} ({})   {}: {}\n", context.t("County", "县"), config.installation.county_name,
                     config.installation.county_code, context.t("Booth", "快检室"), config.installation.booth_name);
  out << fmt::format("  {}: {}\n", context.t("Devices", "检测设备"), config.devices.size());
  for (const auto& d : config.devices) {
    out << fmt::format("    {:<16} {:<10} {:<8} {}\n", d.name, d.model, d.protocol, transport_text(context, d));
  }
  out << fmt::format("  {}: {} {}, {} {}, {} {}, {} {}\n", context.t("Catalogue", "目录"), c.categories.size(),
                     context.t("categories", "个大类"), c.commodities.size(), context.t("commodities", "种商品"),
                     c.items.size(), context.t("test items", "个检测项目"), c.limits.size(),
                     context.t("limits", "条限量"));
  out << fmt::format("  {}: {} {}, {} {}\n", context.t("Judgement", "判定规则"), config.judgement.enzyme.size(),
                     context.t("enzyme-inhibition standards", "个酶抑制法标准"), config.judgement.gold.size(),
                     context.t("colloidal-gold rules", "条胶体金规则"));
  out << fmt::format("  {}: {}\n", context.t("Deadline rules", "处置时限规则"), config.deadlines.size());
  std::string years;
  for (const auto& [year, calendar] : config.calendars) years += (years.empty() ? "" : ", ") + std::to_string(year);
  out << fmt::format("  {}: {}\n", context.t("Holiday calendars", "节假日日历"), years.empty() ? "-" : years);
}

void write_config_summary(protocols::JsonWriter& json, const lims::config::Config& config) {
  json.begin_object();
  json.key("dir").value(config.dir.string());
  json.key("county").value(config.installation.county_name);
  json.key("booth").value(config.installation.booth_name);
  json.key("devices").begin_array();
  for (const auto& d : config.devices) {
    json.begin_object().key("name").value(d.name).key("model").value(d.model).key("protocol").value(d.protocol);
    json.end_object();
  }
  json.end_array();
  json.key("categories").value(static_cast<std::int64_t>(config.catalogue.categories.size()));
  json.key("commodities").value(static_cast<std::int64_t>(config.catalogue.commodities.size()));
  json.key("items").value(static_cast<std::int64_t>(config.catalogue.items.size()));
  json.key("limits").value(static_cast<std::int64_t>(config.catalogue.limits.size()));
  json.key("deadline_rules").value(static_cast<std::int64_t>(config.deadlines.size()));
  json.key("calendar_years").begin_array();
  for (const auto& [year, calendar] : config.calendars) json.value(year);
  json.end_array();
  json.end_object();
}

}  // namespace kj::cli
