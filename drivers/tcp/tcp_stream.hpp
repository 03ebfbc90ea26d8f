// A connected TCP socket as a byte stream, whichever side connected (an analyzer we dial, or
// one that dialled our listener).
#pragma once

#include <memory>
#include <string>

#include "drivers/asio_byte_stream.hpp"

namespace kj::drivers {

class TcpStream final : public AsioByteStream<asio::ip::tcp::socket> {
 public:
  // Turns off Nagle (link-layer ACKs are single bytes that must leave at once) and turns on
  // keepalive probes, so a device that vanished without closing (cable pulled, power cut) ends
  // the stream within about a minute instead of the system default of two hours.
  static std::unique_ptr<ByteStream> make(asio::ip::tcp::socket socket);

 private:
  TcpStream(asio::ip::tcp::socket socket, std::string description);
};

}  // namespace kj::drivers
