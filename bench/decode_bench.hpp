// Shared by the vendor codecs' throughput benchmarks: building a stream of frames, and decoding
// it in 4 KiB reads as a driver would, counting bytes/s and observations/s.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::bench {

inline constexpr std::size_t kReadSize = 4096;

inline void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& frame) {
  out.insert(out.end(), frame.begin(), frame.end());
}

inline void run_decode(benchmark::State& state, const std::vector<std::uint8_t>& input,
                       const std::function<std::unique_ptr<protocols::Decoder>()>& make) {
  std::int64_t observations = 0;
  for (auto _ : state) {
    auto decoder = make();
    const std::span<const std::uint8_t> all(input);
    for (std::size_t at = 0; at < all.size(); at += kReadSize) {
      decoder->feed(all.subspan(at, std::min(kReadSize, all.size() - at)));
      while (auto event = decoder->next()) {
        if (std::holds_alternative<protocols::Observation>(*event)) ++observations;
        benchmark::DoNotOptimize(event);
      }
    }
    decoder->finish();
    while (auto event = decoder->next()) benchmark::DoNotOptimize(event);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
  state.counters["observations/s"] = benchmark::Counter(static_cast<double>(observations), benchmark::Counter::kIsRate);
}

}  // namespace kj::bench
