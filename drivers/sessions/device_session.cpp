#include "drivers/sessions/device_session.hpp"

#include "drivers/sessions/astm_session.hpp"
#include "drivers/sessions/dy6260_poller.hpp"
#include "drivers/sessions/mllp_session.hpp"
#include "drivers/sessions/polled_session.hpp"
#include "drivers/sessions/tl310_poller.hpp"
#include "protocols/registry.hpp"

namespace kj::drivers {

namespace {

Error bad(const std::string& en, const std::string& zh) {
  return make_error(protocols::make_error_code(protocols::Errc::bad_option), en, zh);
}

bool dials(const Transport& transport) {
  return !std::holds_alternative<TcpListen>(transport);
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
  std::unique_ptr<Poller> poller;
  if (protocol == "tl310") {
    poller = std::make_unique<Tl310Poller>(spec.read, std::move(*decoder));
  } else if (protocol == "dy6260") {
    poller = std::make_unique<Dy6260Poller>(std::move(*decoder));
  } else {
    return bad("no device session for protocol '" + protocol + "' yet (kuaijian decode reads its captures)",
               "协议“" + protocol + "”暂无设备会话（kuaijian decode 可读取其抓包）");
  }
  auto capture = open_capture(spec);
  if (!capture) return capture.error();
  return std::unique_ptr<DeviceSession>(std::make_unique<PolledSession>(
      io, spec, std::move(handlers), std::move(*capture), make_opener(io, spec), std::move(poller)));
}

}  // namespace kj::drivers
