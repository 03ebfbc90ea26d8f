// libFuzzer target for the `ty16` decoder (see split_invariance.hpp), in both mask bit orders.
#include "tests/fuzz/split_invariance.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const char* order : {"lsb", "msb"}) {
    kj::fuzz::check_split_invariance("ty16", {{"mask_bit_order", order}}, data, size);
  }
  return 0;
}
