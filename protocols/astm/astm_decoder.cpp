#include "protocols/astm/astm_decoder.hpp"

#include <charconv>
#include <string>

#include "protocols/astm/event_queue.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/observation_mapper.hpp"

namespace kj::protocols {
namespace {

using astm::LinkConfig;
using astm::LinkReceiver;
using astm::ObservationMapper;

class AstmDecoder final : public Decoder {
 public:
  AstmDecoder(const LinkConfig& config, const astm::MapperOptions& mapper)
      : receiver_(config, astm::ReceiverMode::passive), mapper_(mapper) {}

  void feed(std::span<const std::uint8_t> bytes) override {
    receiver_.feed(bytes, astm::TimePoint{});
    drain();
  }

  std::optional<DecodeEvent> next() override { return out_.pop(); }

  void finish() override {
    receiver_.finish();
    drain();
  }

 private:
  void drain() {
    while (auto event = receiver_.next()) {
      if (auto* message = std::get_if<astm::Message>(&*event)) {
        mapper_.map(*message, out_);
        receiver_.recycle(std::move(*message));
      } else if (auto* error = std::get_if<DecodeError>(&*event)) {
        out_.push(std::move(*error));
      } else if (std::holds_alternative<astm::LinkEstablished>(*event)) {
        mapper_.start_transfer();
      } else if (std::holds_alternative<astm::MessageLost>(*event)) {
        mapper_.message_lost();
      }
    }
  }

  LinkReceiver receiver_;
  ObservationMapper mapper_;
  astm::EventQueue<DecodeEvent> out_;
};

std::optional<std::size_t> parse_size(const std::string& text, std::size_t low, std::size_t high) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
  return value;
}

kj::Error bad_option(const std::string& en, const std::string& zh) {
  return kj::make_error(make_error_code(Errc::bad_option), en, zh);
}

}  // namespace

kj::Result<std::unique_ptr<Decoder>> make_astm_decoder(const CodecOptions& options) {
  LinkConfig config;
  astm::MapperOptions mapper;
  for (const auto& [key, value] : options) {
    if (key == "max_frame_bytes") {
      const auto size = parse_size(value, 16, 16 * 1024 * 1024);
      if (!size) {
        return bad_option(
            "astm option max_frame_bytes: expected a whole number from 16 to 16777216, got '" + value + "'",
            "astm 选项 max_frame_bytes：应为 16 到 16777216 之间的整数，实际为“" + value + "”");
      }
      config.max_frame_bytes = *size;
    } else if (key == "sample_id_component") {
      const auto index = parse_size(value, 0, 32);
      if (!index) {
        return bad_option("astm option sample_id_component: expected a whole number from 0 to 32, got '" + value + "'",
                          "astm 选项 sample_id_component：应为 0 到 32 之间的整数，实际为“" + value + "”");
      }
      mapper.sample_id_component = *index;
    } else {
      return bad_option("astm: unknown option '" + key + "' (known: max_frame_bytes, sample_id_component)",
                        "astm：未知选项“" + key + "”（可用：max_frame_bytes、sample_id_component）");
    }
  }
  return std::unique_ptr<Decoder>(std::make_unique<AstmDecoder>(config, mapper));
}

}  // namespace kj::protocols
