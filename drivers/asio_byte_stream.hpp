// The engine behind every concrete stream: a read loop that hands bytes to the listener and a
// write queue that writes each chunk in full, over an Asio stream object (a POSIX descriptor
// for serial ports, a TCP socket). Concrete streams only open the handle and name it.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"

namespace kj::drivers {

// The state lives in a core that pending handlers share, so the stream object may be destroyed
// at any moment, even from inside a listener callback: late handlers find the core closed.
template <class Socket>
class AsioByteStream : public ByteStream {
 public:
  // Releases the OS handle when the stream closes (drops an exclusive lock, hands the fd back
  // to libserialport); empty means Socket::close().
  using Closer = std::function<void(Socket&)>;

  // A device that does not read (flow control held, peer stalled) must not grow memory forever.
  static constexpr std::size_t kMaxQueuedBytes = std::size_t{1} << 20;

  AsioByteStream(Socket socket, std::string description, Closer closer = {});
  ~AsioByteStream() override;

  void start(StreamListener& listener) override;
  Status write(std::span<const std::uint8_t> bytes) override;
  void close() override;
  [[nodiscard]] std::string description() const override;
  [[nodiscard]] StreamHealth health() const override;

 private:
  struct Core;
  std::shared_ptr<Core> core_;
};

extern template class AsioByteStream<asio::posix::stream_descriptor>;
extern template class AsioByteStream<asio::ip::tcp::socket>;

}  // namespace kj::drivers
