// Decode throughput of the Tianyang keypad (ty16) and smart (tyz24) codecs and of the DY-6260
// JSON codec: each decodes a realistic stream of at least 1 MB built from many frames of its
// own encoders, fed in 4 KiB reads as a driver would.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/decode_bench.hpp"
#include "protocols/dy6260/dy6260_answer.hpp"
#include "protocols/dy6260/dy6260_decoder.hpp"
#include "protocols/dy6260/dy6260_link.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/ty16_decoder.hpp"
#include "protocols/tianyang/ty16_group.hpp"
#include "protocols/tianyang/tyz24_decoder.hpp"
#include "protocols/tianyang/tyz24_group.hpp"

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
                    static_cast<int>(i % 59)};
}

// One long download: model answer, first reply, groups of 6–8 channels, end of data.
std::vector<std::uint8_t> ty16_stream() {
  std::vector<std::uint8_t> out = tianyang::encode_model_answer(0x02);
  for (std::size_t i = 0; out.size() < kTargetBytes; ++i) {
    tianyang::Ty16Group g;
    g.time = time_of(i);
    g.sample_type = 1;
    for (std::size_t slot = 0; slot < 8; ++slot) {
      if ((i + slot) % 4 == 3) continue;
      g.slots[slot] = tianyang::Ty16Slot{0.3F + static_cast<float>((i * 7 + slot) % 900) / 1000.0F,
                                         static_cast<float>((i * 13 + slot) % 10000) / 100.0F};
    }
    g.channel_mask = tianyang::mask_of_present_slots(g, tianyang::MaskBitOrder::lsb);
    append(out, i == 0 ? tianyang::encode_ty16_first_reply(g) : tianyang::encode_ty16_group(g));
  }
  append(out, tianyang::encode_no_more_data());
  return out;
}

// One download of full 8-record groups with GB2312 names.
std::vector<std::uint8_t> tyz24_stream() {
  const char* names[] = {"白菜", "黄瓜", "菠菜", "韭菜", "芹菜", "大白菜", "油麦菜", "生菜"};
  std::vector<std::uint8_t> out = tianyang::encode_model_answer(tianyang::kTyz24ModelCode);
  append(out, tianyang::encode_download_started());
  for (std::size_t i = 0; out.size() < kTargetBytes; ++i) {
    tianyang::Tyz24Group g;
    g.record_number = static_cast<std::uint32_t>(i);
    g.date_text = "2018-03-" + std::to_string(10 + i % 19);
    g.tester = "王芳";
    for (std::size_t k = 0; k < 8; ++k) {
      tianyang::Tyz24Record r;
      r.channel_code = tianyang::tyz24_channel_code(static_cast<int>(1 + (i * 8 + k) % 24)).value();
      r.test_number = static_cast<std::uint16_t>(i * 8 + k);
      r.sample_name = names[(i + k) % 8];
      r.source = "城关";
      r.source_remark = "东门农贸市场";
      r.absorbance = 0.3F + static_cast<float>((i + k) % 900) / 1000.0F;
      r.delta_a = static_cast<float>((i * 3 + k) % 300) / 1000.0F;
      r.result = static_cast<float>((i * 11 + k) % 1000) / 1000.0F;
      r.verdict = r.result < 0.5F ? tianyang::kTyz24Pass : tianyang::kTyz24Fail;
      g.records[k] = std::move(r);
    }
    append(out, tianyang::encode_tyz24_group(g).value());
  }
  append(out, tianyang::encode_no_more_data());
  return out;
}

std::vector<dy6260::Dy6260Entry> dy6260_entries(std::size_t first, std::size_t count) {
  const char* items[] = {"黄曲霉毒素B1", "三聚氰胺", "克伦特罗", "莱克多巴胺", "沙丁胺醇", "孔雀石绿"};
  const char* results[] = {"阴性", "阴性", "阴性", "阳性", "可疑"};
  std::vector<dy6260::Dy6260Entry> entries;
  for (std::size_t i = first; i < first + count; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2019-%02d-%02d %02d:%02d:%02d", static_cast<int>(1 + i % 12),
                  static_cast<int>(1 + i % 28), static_cast<int>(i % 24), static_cast<int>(i % 60),
                  static_cast<int>(i % 59));
    entries.push_back({results[i % 5], items[i % 6], std::to_string(i), "样品" + std::to_string(i % 100), time});
  }
  return entries;
}

// Many READ exchanges of 20 records each, host words included.
std::vector<std::uint8_t> dy6260_stream() {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; out.size() < kTargetBytes; i += 20) {
    append(out, dy6260::encode_read_request());
    append(out, dy6260::encode_dy6260_answer(dy6260_entries(i, 20)));
  }
  return out;
}

// One answer holding every record of a full reader (over 1 MB of JSON).
std::vector<std::uint8_t> dy6260_large_answer() {
  std::vector<std::uint8_t> out = dy6260::encode_dy6260_answer(dy6260_entries(0, 8000));
  return out;
}

void BM_Ty16Decode(benchmark::State& state) {
  static const auto input = ty16_stream();
  run_decode(state, input, [] { return std::move(make_ty16_decoder({}).value()); });
}
BENCHMARK(BM_Ty16Decode)->Unit(benchmark::kMillisecond);

void BM_Tyz24Decode(benchmark::State& state) {
  static const auto input = tyz24_stream();
  run_decode(state, input, [] { return std::move(make_tyz24_decoder({}).value()); });
}
BENCHMARK(BM_Tyz24Decode)->Unit(benchmark::kMillisecond);

void BM_Dy6260Decode(benchmark::State& state) {
  static const auto input = dy6260_stream();
  run_decode(state, input, [] { return std::move(make_dy6260_decoder({}).value()); });
}
BENCHMARK(BM_Dy6260Decode)->Unit(benchmark::kMillisecond);

void BM_Dy6260DecodeOneLargeAnswer(benchmark::State& state) {
  static const auto input = dy6260_large_answer();
  run_decode(state, input, [] { return std::move(make_dy6260_decoder({}).value()); });
}
BENCHMARK(BM_Dy6260DecodeOneLargeAnswer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
