#include "drivers/sessions/astm_session.hpp"

#include <charconv>

#include "drivers/reconnect/reconnecting_stream.hpp"
#include "protocols/registry.hpp"

namespace kj::drivers {

namespace astm = protocols::astm;

namespace {

std::optional<std::uint64_t> parse_count(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<AstmSessionOptions> astm_session_options(const protocols::CodecOptions& options) {
  AstmSessionOptions out;
  protocols::CodecOptions codec;
  for (const auto& [key, value] : options) {
    if (key == "receive_timeout_ms") {
      const auto ms = parse_count(value);
      if (!ms || *ms == 0)
        return make_error(protocols::make_error_code(protocols::Errc::bad_option),
                          "astm option receive_timeout_ms: expected a positive whole number, got '" + value + "'",
                          "astm 选项 receive_timeout_ms：应为正整数，实际为“" + value + "”");
      out.link.receive_timeout = std::chrono::milliseconds(*ms);
    } else {
      codec.emplace(key, value);
    }
  }
  // The decoder is the one judge of its own options.
  auto checked = protocols::make_decoder("astm", codec);
  if (!checked) return checked.error();
  if (auto it = codec.find("max_frame_bytes"); it != codec.end())
    out.link.max_frame_bytes = static_cast<std::size_t>(parse_count(it->second).value_or(out.link.max_frame_bytes));
  if (auto it = codec.find("sample_id_component"); it != codec.end())
    out.mapper.sample_id_component = static_cast<std::size_t>(parse_count(it->second).value_or(0));
  return out;
}

AstmSession::AstmSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers, std::optional<CaptureWriter> capture,
                         std::unique_ptr<StreamOpener> opener, AstmSessionOptions options)
    : StreamSession(io, std::move(spec), std::move(handlers), std::move(capture)),
      opener_(std::move(opener)),
      options_(options),
      receiver_(std::make_unique<astm::LinkReceiver>(options.link)),
      mapper_(options.mapper) {}

void AstmSession::start() {
  if (state_ != SessionState::idle) return;
  attach(std::make_unique<ReconnectingStream>(io_, std::move(opener_), options_.backoff));
}

void AstmSession::on_bytes(std::span<const std::uint8_t> bytes) {
  count_rx(bytes.size());
  receiver_->feed(bytes, astm::Clock::now());
  drain();
}

void AstmSession::on_closed(const Error& reason) {
  // A ReconnectingStream never ends by itself; a plain stream would.
  receiver_->finish();
  drain();
  link_error(reason);
  finish(SessionState::failed);
}

void AstmSession::on_state(const StreamHealth& health) {
  if (health.state != last_state_ && health.state == LinkState::backoff && health.last_error)
    link_error(*health.last_error);
  last_state_ = health.state;
  if (health.state != LinkState::open || health.reconnects <= reconnects_seen_) return;
  reconnects_seen_ = health.reconnects;
  // The old link's half-received frame or message cannot continue on the new one.
  receiver_->finish();
  drain();
  receiver_ = std::make_unique<astm::LinkReceiver>(options_.link);
  mapper_ = astm::ObservationMapper(options_.mapper);
  restart_offsets();
  rearm();
}

void AstmSession::on_timer(SteadyTime now) {
  receiver_->on_timeout(now);
  drain();
}

void AstmSession::drain() {
  while (auto event = receiver_->next()) {
    if (state_ != SessionState::running) return;
    if (const auto* reply = std::get_if<astm::Reply>(&*event)) {
      const std::uint8_t byte = reply->byte;
      send(std::span<const std::uint8_t>(&byte, 1));
    } else if (auto* message = std::get_if<astm::Message>(&*event)) {
      for (std::size_t i = 0; i < message->frames.size(); ++i) frame_ok();
      mapper_.map(*message, decoded_);
      receiver_->recycle(std::move(*message));
      while (auto decoded = decoded_.pop()) emit(*decoded);
    } else if (const auto* error = std::get_if<protocols::DecodeError>(&*event)) {
      emit(*error);
    } else if (std::holds_alternative<astm::LinkEstablished>(*event)) {
      mapper_.start_transfer();
    } else if (std::holds_alternative<astm::MessageLost>(*event)) {
      mapper_.message_lost();
    }
  }
  rearm();
}

void AstmSession::rearm() {
  if (state_ == SessionState::running) arm(receiver_->deadline());
}

}  // namespace kj::drivers
