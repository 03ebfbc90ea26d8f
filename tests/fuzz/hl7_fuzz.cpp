// libFuzzer target for the `hl7` codec. Checks, for any input:
// - decoding it whole and split in two (at a point derived from the data) gives the same events;
// - read as one message, whatever answer it calls for builds an ACK our parser reads back;
// - escaping then unescaping any text gives it back;
// - observations built into an ORU^R01 read back with the same sample, item, value, unit, flags.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/hl7/ack.hpp"
#include "protocols/hl7/encoding_characters.hpp"
#include "protocols/hl7/hl7_decoder.hpp"
#include "protocols/hl7/message.hpp"
#include "protocols/hl7/message_reader.hpp"
#include "protocols/hl7/mllp.hpp"
#include "protocols/hl7/oru_builder.hpp"

namespace {

using namespace kj::protocols;

std::vector<std::string> decode(std::span<const std::uint8_t> input, std::size_t cut) {
  auto decoder = make_hl7_decoder({{"max_message_bytes", "512"}});
  if (!decoder.ok()) __builtin_trap();
  std::vector<std::string> lines;
  const auto drain = [&] {
    while (auto event = (*decoder)->next()) {
      if (const auto* o = std::get_if<Observation>(&*event)) lines.push_back(to_json(*o));
      if (const auto* e = std::get_if<DecodeError>(&*event)) lines.push_back(to_json(*e));
    }
  };
  (*decoder)->feed(input.first(cut));
  drain();
  (*decoder)->feed(input.subspan(cut));
  drain();
  (*decoder)->finish();
  drain();
  return lines;
}

void check_ack(const hl7::Receipt& receipt) {
  if (!receipt.ack) return;
  const std::string ack = hl7::build_ack(receipt.header.value_or(hl7::MessageHeader{}), *receipt.ack,
                                         {"kuaijian", "", "K1", "20240101000000"});
  hl7::Message parsed;
  if (!parsed.parse(ack) || parsed.find("MSA") == nullptr) __builtin_trap();
  const auto* msa = parsed.find("MSA");
  const std::string control_id = receipt.header ? receipt.header->control_id : std::string();
  if (hl7::unescape(parsed.field(*msa, 2), parsed.delimiters()) != control_id) __builtin_trap();
}

void check_round_trip(const std::vector<Observation>& observations) {
  if (observations.empty()) return;
  const std::string message = hl7::build_oru_r01({}, observations);
  const auto block_bytes = hl7::mllp_encode(message);
  const hl7::MllpBlock block{block_bytes, std::span<const std::uint8_t>(block_bytes).subspan(1, message.size()), 0};
  hl7::MessageReader reader;
  const auto back = reader.read(block);
  if (back.error || back.observations.size() != observations.size()) __builtin_trap();
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const auto& a = observations[i];
    const auto& b = back.observations[i];
    if (a.sample_id != b.sample_id || a.sample_name != b.sample_name || a.item_code != b.item_code ||
        a.item_name != b.item_name || a.value != b.value || a.unit != b.unit || a.flags != b.flags ||
        a.verdict != b.verdict || a.measured_at != b.measured_at || a.standard != b.standard) {
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  const std::size_t cut = size == 0 ? 0 : (data[0] * 131U + data[size - 1]) % (size + 1);
  if (decode(input, size) != decode(input, cut)) __builtin_trap();

  const hl7::MllpBlock block{input, input, 0};
  hl7::MessageReader reader;
  const auto receipt = reader.read(block);
  check_ack(receipt);
  check_round_trip(receipt.observations);

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const hl7::Delimiters& d : {hl7::Delimiters{}, hl7::Delimiters{'#', '$', '*', '%', '!'}}) {
    if (hl7::unescape(hl7::escape(text, d), d) != text) __builtin_trap();
  }
  return 0;
}
