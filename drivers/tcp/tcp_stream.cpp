#include "drivers/tcp/tcp_stream.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <sstream>
#include <string>

namespace kj::drivers {
namespace {

void tune(asio::ip::tcp::socket& socket) {
  IoError ignored;  // a socket that refuses an option still works, only less well
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  socket.set_option(asio::socket_base::keep_alive(true), ignored);
  const int idle_seconds = 30;
  const int interval_seconds = 10;
  const int probes = 3;
  const int fd = socket.native_handle();
  ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_seconds, sizeof idle_seconds);
  ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_seconds, sizeof interval_seconds);
  ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
}

std::string describe(const asio::ip::tcp::socket& socket) {
  IoError error;
  std::ostringstream text;
  text << "tcp ";
  const auto local = socket.local_endpoint(error);
  if (error) {
    text << "?";
  } else {
    text << local;
  }
  text << " -> ";
  const auto remote = socket.remote_endpoint(error);
  if (error) {
    text << "?";
  } else {
    text << remote;
  }
  return text.str();
}

}  // namespace

TcpStream::TcpStream(asio::ip::tcp::socket socket, std::string description)
    : AsioByteStream(std::move(socket), std::move(description)) {}

std::unique_ptr<ByteStream> TcpStream::make(asio::ip::tcp::socket socket) {
  tune(socket);
  std::string description = describe(socket);
  return std::unique_ptr<ByteStream>(new TcpStream(std::move(socket), std::move(description)));
}

}  // namespace kj::drivers
