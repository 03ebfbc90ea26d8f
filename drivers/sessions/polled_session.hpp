// A host-polled instrument (TL310, DY-6260 …) on a serial port or a TCP connection: opens the
// link once, runs its Poller to the end of the read sequence (requests, per-answer timeout on
// the session's timer, bounded retries), hands on what it decoded, then closes and reports
// done. No reconnect: a read that lost its link is reported and run again by the operator.
#pragma once

#include <memory>

#include "drivers/sessions/poller.hpp"
#include "drivers/sessions/stream_session.hpp"

namespace kj::drivers {

class PolledSession final : public StreamSession {
 public:
  PolledSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers, std::optional<CaptureWriter> capture,
                std::unique_ptr<StreamOpener> opener, std::unique_ptr<Poller> poller);
  ~PolledSession() override;

  void start() override;

 private:
  void on_opened(Result<std::unique_ptr<ByteStream>> opened);
  void on_bytes(std::span<const std::uint8_t> bytes) override;
  void on_closed(const Error& reason) override;
  void on_timer(SteadyTime now) override;
  void pump();

  std::unique_ptr<StreamOpener> opener_;
  std::unique_ptr<Poller> poller_;
  bool failed_ = false;
};

}  // namespace kj::drivers
