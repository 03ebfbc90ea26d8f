// The one interface every device transport offers (serial port, TCP connection, and the
// decorators that add reconnection and raw capture): bytes arrive through a listener, bytes
// leave through write(). A device session feeds what arrives into a protocols::Decoder and
// never knows which transport it has.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "drivers/stream_health.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

// Receives what happens on a stream. Called from the io_context, one call at a time. A callback
// may write to the stream, close it, or destroy it.
class StreamListener {
 public:
  virtual ~StreamListener() = default;
  // Bytes received from the device, in wire order, split wherever the OS split them.
  virtual void on_bytes(std::span<const std::uint8_t> bytes) = 0;
  // The stream ended on its own (device unplugged, peer closed, I/O error); nothing follows.
  // Not called after the owner's own close().
  virtual void on_closed(const Error& reason) = 0;
  // The health changed state (opened, failed, backing off, reconnected). For logs; optional.
  virtual void on_state(const StreamHealth& /*health*/) {}
};

class ByteStream {
 public:
  virtual ~ByteStream() = default;  // implementations close the stream
  ByteStream() = default;
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Starts delivering received bytes to `listener`, which must stay alive until the stream is
  // closed or destroyed. Call once.
  virtual void start(StreamListener& listener) = 0;
  // Queues a copy of `bytes`, written in full after everything queued before. An error when the
  // stream is not open (the bytes are not sent) or its write queue is full; a write that fails
  // later ends the stream (on_closed).
  virtual Status write(std::span<const std::uint8_t> bytes) = 0;
  // Stops all I/O at once; the listener hears nothing more. Idempotent.
  virtual void close() = 0;
  // For logs: "serial /dev/ttyUSB0 9600 8N1", "tcp 127.0.0.1:40001 -> 10.0.0.5:5100".
  [[nodiscard]] virtual std::string description() const = 0;
  [[nodiscard]] virtual StreamHealth health() const = 0;
};

using OpenHandler = std::function<void(Result<std::unique_ptr<ByteStream>>)>;

// Knows how to open one transport again and again (a serial path with its settings, a TCP
// host:port), so a ReconnectingStream can reopen it after it vanished.
class StreamOpener {
 public:
  virtual ~StreamOpener() = default;
  // Opens a fresh stream and hands it (or why it failed) to `done`, always from the io_context,
  // never from inside this call. One open at a time.
  virtual void async_open(OpenHandler done) = 0;
  // Abandons an open under way: its `done` is then never called. Harmless when none is.
  virtual void cancel() = 0;
  [[nodiscard]] virtual std::string description() const = 0;
};

}  // namespace kj::drivers
