// libFuzzer target for the `astm` decoder: any bytes, decoded whole and split in two at a point
// taken from the data, must give the same events. The live receiver is fed the same bytes with
// time passing, for crashes only.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "protocols/astm/astm_decoder.hpp"
#include "protocols/astm/link_receiver.hpp"

namespace {

using kj::protocols::DecodeError;
using kj::protocols::DecodeEvent;
using kj::protocols::Observation;

// Observation's operator== is unusable (DeviceIdentity has none): compare the JSON and offset.
std::vector<std::string> run(std::span<const std::uint8_t> data, std::size_t cut) {
  auto decoder = std::move(kj::protocols::make_astm_decoder({{"max_frame_bytes", "512"}})).value();
  std::vector<std::string> events;
  const auto drain = [&] {
    while (auto event = decoder->next()) {
      if (const auto* o = std::get_if<Observation>(&*event)) {
        events.push_back(kj::protocols::to_json(*o) + "@" + std::to_string(o->offset));
      } else {
        const auto& e = std::get<DecodeError>(*event);
        events.push_back(kj::protocols::to_json(e) + std::to_string(static_cast<int>(e.code)));
      }
    }
  };
  decoder->feed(data.first(cut));
  drain();
  decoder->feed(data.subspan(cut));
  drain();
  decoder->finish();
  drain();
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  std::size_t cut = 0;
  for (std::size_t i = 0; i < size && i < 4; ++i) cut = cut * 31 + data[i];
  cut = size == 0 ? 0 : cut % (size + 1);
  if (run(input, size) != run(input, cut)) __builtin_trap();

  kj::protocols::astm::LinkConfig config;
  config.max_frame_bytes = 256;
  kj::protocols::astm::LinkReceiver live(config);
  auto now = kj::protocols::astm::TimePoint{};
  for (std::size_t at = 0; at < size; at += 7) {
    live.feed(input.subspan(at, std::min<std::size_t>(7, size - at)), now);
    now += std::chrono::seconds(data[at] % 40);
    if (data[at] % 5 == 0) live.request_interrupt();
    if (live.deadline() && data[at] % 3 == 0) live.on_timeout(now);
    while (live.next()) {
    }
  }
  live.finish();
  while (live.next()) {
  }
  return 0;
}
