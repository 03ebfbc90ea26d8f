#include "protocols/hl7/hl7_decoder.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "protocols/hl7/message_reader.hpp"
#include "protocols/hl7/mllp.hpp"

namespace kj::protocols {
namespace hl7 {
namespace {

constexpr std::size_t kMinMessageBytes = 64;
constexpr std::size_t kMaxMessageBytes = std::size_t{1} << 28;

class Hl7Decoder final : public Decoder {
 public:
  explicit Hl7Decoder(std::size_t max_message_bytes) : framer_(max_message_bytes) {}

  void feed(std::span<const std::uint8_t> bytes) override { framer_.feed(bytes); }
  void finish() override { framer_.finish(); }

  std::optional<DecodeEvent> next() override {
    for (;;) {
      if (next_ready_ < ready_.size()) {
        // Built in place: an Observation is large, and each move of it shows in the benchmark.
        return std::optional<DecodeEvent>(std::in_place, std::in_place_type<Observation>,
                                          std::move(ready_[next_ready_++]));
      }
      ready_.clear();
      next_ready_ = 0;
      auto event = framer_.next();
      if (!event) return std::nullopt;
      if (auto* error = std::get_if<DecodeError>(&*event)) return DecodeEvent(std::move(*error));
      Receipt receipt = reader_.read(std::get<MllpBlock>(*event));
      if (receipt.error) return DecodeEvent(std::move(*receipt.error));
      ready_ = std::move(receipt.observations);
    }
  }

 private:
  MllpFramer framer_;
  MessageReader reader_;
  std::vector<Observation> ready_;
  std::size_t next_ready_ = 0;
};

}  // namespace
}  // namespace hl7

kj::Result<std::unique_ptr<Decoder>> make_hl7_decoder(const CodecOptions& options) {
  std::size_t max_message_bytes = hl7::kDefaultMaxMessageBytes;
  for (const auto& [key, value] : options) {
    if (key != "max_message_bytes") {
      return kj::make_error(make_error_code(Errc::bad_option), "unknown hl7 option '" + key + "'",
                            "hl7 协议没有选项 '" + key + "'");
    }
    std::size_t parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc{} || end != value.data() + value.size() || parsed < hl7::kMinMessageBytes ||
        parsed > hl7::kMaxMessageBytes) {
      return kj::make_error(make_error_code(Errc::bad_option),
                            "hl7 option max_message_bytes must be a whole number from " +
                                std::to_string(hl7::kMinMessageBytes) + " to " + std::to_string(hl7::kMaxMessageBytes) +
                                ", got '" + value + "'",
                            "hl7 选项 max_message_bytes 必须是 " + std::to_string(hl7::kMinMessageBytes) + " 到 " +
                                std::to_string(hl7::kMaxMessageBytes) + " 之间的整数，收到 '" + value + "'");
    }
    max_message_bytes = parsed;
  }
  return std::unique_ptr<Decoder>(std::make_unique<hl7::Hl7Decoder>(max_message_bytes));
}

}  // namespace kj::protocols
