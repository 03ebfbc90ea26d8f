// Throughput of the `hl7` codec on ORU^R01 messages: the whole decoder (MLLP framing, parsing,
// observations), and the framer and the parser alone. Input: the MLLP blocks of
// $KJ_HL7_BENCH_FILE (default samples/bench/oru_r01.hl7, 120 lab and food-testing messages),
// repeated in memory to at least 4 MiB. scripts/bench-hl7-vs-python compares BM_Hl7Decode's
// messages/s with python3-hl7 on the same file.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocols/hl7/hl7_decoder.hpp"
#include "protocols/hl7/message.hpp"
#include "protocols/hl7/mllp.hpp"

namespace {

using namespace kj::protocols;

constexpr std::size_t kMinInputBytes = std::size_t{4} << 20;
constexpr std::size_t kFeedBytes = 64 * 1024;  // a generous TCP read

struct Input {
  std::vector<std::uint8_t> bytes;    // the file, repeated
  std::vector<std::string> messages;  // each message once, without envelope
  std::size_t messages_in_bytes = 0;
};

const Input& input() {
  static const Input loaded = [] {
    const char* env = std::getenv("KJ_HL7_BENCH_FILE");
    const std::string path = env != nullptr ? env : KJ_SOURCE_DIR "/samples/bench/oru_r01.hl7";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Input result;
    hl7::MllpFramer framer(file.size());
    framer.feed(file);
    framer.finish();
    while (auto event = framer.next()) {
      if (const auto* block = std::get_if<hl7::MllpBlock>(&*event)) result.messages.emplace_back(block->text());
    }
    if (result.messages.empty()) throw std::runtime_error("no MLLP block in " + path);
    while (result.bytes.size() < kMinInputBytes) {
      result.bytes.insert(result.bytes.end(), file.begin(), file.end());
      result.messages_in_bytes += result.messages.size();
    }
    return result;
  }();
  return loaded;
}

void BM_Hl7Decode(benchmark::State& state) {
  const Input& in = input();
  const std::span<const std::uint8_t> all(in.bytes);
  std::size_t observations = 0;
  std::size_t errors = 0;
  for (auto _ : state) {
    auto decoder = make_hl7_decoder({});
    for (std::size_t at = 0; at < all.size(); at += kFeedBytes) {
      (*decoder)->feed(all.subspan(at, std::min(kFeedBytes, all.size() - at)));
      while (auto event = (*decoder)->next()) {
        if (std::holds_alternative<Observation>(*event)) {
          ++observations;
        } else {
          ++errors;
        }
        benchmark::DoNotOptimize(event);
      }
    }
    (*decoder)->finish();
    while (auto event = (*decoder)->next()) ++errors;
  }
  if (errors != 0) state.SkipWithError("the benchmark input has decode errors");
  const auto iterations = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(all.size()));
  state.counters["observations/s"] = benchmark::Counter(static_cast<double>(observations), benchmark::Counter::kIsRate);
  state.counters["messages/s"] =
      benchmark::Counter(iterations * static_cast<double>(in.messages_in_bytes), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Hl7Decode)->Unit(benchmark::kMillisecond);

void BM_MllpFrame(benchmark::State& state) {
  const Input& in = input();
  const std::span<const std::uint8_t> all(in.bytes);
  for (auto _ : state) {
    hl7::MllpFramer framer;
    for (std::size_t at = 0; at < all.size(); at += kFeedBytes) {
      framer.feed(all.subspan(at, std::min(kFeedBytes, all.size() - at)));
      while (auto event = framer.next()) benchmark::DoNotOptimize(event);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(all.size()));
}
BENCHMARK(BM_MllpFrame)->Unit(benchmark::kMillisecond);

void BM_Hl7Parse(benchmark::State& state) {
  const Input& in = input();
  std::size_t bytes = 0;
  for (const auto& message : in.messages) bytes += message.size();
  hl7::Message parsed;
  for (auto _ : state) {
    for (const auto& message : in.messages) {
      const auto status = parsed.parse(message);
      benchmark::DoNotOptimize(status);
      benchmark::DoNotOptimize(parsed.segments().size());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["messages/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(in.messages.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Hl7Parse);

}  // namespace

BENCHMARK_MAIN();
