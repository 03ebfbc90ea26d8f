// What the drivers need to know to talk to one device: its name, protocol, transport and codec
// options. ui-cli converts lims::config::Device into this (drivers never link lims), or builds
// one from the `device listen --protocol …` flags.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "drivers/serial/serial_settings.hpp"
#include "drivers/tcp/tcp_endpoint.hpp"
#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

struct SerialLink {
  std::string path;
  SerialSettings settings;
};
// We dial the device (ASTM over TCP, DY-6260).
struct TcpConnect {
  TcpEndpoint peer;
};
// The device dials us (MLLP analyzers); port 0 lets the OS pick one.
struct TcpListen {
  TcpEndpoint local;
};
using Transport = std::variant<SerialLink, TcpConnect, TcpListen>;

// What a polled session asks the device for: the last record, all of them, or one day's.
struct ReadRequest {
  enum class Kind { last, all, date };
  Kind kind = Kind::all;
  std::chrono::year_month_day day{};  // for Kind::date
};
// "last", "all", "date:YYYY-MM-DD"; nothing for anything else.
std::optional<ReadRequest> parse_read_request(std::string_view text);

struct DeviceSpec {
  std::string name;      // as in config/devices.json; "cli" for an ad-hoc listen
  std::string protocol;  // a name protocols::find_protocol knows
  Transport transport;
  protocols::CodecOptions options;
  ReadRequest read;                              // polled protocols only
  std::optional<std::filesystem::path> capture;  // every byte in and out, when set
  // The zone of the instrument's clock (the booth's local time, Asia/Shanghai unless config
  // says otherwise): what "today" is for a read by day, whatever the zone of this computer.
  std::chrono::minutes utc_offset{8 * 60};
};

// "serial /dev/ttyUSB0 9600 8N1", "tcp 10.0.0.5:5100", "tcp listen 0.0.0.0:2575".
std::string describe(const Transport& transport);

}  // namespace kj::drivers
