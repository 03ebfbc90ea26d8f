#include "drivers/serial/serial_libserialport_stream.hpp"

#include <libserialport.h>

#include <cerrno>

#include "drivers/os_error.hpp"
#include "drivers/serial/port_access.hpp"

namespace kj::drivers {
namespace {

struct PortDeleter {
  void operator()(sp_port* port) const { sp_free_port(port); }
};
using PortPtr = std::unique_ptr<sp_port, PortDeleter>;

// libserialport keeps the OS error in errno: it must be read at once, before any other call.
Error libserialport_error(const std::string& path, const Text& action, sp_return result) {
  if (result == SP_ERR_FAIL) {
    const int code = sp_last_error_code();
    char* message = sp_last_error_message();
    const std::string text = message != nullptr ? message : "";
    sp_free_error_message(message);
    Error error = serial_port_error(path, action, code);
    if (error.code == make_error_code(Errc::port_failed) && !text.empty()) {
      error =
          make_os_error(Errc::port_failed,
                        Text{"serial port " + path + ": cannot " + action.en, "串口 " + path + "：无法" + action.zh},
                        Text{text, errno_text(code).zh});
    }
    return error;
  }
  const char* what = result == SP_ERR_ARG    ? "invalid argument"
                     : result == SP_ERR_SUPP ? "not supported"
                                             : "out of memory";
  const char* zh = result == SP_ERR_ARG ? "参数无效" : result == SP_ERR_SUPP ? "不支持" : "内存不足";
  const Errc code = (result == SP_ERR_ARG || result == SP_ERR_SUPP) ? Errc::bad_settings : Errc::port_failed;
  return make_os_error(code,
                       Text{"serial port " + path + ": cannot " + action.en, "串口 " + path + "：无法" + action.zh},
                       Text{what, zh});
}

sp_parity to_sp(Parity parity) {
  switch (parity) {
    case Parity::none: return SP_PARITY_NONE;
    case Parity::odd: return SP_PARITY_ODD;
    case Parity::even: return SP_PARITY_EVEN;
    case Parity::mark: return SP_PARITY_MARK;
    case Parity::space: return SP_PARITY_SPACE;
  }
  return SP_PARITY_NONE;
}

sp_flowcontrol to_sp(FlowControl flow_control) {
  switch (flow_control) {
    case FlowControl::none: return SP_FLOWCONTROL_NONE;
    case FlowControl::rts_cts: return SP_FLOWCONTROL_RTSCTS;
    case FlowControl::xon_xoff: return SP_FLOWCONTROL_XONXOFF;
  }
  return SP_FLOWCONTROL_NONE;
}

Status configure(sp_port* port, const std::string& path, const SerialSettings& settings) {
  const Text action{"set " + to_string(settings), "设置参数 " + to_string(settings)};
  sp_return result = sp_set_baudrate(port, static_cast<int>(settings.baud));
  if (result == SP_OK) result = sp_set_bits(port, static_cast<int>(settings.data_bits));
  if (result == SP_OK) result = sp_set_parity(port, to_sp(settings.parity));
  if (result == SP_OK) result = sp_set_stopbits(port, static_cast<int>(settings.stop_bits));
  if (result == SP_OK) result = sp_set_flowcontrol(port, to_sp(settings.flow_control));
  if (result != SP_OK) return libserialport_error(path, action, result);
  return {};
}

}  // namespace

bool libserialport_knows(const std::string& path) {
  sp_port* raw = nullptr;
  const bool known = sp_get_port_by_name(path.c_str(), &raw) == SP_OK;
  PortPtr port(raw);
  return known;
}

SerialLibserialportStream::SerialLibserialportStream(asio::posix::stream_descriptor descriptor, std::string description,
                                                     Closer closer)
    : AsioByteStream(std::move(descriptor), std::move(description), std::move(closer)) {}

Result<std::unique_ptr<ByteStream>> SerialLibserialportStream::open(IoContext& io, const std::string& path,
                                                                    const SerialSettings& settings) {
  if (Status checked = check_serial_settings(path, settings); !checked) return checked.error();
  const Text open_action{"open", "打开"};
  sp_port* raw = nullptr;
  if (sp_get_port_by_name(path.c_str(), &raw) != SP_OK) {
    PortPtr discard(raw);
    return serial_port_error(path, open_action, ENOENT);
  }
  // Shared so the closer (which outlives this call inside the stream) can close and free it.
  std::shared_ptr<sp_port> port(raw, PortDeleter{});
  if (const sp_return opened = sp_open(port.get(), SP_MODE_READ_WRITE); opened != SP_OK) {
    return libserialport_error(path, open_action, opened);
  }
  int fd = -1;
  if (const sp_return handle = sp_get_port_handle(port.get(), &fd); handle != SP_OK) {
    Error error = libserialport_error(path, open_action, handle);
    sp_close(port.get());
    return error;
  }
  // libserialport takes no lock of its own: a second sp_open of the same port would succeed.
  if (Status locked = lock_port_exclusively(fd, path); !locked) {
    sp_close(port.get());
    return locked.error();
  }
  if (Status configured = configure(port.get(), path, settings); !configured) {
    unlock_port(fd);
    sp_close(port.get());
    return configured.error();
  }
  asio::posix::stream_descriptor descriptor(io);
  IoError error;
  descriptor.assign(fd, error);
  if (error) {
    unlock_port(fd);
    sp_close(port.get());
    return serial_port_error(path, open_action, error.value());
  }
  // The descriptor belongs to libserialport: take it back from Asio, then let sp_close close it.
  Closer closer = [port](asio::posix::stream_descriptor& d) {
    unlock_port(d.native_handle());
    d.release();
    sp_close(port.get());
  };
  return std::unique_ptr<ByteStream>(new SerialLibserialportStream(
      std::move(descriptor), "serial " + path + " " + to_string(settings), std::move(closer)));
}

}  // namespace kj::drivers
