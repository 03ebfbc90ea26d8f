// An ASTM E1381/E1394 analyzer on a serial port or a TCP connection we dial: the live link
// receiver answers ENQ/frames with ACK/NAK, its receive timer runs on the session's timer, and
// each complete message becomes observations through the same mapper `kuaijian decode` uses.
// The link reconnects by itself; after a reconnect the receiver starts afresh, and a frame or
// message cut off by the drop is reported as a truncated error, never as an observation.
#pragma once

#include <memory>

#include "drivers/reconnect/backoff.hpp"
#include "drivers/sessions/stream_session.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/observation_mapper.hpp"

namespace kj::drivers {

struct AstmSessionOptions {
  protocols::astm::LinkConfig link;
  protocols::astm::MapperOptions mapper;
  Backoff backoff;
};

class AstmSession final : public StreamSession {
 public:
  // `opener` reopens the link after it dropped (serial path or TCP peer).
  AstmSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers, std::optional<CaptureWriter> capture,
              std::unique_ptr<StreamOpener> opener, AstmSessionOptions options);

  void start() override;

 private:
  void on_bytes(std::span<const std::uint8_t> bytes) override;
  void on_closed(const Error& reason) override;
  void on_state(const StreamHealth& health) override;
  void on_timer(SteadyTime now) override;
  void drain();
  void rearm();

  std::unique_ptr<StreamOpener> opener_;
  AstmSessionOptions options_;
  std::unique_ptr<protocols::astm::LinkReceiver> receiver_;
  protocols::astm::ObservationMapper mapper_;
  protocols::astm::EventQueue<protocols::DecodeEvent> decoded_;
  std::uint32_t reconnects_seen_ = 0;
  LinkState last_state_ = LinkState::closed;
};

// The options an `astm` device may carry (max_frame_bytes, sample_id_component, and the link
// timers receive_timeout_ms), checked as the decoder checks them.
Result<AstmSessionOptions> astm_session_options(const protocols::CodecOptions& options);

}  // namespace kj::drivers
