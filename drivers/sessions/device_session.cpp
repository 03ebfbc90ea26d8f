#include "drivers/sessions/device_session.hpp"

#include "drivers/sessions/astm_session.hpp"
#include "drivers/sessions/dy3000_poller.hpp"
#include "drivers/sessions/dy6260_poller.hpp"
#include "drivers/sessions/dyrs2_poller.hpp"
#include "drivers/sessions/lz4000t_poller.hpp"
#include "drivers/sessions/mllp_session.hpp"
#include "drivers/sessions/polled_session.hpp"
#include "drivers/sessions/tl310_poller.hpp"
#include "drivers/sessions/ty16_poller.hpp"
#include "drivers/sessions/tyz24_poller.hpp"
#include "protocols/registry.hpp"

namespace kj::drivers {

namespace {

Error bad(const std::string& en, const std::string& zh) {
  return make_error(protocols::make_error_code(protocols::Errc::bad_option), en, zh);
}

bool dials(const Transport& transport) {
  return !std::holds_alternative<TcpListen>(transport);
}

// The instrument's date: its clock keeps the booth's local time (spec.utc_offset).
std::chrono::year_month_day local_today(std::chrono::minutes utc_offset) {
  const auto local = std::chrono::system_clock::now() + utc_offset;
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local)};
}

// The read sequence of a polled (or, for TYZ24, push-after-request) vendor protocol.
std::unique_ptr<Poller> make_poller(const DeviceSpec& spec, std::unique_ptr<protocols::Decoder> decoder) {
  const std::string& protocol = spec.protocol;
  if (protocol == "tl310") return std::make_unique<Tl310Poller>(spec.read, std::move(decoder));
  if (protocol == "lz4000t")
    return std::make_unique<Lz4000tPoller>(spec.read, local_today(spec.utc_offset), std::move(decoder));
  if (protocol == "ty16") return std::make_unique<Ty16Poller>(spec.read, std::move(decoder));
  if (protocol == "tyz24") return std::make_unique<Tyz24Poller>(spec.read, std::move(decoder));
  if (protocol == "dy3000") return std::make_unique<Dy3000Poller>(spec.read, std::move(decoder));
  if (protocol == "dy6260") return std::make_unique<Dy6260Poller>(std::move(decoder));
  if (protocol == "dyrs2") return std::make_unique<Dyrs2Poller>(spec.read, std::move(decoder));
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<DeviceSession>> make_session(IoContext& io, const DeviceSpec& spec, SessionHandlers handlers) {
  const std::string& protocol = spec.protocol;
  if (protocol == "hl7") {
    if (!spec.options.empty()) return bad("hl7 sessions take no option", "hl7 会话没有可设置的选项");
    auto session = MllpSession::listen(io, spec, std::move(handlers));
    if (!session) return session.error();
    return std::unique_ptr<DeviceSession>(std::move(*session));
  }
  if (protocols::find_protocol(protocol) == nullptr)
    return bad("unknown protocol '" + protocol + "'", "未知协议“" + protocol + "”");
  if (!dials(spec.transport))
    return bad(protocol + ": this device is dialled (serial or tcp HOST:PORT), it does not dial us",
               protocol + "：此设备需由本机连接（串口或 tcp 主机:端口），不会主动连接本机");

  if (protocol == "astm") {
    auto options = astm_session_options(spec.options);
    if (!options) return options.error();
    auto capture = open_capture(spec);
    if (!capture) return capture.error();
    return std::unique_ptr<DeviceSession>(std::make_unique<AstmSession>(
        io, spec, std::move(handlers), std::move(*capture), make_opener(io, spec), *options));
  }

  auto decoder = protocols::make_decoder(protocol, spec.options);
  if (!decoder) return decoder.error();
  auto poller = make_poller(spec, std::move(*decoder));
  // Every protocol the registry knows has a session; this is a registry entry without one.
  if (!poller) return bad("protocol '" + protocol + "' has no device session", "协议“" + protocol + "”没有设备会话");
  auto capture = open_capture(spec);
  if (!capture) return capture.error();
  return std::unique_ptr<DeviceSession>(std::make_unique<PolledSession>(
      io, spec, std::move(handlers), std::move(*capture), make_opener(io, spec), std::move(poller)));
}

}  // namespace kj::drivers
