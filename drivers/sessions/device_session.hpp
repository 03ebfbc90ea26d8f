// A device session runs one device's protocol against its byte stream on the io_context: bytes
// in → codec → observations and errors out to the caller's handlers; replies, requests and
// acknowledgements back to the device; time from one steady_timer. make_session picks the kind
// (ASTM receiver, MLLP listener, polled vendor protocol) from the spec's protocol.
//
//   auto session = make_session(io, spec, {on_observation, on_error, on_done});
//   (*session)->start();  io.run();   // on_done once a polled read sequence has ended
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "drivers/asio.hpp"
#include "drivers/sessions/device_spec.hpp"
#include "drivers/stream_health.hpp"
#include "protocols/decoder.hpp"
#include "protocols/observation.hpp"

namespace kj::drivers {

// Where an observation's bytes lie: in the device's capture file (when capturing) at
// rx offset `offset` for `size` bytes; without a capture the offset counts the bytes the
// session received.
struct RawRef {
  std::string device;
  std::optional<std::filesystem::path> capture;
  std::uint64_t offset = 0;
  std::size_t size = 0;
};

// A rejected frame (decode) or a link problem (timeout, port vanished, peer reset). Never an
// observation.
struct SessionError {
  std::string device;
  std::optional<protocols::DecodeError> decode;
  std::optional<Error> link;
};

struct SessionHandlers {
  std::function<void(const protocols::Observation&, const RawRef&)> on_observation;
  std::function<void(const SessionError&)> on_error;
  std::function<void()> on_done;  // a polled sequence ended (or the session gave up); optional
};

enum class SessionState { idle, running, done, failed };
std::string_view to_string(SessionState state);

struct DeviceHealth {
  std::string name;
  std::string protocol;
  std::string transport;  // describe(spec.transport)
  SessionState state = SessionState::idle;
  StreamHealth link;
  std::optional<std::chrono::system_clock::time_point> last_frame;
  std::uint64_t frames_ok = 0;
  std::uint64_t frames_rejected = 0;
  std::uint64_t observations = 0;
  std::uint32_t reconnects = 0;
  std::optional<Error> last_error;
};

class DeviceSession {
 public:
  virtual ~DeviceSession() = default;
  DeviceSession() = default;
  DeviceSession(const DeviceSession&) = delete;
  DeviceSession& operator=(const DeviceSession&) = delete;

  // Opens the transport and starts; errors (port missing…) arrive through on_error and the
  // state, except those make_session can see at once.
  virtual void start() = 0;
  // Closes everything; no handler is called afterwards. Idempotent.
  virtual void stop() = 0;
  [[nodiscard]] virtual DeviceHealth health() const = 0;
  // The port a listening session (MLLP) is bound to; nothing for the others.
  [[nodiscard]] virtual std::optional<std::uint16_t> listening_port() const { return std::nullopt; }
};

// The session for `spec.protocol`: astm (serial, TCP connect), hl7 (TCP listen), and the
// host-polled vendor protocols tl310, lz4000t, ty16, tyz24, dy3000, dy6260, dyrs2. bad_option for an unknown protocol,
// a transport the protocol cannot use, or bad codec options; capture_unwritable when the capture file cannot be opened.
Result<std::unique_ptr<DeviceSession>> make_session(IoContext& io, const DeviceSpec& spec, SessionHandlers handlers);

}  // namespace kj::drivers
