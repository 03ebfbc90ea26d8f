// kuaijian batch run — one analyzer run at the booth, live: the samples are assigned to the
// analyzer's channels (given in order, as CH=NUMBER, or the samples still owed retests), the
// operator is told where each goes, the configured device is read through its real driver
// session, and the run becomes a batch of judged, audited results — a confirmed positive
// opens its disposal case in the same transaction. The table of the run follows, then what
// it asks for next (retests, held readings, cases).
//
// Nothing is stored when the device sent nothing: the batch is opened only once the readings
// are in, so an unplugged analyzer leaves no empty batch behind.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>
#include <ostream>

#include "drivers/asio.hpp"
#include "drivers/errors.hpp"
#include "lims/cases/case_rules.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/analyzer_run.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/device_spec.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/result_view.hpp"
#include "ui-cli/session.hpp"

namespace kj::cli {
namespace {

struct BatchRunOptions {
  std::string device;
  std::vector<std::string> samples;   // in channel order from 1
  std::vector<std::string> channels;  // CH=NUMBER
  bool retests = false;
  std::string item;
  std::string standard;
  std::string control;  // A0,A3
  std::string port;     // serial path instead of the configured one (e.g. a simulator's pty)
  std::string read = "last";
  int timeout = 120;  // seconds
};

Error invalid(const std::string& field, const std::string& en, const std::string& zh) {
  return make_error(make_error_code(lims::Errc::invalid_input), field + ": " + en, field + "：" + zh);
}

const lims::config::Device* find_device(const lims::config::Config& config, const std::string& name) {
  for (const auto& device : config.devices) {
    if (device.name == name) return &device;
  }
  return nullptr;
}

// --item, or the one catalogue item the device's codes map to.
Result<std::string> item_of(const lims::config::Device& device, const std::string& given) {
  if (!given.empty()) return given;
  std::string only;
  for (const auto& [code, item] : device.item_codes) {
    if (!only.empty() && item != only) {
      return invalid("--item", "device " + device.name + " measures several items; say which one this run is",
                     "设备 " + device.name + " 可测多个项目，请指明本批次的项目");
    }
    only = item;
  }
  if (only.empty()) {
    return invalid("--item", "device " + device.name + " maps no item code in config/devices.json",
                   "设备 " + device.name + " 在 config/devices.json 中未配置项目代码");
  }
  return only;
}

// The channel assignment: --sample in order from channel 1, then --channel CH=NUMBER, or with
// --retests each sample owed retests on as many channels as it needs.
Result<std::vector<std::pair<int, std::string>>> assign_channels(lims::storage::Database& db,
                                                                 const lims::Rulebook& rules,
                                                                 const BatchRunOptions& options,
                                                                 const std::string& item) {
  std::vector<std::pair<int, std::string>> out;
  int next = 1;
  for (const auto& number : options.samples) out.emplace_back(next++, number);
  for (const auto& text : options.channels) {
    const auto eq = text.find('=');
    int channel = 0;
    const char* end = text.data() + (eq == std::string::npos ? text.size() : eq);
    const auto parsed = std::from_chars(text.data(), end, channel);
    if (eq == std::string::npos || parsed.ec != std::errc() || parsed.ptr != end || eq + 1 >= text.size()) {
      return invalid("--channel", "CH=SAMPLE, e.g. 3=20251126-0004 (got \"" + text + "\")",
                     "应为 通道=样品编号，如 3=20251126-0004（实际为“" + text + "”）");
    }
    out.emplace_back(channel, text.substr(eq + 1));
  }
  if (options.retests) {
    auto pending = lims::pending_retests(db, rules, item);
    if (!pending) return pending.error();
    for (const auto& p : *pending) {
      for (int i = 0; i < p.outstanding; ++i) {
        while (std::any_of(out.begin(), out.end(), [&](const auto& c) { return c.first == next; })) ++next;
        out.emplace_back(next++, p.sample_number);
      }
    }
    if (out.empty()) {
      return make_error(make_error_code(lims::Errc::not_found), "no sample of " + item + " is owed a retest",
                        "没有待复检的 " + item + " 样品");
    }
  }
  if (out.empty()) {
    return invalid("--sample", "at least one sample for the run (--sample, --channel or --retests)",
                   "本批次至少需要一个样品（--sample、--channel 或 --retests）");
  }
  // Typing mistakes are refused before the analyzer is touched.
  for (const auto& [channel, number] : out) {
    if (auto sample = lims::find_sample(db, number); !sample) return sample.error();
  }
  return out;
}

Result<protocols::Readings> parse_control(const std::string& text) {
  protocols::Readings control;
  const auto comma = text.find(',');
  double a0 = 0, a3 = 0;
  const char* mid = text.data() + (comma == std::string::npos ? text.size() : comma);
  const auto first = std::from_chars(text.data(), mid, a0);
  const auto second = comma == std::string::npos ? std::from_chars_result{mid, std::errc::invalid_argument}
                                                 : std::from_chars(mid + 1, text.data() + text.size(), a3);
  if (first.ec != std::errc() || first.ptr != mid || second.ec != std::errc() ||
      second.ptr != text.data() + text.size()) {
    return invalid("--control", "the control's A0,A3 absorbances, e.g. 0.13966,0.32331 (got \"" + text + "\")",
                   "对照的 A0,A3 吸光度，如 0.13966,0.32331（实际为“" + text + "”）");
  }
  control.a0 = a0;
  control.a3 = a3;
  return control;
}

Result<drivers::ReadRequest> parse_read(const std::string& text) {
  if (auto read = drivers::parse_read_request(text)) return *read;
  return invalid("--read", "last, all or date:YYYY-MM-DD (got \"" + text + "\")",
                 "应为 last、all 或 date:YYYY-MM-DD（实际为“" + text + "”）");
}

void write_ingested_json(protocols::JsonWriter& json, const lims::Ingested& in) {
  json.begin_object();
  json.key("channel").value(in.channel).key("sample").value(in.sample_number).key("item").value(in.item_code);
  json.key("held").value(in.held);
  if (in.held) {
    json.key("held_reason").value(in.held_reason.en);
  } else {
    json.key("result").value(in.result_uuid).key("verdict").value(protocols::to_string(in.verdict));
    if (in.value) json.key("value").value(*in.value);
    json.key("unit").value(in.unit).key("retest").value(in.retest).key("held_for_review").value(in.held_for_review);
    json.key("conclusion").value(in.conclusion.reason.en);
    if (!in.case_number.empty()) json.key("case").value(in.case_number).key("case_opened").value(in.case_opened);
  }
  json.end_object();
}

// What the run asks for next, per sample: retests owed, confirmed positives and their cases.
void print_next_steps(const Context& context, const std::vector<lims::Ingested>& ingested, const std::string& device) {
  std::vector<std::string> seen;
  bool retests = false;
  for (auto it = ingested.rbegin(); it != ingested.rend(); ++it) {
    const auto& in = *it;
    if (in.held || std::find(seen.begin(), seen.end(), in.sample_number) != seen.end()) continue;
    seen.push_back(in.sample_number);
    if (in.conclusion.state != lims::RetestState::not_needed) {
      retests = retests || in.conclusion.state == lims::RetestState::needs_retest;
      context.out << context.tf("Sample {}: {}", "样品 {}：{}", in.sample_number, context.t(in.conclusion.reason))
                  << '\n';
    }
    if (in.case_opened) {
      context.out << context.tf("Disposal case {} opened: `kuaijian case show {}` gives its deadlines.",
                                "已立核查处置案件 {}：`kuaijian case show {}` 查看各项期限。", in.case_number,
                                in.case_number)
                  << '\n';
    }
  }
  if (retests) {
    context.out << context.tf("Put them on the analyzer and run `kuaijian batch run --device {} --retests`.",
                              "请上机复检：`kuaijian batch run --device {} --retests`。", device)
                << '\n';
  }
}

int run_batch(Context& context, const BatchRunOptions& options) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto* device = find_device(session->config, options.device);
  if (device == nullptr) {
    return report(context, make_error(make_error_code(lims::Errc::not_found),
                                      "--device: no device named " + options.device + " in config/devices.json",
                                      "--device：config/devices.json 中没有名为 " + options.device + " 的设备"));
  }
  const auto rules = lims::make_rulebook(session->config);
  if (!rules) return report(context, rules.error());
  const auto cases = lims::make_case_rules(session->config);
  if (!cases) return report(context, cases.error());
  const auto item = item_of(*device, options.item);
  if (!item) return report(context, item.error());
  if (auto found = lims::find_item(session->db, *item); !found) return report(context, found.error());
  std::optional<protocols::Readings> control;
  if (!options.control.empty()) {
    auto parsed = parse_control(options.control);
    if (!parsed) return report(context, parsed.error());
    control = *parsed;
  }
  auto read = parse_read(options.read);
  if (!read) return report(context, read.error());
  auto channels = assign_channels(session->db, *rules, options, *item);
  if (!channels) return report(context, channels.error());
  auto spec = to_device_spec(*device, context.db_path().parent_path());
  if (!spec) return report(context, spec.error());
  spec->read = *read;
  if (!options.port.empty()) {
    auto* serial = std::get_if<drivers::SerialLink>(&spec->transport);
    if (serial == nullptr) {
      return report(context, invalid("--port", "device " + device->name + " is not on a serial port",
                                     "设备 " + device->name + " 不是串口设备"));
    }
    serial->path = options.port;
  }

  if (!context.json) {
    context.out << context.tf("Batch on {} ({}), item {}:", "批次：设备 {}（{}），项目 {}：", device->name,
                              device->model, *item)
                << '\n';
    for (const auto& [channel, number] : *channels) {
      context.out << context.tf("  channel {:>2} ← sample {}", "  通道 {:>2} ← 样品 {}", channel, number) << '\n';
    }
  }
  if (isatty(STDIN_FILENO) != 0 && !context.json) {
    context.out << context.t("Run the test on the analyzer, then press Enter to read it… ",
                             "请在检测仪上完成检测，然后按回车读取结果… ")
                << std::flush;
    std::string line;
    std::getline(std::cin, line);
  }
  if (!context.json) {
    context.out << context.tf("Reading {} (up to {} s)…", "正在读取 {}（最长 {} 秒）…", device->name, options.timeout)
                << std::endl;
  }
  drivers::IoContext io;
  auto run = run_analyzer(io, *spec, channels->size(), std::chrono::seconds(options.timeout));
  if (!run) return report(context, run.error());
  for (const auto& error : run->errors) context.err << "kuaijian: " << device->name << ": " << error << '\n';
  if (run->observations.empty()) {
    return report(context, make_error(drivers::make_error_code(drivers::Errc::timed_out),
                                      device->name + " sent no reading; nothing was stored",
                                      device->name + " 未发送任何读数；未保存任何数据"));
  }

  const auto by = actor(context);
  auto batch = lims::open_batch(session->db, by, *rules,
                                lims::BatchInput{device->name, *item, options.standard, *channels, control});
  if (!batch) return report(context, batch.error());
  const auto provenance = provenance_of(*run);
  auto stored = lims::ingest_observations(session->db, by, *rules, device->name, run->observations, batch->id,
                                          provenance, &*cases);
  if (!stored) return report(context, stored.error());
  const auto& ingested = *stored;
  if (auto closed = lims::close_batch(session->db, by, batch->id); !closed) return report(context, closed.error());

  const bool held = std::any_of(ingested.begin(), ingested.end(), [](const auto& in) { return in.held; });
  if (context.json) {
    for (const auto& in : ingested) {
      protocols::JsonWriter json;
      write_ingested_json(json, in);
      context.out << json.str() << '\n';
    }
    return held || !run->errors.empty() ? exit_code::attention : exit_code::ok;
  }
  if (batch->qc_outcome == "failed") {
    context.out << context.tf("The control failed ({}): every result of this run is invalid.",
                              "对照无效（{}）：本批全部结果无效。", context.t(batch->qc_reason))
                << '\n';
  }
  std::vector<lims::ResultRow> rows;
  for (const auto& in : ingested) {
    if (in.held) continue;
    if (auto row = lims::find_result(session->db, in.result_uuid)) rows.push_back(std::move(*row));
  }
  print_results(context, rows);
  for (const auto& in : ingested) {
    if (!in.held) continue;
    context.out << context.tf("Held (channel {}): {} — kept, and taken in once fixed.",
                              "已暂存（通道 {}）：{} — 不会丢失，修正后自动入库。", in.channel,
                              context.t(in.held_reason))
                << '\n';
  }
  print_next_steps(context, ingested, device->name);
  return held || !run->errors.empty() ? exit_code::attention : exit_code::ok;
}

}  // namespace

void register_batch(CLI::App& app, Context& context) {
  auto* batch = app.add_subcommand("batch", context.t("Analyzer runs (batches)", "检测批次"));
  batch->require_subcommand(1);
  auto options = std::make_shared<BatchRunOptions>();
  auto* run = batch->add_subcommand(
      "run", context.t("Run a batch on a configured analyzer: assign samples to channels, read, judge",
                       "在已配置的检测仪上检测一个批次：分配通道、读取、判定"));
  run->add_option("--device", options->device,
                  context.t("Device name of config/devices.json", "config/devices.json 中的设备名"))
      ->required();
  run->add_option("--sample", options->samples,
                  context.t("Sample numbers, in channel order from 1", "样品编号，按通道 1 起依次分配"));
  run->add_option("--channel", options->channels,
                  context.t("CH=SAMPLE: a sample on a given channel", "通道=样品编号：指定通道"));
  run->add_flag("--retests", options->retests,
                context.t("Put every sample owed retests on the channels (as many as each needs)",
                          "将所有待复检样品按所需次数分配到通道"));
  run->add_option("--item", options->item,
                  context.t("Item code (default: the device's only item)", "项目代码（默认：设备唯一的项目）"));
  run->add_option("--standard", options->standard,
                  context.t("Standard (default: the item's)", "检测依据（默认：项目的标准）"));
  run->add_option("--control", options->control,
                  context.t("Control absorbances A0,A3 when read by hand", "手工读取的对照吸光度 A0,A3"));
  run->add_option("--port", options->port,
                  context.t("Serial port instead of the configured one", "使用此串口代替配置的串口"));
  run->add_option("--read", options->read, "last|all|date:YYYY-MM-DD");
  run->add_option("--timeout", options->timeout,
                  context.t("Seconds to wait for the analyzer (default 120)", "等待检测仪的秒数（默认 120）"))
      ->check(CLI::Range(1, 3600));
  run->callback([&context, options] { context.exit_code = run_batch(context, *options); });
}

}  // namespace kj::cli
