// The property every codec's fuzz target checks: any bytes decode without crashing, hanging or
// growing without bound (ASan/UBSan and libFuzzer's limits watch that), and the events do not
// depend on how the input is split — whole, in two at a point taken from the data, or byte by byte.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "protocols/registry.hpp"

namespace kj::fuzz {

// Feeds `input` in pieces of `piece` bytes (0: two pieces, cut at `cut`).
inline std::vector<protocols::DecodeEvent> decode_in_pieces(protocols::Decoder& decoder,
                                                            std::span<const std::uint8_t> input, std::size_t cut,
                                                            std::size_t piece) {
  std::vector<protocols::DecodeEvent> events;
  const auto drain = [&] {
    while (auto event = decoder.next()) events.push_back(std::move(*event));
  };
  if (piece == 0) {
    decoder.feed(input.first(cut));
    drain();
    decoder.feed(input.subspan(cut));
    drain();
  } else {
    for (std::size_t at = 0; at < input.size(); at += piece) {
      decoder.feed(input.subspan(at, std::min(piece, input.size() - at)));
      drain();
    }
  }
  decoder.finish();
  drain();
  return events;
}

inline int check_split_invariance(std::string_view protocol, const protocols::CodecOptions& options,
                                  const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  std::size_t cut = 0;
  for (std::size_t i = 0; i < size && i < 4; ++i) cut = cut * 31 + data[i];
  cut = size == 0 ? 0 : cut % (size + 1);
  const auto decode = [&](std::size_t at, std::size_t piece) {
    auto decoder = protocols::make_decoder(protocol, options);
    if (!decoder) __builtin_trap();  // the options of a fuzz target are ours: a bug
    return decode_in_pieces(**decoder, input, at, piece);
  };
  const auto whole = decode(size, 0);
  if (decode(cut, 0) != whole || decode(0, 1) != whole) __builtin_trap();
  return 0;
}

}  // namespace kj::fuzz
