// Decode throughput of the `astm` capture decoder on a realistic stream: transfers of one sample
// each (H, P, O, 8 R records, L), the usual analyzer way of one record per frame, and the same
// text cut into 240-byte frames the way a compliant sender writes it.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "protocols/astm/astm_decoder.hpp"
#include "protocols/astm/frame.hpp"

namespace {

std::vector<std::uint8_t> make_stream(kj::protocols::astm::FrameSplit split, std::size_t at_least) {
  static const char* const kItems[] = {"OPC^有机磷和氨基甲酸酯类", "WBC", "RBC", "HGB", "GLU", "ALT", "AST", "TBIL"};
  std::vector<std::uint8_t> out;
  for (int sample = 0; out.size() < at_least; ++sample) {
    std::string text = "H|\\^&|||FS-8800^V1.2^FS88000123|||||||P|LIS2-A2|20240515093000\r";
    text += "P|1|A-" + std::to_string(sample % 40) + "|||张记蔬菜\r";
    text += "O|1|2024051" + std::to_string(100000 + sample) + "||^^^OPC|R|20240515091500|||||N||||菠菜\r";
    for (int r = 0; r < 8; ++r) {
      text += "R|" + std::to_string(r + 1) + "|^^^" + kItems[r] + "|" + std::to_string(10 + (sample * 7 + r) % 80) +
              "." + std::to_string(r) + "|%|<50|" + (r % 3 == 0 ? "H\\A" : "N") + "||F||李四||20240515093" +
              std::to_string(r) + "00|FS88000123\r";
    }
    text += "L|1|N\r";
    out.push_back(0x05);
    for (const auto& frame : kj::protocols::astm::encode_frames(text, split))
      out.insert(out.end(), frame.begin(), frame.end());
    out.push_back(0x04);
  }
  return out;
}

void decode(benchmark::State& state, kj::protocols::astm::FrameSplit split) {
  const auto input = make_stream(split, 4 * 1024 * 1024);
  std::int64_t observations = 0;
  for (auto _ : state) {
    auto decoder = std::move(kj::protocols::make_astm_decoder({})).value();
    // Reads of 4 KiB, as a driver would hand them over.
    for (std::size_t at = 0; at < input.size(); at += 4096) {
      decoder->feed(std::span(input).subspan(at, std::min<std::size_t>(4096, input.size() - at)));
      while (auto event = decoder->next()) {
        benchmark::DoNotOptimize(event);
        ++observations;
      }
    }
    decoder->finish();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(input.size()));
  state.counters["observations/s"] = benchmark::Counter(static_cast<double>(observations), benchmark::Counter::kIsRate);
}

void BM_AstmDecodeRecordPerFrame(benchmark::State& state) {
  decode(state, kj::protocols::astm::FrameSplit::per_record);
}
void BM_AstmDecode240ByteFrames(benchmark::State& state) {
  decode(state, kj::protocols::astm::FrameSplit::per_message);
}

}  // namespace

BENCHMARK(BM_AstmDecodeRecordPerFrame)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AstmDecode240ByteFrames)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
