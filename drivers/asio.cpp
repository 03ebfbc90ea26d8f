#include "drivers/asio.hpp"

#include "drivers/os_error.hpp"

namespace kj::drivers {

Text io_error_text(const IoError& error) {
  if (error == asio::error::eof) return Text{"the other end closed the connection", "对端关闭了连接"};
  if (error == asio::error::operation_aborted) return Text{"the operation was cancelled", "操作已取消"};
  if (error.category() == boost::system::system_category() || error.category() == boost::system::generic_category()) {
    return errno_text(error.value());
  }
  // Resolver (netdb, addrinfo) and misc errors: Asio's own English text serves both languages.
  return Text{error.message(), error.message()};
}

}  // namespace kj::drivers
