#include "drivers/capture/capture_format.hpp"

#include <array>
#include <cstdio>

namespace kj::drivers {
namespace {

constexpr std::string_view kMagic = "# kuaijian capture ";
constexpr std::string_view kVersion = "v1";
constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kUpperHexDigits[] = "0123456789ABCDEF";  // for %-escapes, as URLs write them

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool needs_escape(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7f || c == '%' || c == '=';
}

std::string escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (needs_escape(c)) {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kUpperHexDigits[byte >> 4];
      out += kUpperHexDigits[byte & 0x0f];
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> unescape(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 2 >= value.size()) return std::nullopt;
    const int high = hex_value(value[i + 1]);
    const int low = hex_value(value[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Reads `count` decimal digits at `pos`; nothing when any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

CaptureSyntaxError syntax(std::string en, std::string zh) {
  return CaptureSyntaxError{std::move(en), std::move(zh)};
}

}  // namespace

std::string format_capture_header(const CaptureHeader& header) {
  return std::string(kMagic) + std::string(kVersion) + " device=" + escape(header.device) +
         " protocol=" + escape(header.protocol) + "\n";
}

std::string format_capture_time(CaptureTime time) {
  using namespace std::chrono;
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss<microseconds> clock{time - day};
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()), static_cast<long long>(clock.subseconds().count()));
  return text.data();
}

std::string format_capture_line(const CaptureChunk& chunk) {
  std::string line = format_capture_time(chunk.time);
  line += chunk.direction == Direction::rx ? " < " : " > ";
  line.reserve(line.size() + chunk.bytes.size() * 2 + 1);
  for (std::uint8_t byte : chunk.bytes) {
    line += kHexDigits[byte >> 4];
    line += kHexDigits[byte & 0x0f];
  }
  line += '\n';
  return line;
}

std::optional<CaptureTime> parse_capture_time(std::string_view text) {
  // Exactly YYYY-MM-DDTHH:MM:SS.ffffffZ, as the writer prints it.
  if (text.size() != 27 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != '.' || text[26] != 'Z') {
    return std::nullopt;
  }
  const auto year = digits(text, 0, 4);
  const auto month = digits(text, 5, 2);
  const auto day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2);
  const auto minute = digits(text, 14, 2);
  const auto second = digits(text, 17, 2);
  const auto micro = digits(text, 20, 6);
  if (!year || !month || !day || !hour || !minute || !second || !micro) return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  return CaptureTime{sys_days{date}} + hours{*hour} + minutes{*minute} + seconds{*second} + microseconds{*micro};
}

std::variant<CaptureHeader, CaptureSyntaxError> parse_capture_header(std::string_view line) {
  if (!line.starts_with(kMagic)) {
    return syntax("expected the header \"# kuaijian capture v1 device=… protocol=…\"",
                  "应为文件头 \"# kuaijian capture v1 device=… protocol=…\"");
  }
  std::string_view rest = line.substr(kMagic.size());
  const std::string_view version = rest.substr(0, rest.find(' '));
  if (version != kVersion) {
    const std::string v(version);
    return syntax("unsupported capture version \"" + v + "\" (this program reads v1)",
                  "不支持的捕获文件版本 \"" + v + "\"（本程序读取 v1）");
  }
  rest.remove_prefix(version.size());
  CaptureHeader header;
  bool has_device = false;
  bool has_protocol = false;
  while (!rest.empty()) {
    if (rest.front() != ' ') return syntax("expected a space between header fields", "文件头字段之间应有空格");
    rest.remove_prefix(1);
    const std::string_view field = rest.substr(0, rest.find(' '));
    rest.remove_prefix(field.size());
    const std::size_t equals = field.find('=');
    if (equals == std::string_view::npos) {
      const std::string f(field);
      return syntax("header field \"" + f + "\" is not key=value", "文件头字段 \"" + f + "\" 不是 key=value 形式");
    }
    const std::string_view key = field.substr(0, equals);
    const std::optional<std::string> value = unescape(field.substr(equals + 1));
    if (!value) {
      const std::string f(field);
      return syntax("header field \"" + f + "\" has a bad %-escape", "文件头字段 \"" + f + "\" 的 % 转义无效");
    }
    if (key == "device") {
      header.device = *value;
      has_device = true;
    } else if (key == "protocol") {
      header.protocol = *value;
      has_protocol = true;
    }  // other keys: written by a later v1 writer, ignored here
  }
  if (!has_device || !has_protocol) {
    return syntax("the header must name device= and protocol=", "文件头必须包含 device= 和 protocol=");
  }
  return header;
}

std::variant<CaptureChunk, CaptureSyntaxError> parse_capture_line(std::string_view line) {
  const std::size_t first = line.find(' ');
  if (first == std::string_view::npos) {
    return syntax("expected \"<time> <direction> <hex>\"", "应为 \"<时间> <方向> <十六进制>\"");
  }
  CaptureChunk chunk;
  const std::optional<CaptureTime> time = parse_capture_time(line.substr(0, first));
  if (!time) {
    return syntax("bad time \"" + std::string(line.substr(0, first)) + "\", expected e.g. 2026-11-23T15:10:36.123456Z",
                  "时间 \"" + std::string(line.substr(0, first)) + "\" 无效，应如 2026-11-23T15:10:36.123456Z");
  }
  chunk.time = *time;
  const std::string_view rest = line.substr(first + 1);
  if (rest.size() < 2 || (rest[0] != '<' && rest[0] != '>') || rest[1] != ' ') {
    return syntax("expected '<' (received) or '>' (sent) after the time", "时间之后应为 '<'（接收）或 '>'（发送）");
  }
  chunk.direction = rest[0] == '<' ? Direction::rx : Direction::tx;
  const std::string_view hex = rest.substr(2);
  if (hex.empty() || hex.size() % 2 != 0) {
    return syntax("expected an even, non-zero number of hex digits", "十六进制数字的个数应为非零偶数");
  }
  chunk.bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) {
      const std::string column = std::to_string(first + 4 + i + (high < 0 ? 0 : 1));
      return syntax("not a hex digit at column " + column, "第 " + column + " 列不是十六进制数字");
    }
    chunk.bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return chunk;
}

}  // namespace kj::drivers
