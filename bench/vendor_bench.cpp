// Decode throughput of the vendor photometer/meter codecs (TL310, LZ4000T, DY-3000, DYRS2):
// each decodes a realistic stream of at least 1 MB built from many frames of its own encoders,
// fed in 4 KiB reads as a serial driver would.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "bench/decode_bench.hpp"
#include "protocols/dy3000/dy3000_decoder.hpp"
#include "protocols/dy3000/dy3000_frame.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"
#include "protocols/dyrs2/dyrs2_decoder.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"
#include "protocols/lz4000t/lz4000t_decoder.hpp"
#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "protocols/tl310/tl310_decoder.hpp"
#include "protocols/tl310/tl310_messages.hpp"

namespace {

using namespace kj::protocols;
using kj::bench::append;
using kj::bench::run_decode;

constexpr std::size_t kTargetBytes = 1 << 20;
DeviceTime time_of(std::size_t i) {
  return DeviceTime{2018,
                    1 + static_cast<int>(i % 12),
                    1 + static_cast<int>(i % 28),
                    static_cast<int>(i % 24),
                    static_cast<int>(i % 60),
                    static_cast<int>(i % 30) * 2};
}

std::vector<std::uint8_t> tl310_stream() {
  std::vector<std::uint8_t> out = tl310::encode_comm_answer({});
  for (std::size_t i = 0; out.size() < kTargetBytes; ++i) {
    tl310::Record r;
    r.total = 0xFFFF;
    r.index = static_cast<std::uint16_t>(i);
    r.channel = static_cast<std::uint8_t>(1 + i % 12);
    r.standard = static_cast<std::uint8_t>(i % 2);
    r.measured_at = time_of(i);
    r.test_number = static_cast<std::uint16_t>(1 + i % 60000);
    r.inhibition_x10 = static_cast<std::uint16_t>(i % 1000);
    r.verdict = r.inhibition_x10 >= 500 ? 0x01 : 0x02;
    append(out, tl310::encode_record(r));
  }
  return out;
}

std::vector<std::uint8_t> lz4000t_stream() {
  const char* names[] = {"白菜", "黄瓜", "菠菜", "韭菜", "芹菜", "大白菜"};
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; out.size() < kTargetBytes; ++i) {
    lz4000t::Record r;
    r.day_count = 200;
    r.index = static_cast<std::uint16_t>(i);
    r.sample_number = static_cast<std::uint16_t>(i % 10000);
    r.name = lz4000t::encode_name(names[i % 6]).value();
    r.measured_at = time_of(i);
    r.inhibition_x100 = static_cast<std::uint16_t>(i % 10000);
    append(out, lz4000t::encode_record(r));
  }
  return out;
}

std::vector<std::uint8_t> dy3000_stream() {
  const std::vector<dy3000::ItemSlot> slots{dy3000::make_item_slot("农药残留", "%", 0).value(),
                                            dy3000::make_item_slot("甲醛", "mg/kg", 1).value()};
  std::vector<std::uint8_t> out = dy3000::encode_item_page_answer(0, slots);
  append(out, dy3000::encode_item_page_answer(1, {}));
  for (std::size_t i = 0; out.size() < kTargetBytes; ++i) {
    dy3000::RecordAnswer r;
    r.index = static_cast<std::uint32_t>(i);
    r.item = static_cast<std::uint8_t>(i % 2);
    r.time = dy3000::pack_time(time_of(i));
    r.channels.push_back({0, 0x80, 0, 0});  // control
    for (std::uint8_t ch = 1; ch <= 8; ++ch) {
      const std::uint32_t value = r.item == 0
                                      ? dy3000::inhibition_value(static_cast<double>((i + ch) % 1000) / 10)
                                      : dy3000::concentration_value(static_cast<double>((i * ch) % 5000) / 1000);
      r.channels.push_back({ch, static_cast<std::uint8_t>(ch == 8 ? 0xC0 : 0x80), 0, value});
    }
    append(out, dy3000::encode_record_answer(r));
  }
  return out;
}

std::vector<std::uint8_t> dyrs2_stream() {
  std::vector<std::uint8_t> out = dyrs2::encode_version_answer("3.0");
  char id[8];
  for (std::size_t i = 0; out.size() < kTargetBytes; ++i) {
    std::snprintf(id, sizeof id, "%04u", static_cast<unsigned>(i % 10000));
    const dyrs2::DataRecord r{id, static_cast<std::uint16_t>(i % 1000), static_cast<char>('1' + i % 5), "180315",
                              "102030"};
    append(out, dyrs2::encode_data_record(r));
  }
  append(out, dyrs2::encode_end_of_list());
  return out;
}

void BM_Tl310Decode(benchmark::State& state) {
  static const auto input = tl310_stream();
  run_decode(state, input, [] { return std::move(make_tl310_decoder({}).value()); });
}
BENCHMARK(BM_Tl310Decode)->Unit(benchmark::kMillisecond);

void BM_Lz4000tDecode(benchmark::State& state) {
  static const auto input = lz4000t_stream();
  run_decode(state, input, [] { return std::move(make_lz4000t_decoder({}).value()); });
}
BENCHMARK(BM_Lz4000tDecode)->Unit(benchmark::kMillisecond);

void BM_Dy3000Decode(benchmark::State& state) {
  static const auto input = dy3000_stream();
  run_decode(state, input, [] { return std::move(make_dy3000_decoder({}).value()); });
}
BENCHMARK(BM_Dy3000Decode)->Unit(benchmark::kMillisecond);

void BM_Dyrs2Decode(benchmark::State& state) {
  static const auto input = dyrs2_stream();
  run_decode(state, input, [] { return std::move(make_dyrs2_decoder({}).value()); });
}
BENCHMARK(BM_Dyrs2Decode)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
