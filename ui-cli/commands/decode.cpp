// kuaijian decode — replays what a device sent through a codec and prints one observation per
// line (JSON Lines), as shared/specs/observation.md specifies. Rejected frames go to stderr as
// {"error":…,"offset":N}; exit 0 when all decoded, 3 when some frames were rejected, 2 on a
// usage error.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "drivers/capture/capture_file.hpp"
#include "protocols/hex_text.hpp"
#include "protocols/json_writer.hpp"
#include "protocols/registry.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"

namespace kj::cli {
namespace {

struct DecodeOptions {
  std::string protocol;
  std::string file;
  bool hex = false;
  bool capture = false;
  bool list = false;
  std::vector<std::string> options;  // KEY=VALUE codec options
};

int usage_error(const Context& context, const std::string& en, const std::string& zh) {
  context.err << "kuaijian: " << (context.lang == Lang::zh ? zh : en) << '\n';
  return exit_code::usage;
}

int list_protocols(const Context& context) {
  for (const auto& p : protocols::known_protocols()) {
    if (context.json) {
      protocols::JsonWriter json;
      json.begin_object().key("name").value(p.name).key("transport").value(p.transport);
      json.key("description").value(p.description).key("description_zh").value(p.description_zh).end_object();
      context.out << json.str() << '\n';
    } else {
      context.out << fmt::format("{:<9} {:<11} {}\n", p.name, p.transport,
                                 context.lang == Lang::zh ? p.description_zh : p.description);
    }
  }
  return exit_code::ok;
}

// Everything of the input at once: captures are small, and --hex needs whole lines anyway.
std::optional<std::string> read_input(const std::string& file) {
  std::ostringstream content;
  if (file.empty() || file == "-") {
    content << std::cin.rdbuf();
    return content.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  content << in.rdbuf();
  return content.str();
}

int run_decode(Context& context, const DecodeOptions& options) {
  if (options.list) return list_protocols(context);
  if (options.protocol.empty()) {
    return usage_error(context, "--protocol is required (see `kuaijian decode --list`)",
                       "需要 --protocol（见 `kuaijian decode --list`）");
  }
  protocols::CodecOptions codec_options;
  for (const auto& option : options.options) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0) {
      return usage_error(context, "--option expects KEY=VALUE, got \"" + option + "\"",
                         "--option 应为 KEY=VALUE，实际为“" + option + "”");
    }
    codec_options[option.substr(0, eq)] = option.substr(eq + 1);
  }
  auto decoder = protocols::make_decoder(options.protocol, codec_options);
  if (!decoder) return usage_error(context, decoder.error().detail.en, decoder.error().detail.zh);

  std::vector<std::uint8_t> input;
  const std::string name = options.file.empty() ? "-" : options.file;
  if (options.capture) {
    auto capture = drivers::read_capture(options.file);
    if (!capture) return usage_error(context, capture.error().detail.en, capture.error().detail.zh);
    input = drivers::received_bytes(*capture);
  } else {
    const auto text = read_input(options.file);
    if (!text) return usage_error(context, "cannot read " + name, "无法读取 " + name);
    if (options.hex) {
      auto parsed = protocols::parse_hex_text(*text);
      if (const auto* bad = std::get_if<protocols::HexTextError>(&parsed)) {
        return usage_error(context,
                           fmt::format("{}: not hex text: character {} at offset {}", name, bad->found, bad->offset),
                           fmt::format("{}：不是十六进制文本：位置 {} 处的字符 {}", name, bad->offset, bad->found));
      }
      input = std::move(std::get<std::vector<std::uint8_t>>(parsed));
    } else {
      input.assign(text->begin(), text->end());
    }
  }

  bool rejected = false;
  const auto drain = [&] {
    while (auto event = (*decoder)->next()) {
      if (const auto* observation = std::get_if<protocols::Observation>(&*event)) {
        context.out << protocols::to_json(*observation) << '\n';
      } else {
        context.err << protocols::to_json(std::get<protocols::DecodeError>(*event)) << '\n';
        rejected = true;
      }
    }
  };
  constexpr std::size_t kChunk = 64 * 1024;
  for (std::size_t at = 0; at < input.size(); at += kChunk) {
    (*decoder)->feed(std::span(input).subspan(at, std::min(kChunk, input.size() - at)));
    drain();
  }
  (*decoder)->finish();
  drain();
  context.out.flush();
  return rejected ? exit_code::rejected_frames : exit_code::ok;
}

}  // namespace

void register_decode(CLI::App& app, Context& context) {
  auto options = std::make_shared<DecodeOptions>();
  auto* decode = app.add_subcommand("decode", context.t("Decode a device capture into observations (JSON Lines)",
                                                        "将设备抓包解码为检测数据（JSON Lines）"));
  decode->add_option("--protocol,-p", options->protocol, context.t("Protocol, see --list", "协议，见 --list"));
  decode->add_flag("--hex", options->hex,
                   context.t("Input is hex text (# comments allowed)", "输入为十六进制文本（可含 # 注释）"));
  decode->add_flag("--capture", options->capture,
                   context.t("Input is a kuaijian capture file (device-sent bytes are decoded)",
                             "输入为 kuaijian 抓包文件（解码设备发出的字节）"));
  decode->add_option("--option,-o", options->options,
                     context.t("Codec option KEY=VALUE (repeatable)", "协议选项 KEY=VALUE（可重复）"));
  decode->add_flag("--list", options->list, context.t("List the protocols", "列出支持的协议"));
  decode->add_option("FILE", options->file,
                     context.t("Input file (default: standard input)", "输入文件（默认：标准输入）"));
  decode->callback([&context, options] { context.exit_code = run_decode(context, *options); });
}

}  // namespace kj::cli
