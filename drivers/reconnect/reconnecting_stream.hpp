// A device link that heals itself: when the serial port vanishes (USB adapter unplugged: the
// read fails with EIO/ENXIO) or the TCP peer closes or resets, it waits (capped exponential
// backoff with jitter) and reopens through its StreamOpener, again and again, counting the
// reconnects. To its owner it is one ByteStream that never ends until closed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <string>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"
#include "drivers/reconnect/backoff.hpp"

namespace kj::drivers {

class ReconnectingStream final : public ByteStream {
 public:
  // Uniform draws in [0, 1) for the jitter; tests inject fixed ones. Empty: a private engine.
  using RandomSource = std::function<double()>;

  ReconnectingStream(IoContext& io, std::unique_ptr<StreamOpener> opener, Backoff backoff = {},
                     RandomSource random = {});
  ~ReconnectingStream() override;

  // Opens the first time; from then on the listener hears bytes from whichever underlying
  // stream is current, and on_state at every change (connecting, open, backoff). on_closed is
  // never called: the stream retries until its owner closes it. The rx stream simply goes on
  // after a reconnect; a session whose protocol cannot resume mid-frame should restart its
  // decoder when on_state reports open with a higher reconnect count.
  void start(StreamListener& listener) override;
  // Written on the current stream; disconnected while the link is down (nothing is queued for
  // later: a link-layer reply must not reach the device after it reconnected).
  Status write(std::span<const std::uint8_t> bytes) override;
  void close() override;
  [[nodiscard]] std::string description() const override;
  [[nodiscard]] StreamHealth health() const override;

 private:
  class Forwarder final : public StreamListener {
   public:
    explicit Forwarder(ReconnectingStream& owner) : owner_(owner) {}
    void on_bytes(std::span<const std::uint8_t> bytes) override;
    void on_closed(const Error& reason) override;

   private:
    ReconnectingStream& owner_;
  };

  void open_next();
  void on_opened(Result<std::unique_ptr<ByteStream>> opened);
  void on_dropped(const Error& reason);
  void schedule_retry();
  void retire_current();
  bool notify();  // false when the listener closed or destroyed this stream meanwhile
  double draw();

  IoContext& io_;
  std::unique_ptr<StreamOpener> opener_;
  Backoff backoff_;
  RandomSource random_;
  std::minstd_rand engine_;
  asio::steady_timer timer_;
  Forwarder forwarder_{*this};
  StreamListener* listener_ = nullptr;
  std::unique_ptr<ByteStream> current_;
  StreamHealth health_;
  std::uint64_t bytes_out_before_ = 0;  // written by streams already retired
  unsigned failures_ = 0;               // consecutive failures: opens that failed, links that dropped without working
  std::chrono::steady_clock::time_point opened_at_;
  bool heard_since_open_ = false;
  bool ever_opened_ = false;
  bool closed_ = false;
  // Handlers hold a weak reference: a timer or open that completes after destruction is ignored.
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace kj::drivers
