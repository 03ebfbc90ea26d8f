// libFuzzer target for the `lz4000t` decoder (see split_invariance.hpp for the property).
#include "tests/fuzz/split_invariance.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kj::fuzz::check_split_invariance("lz4000t", {}, data, size);
}
