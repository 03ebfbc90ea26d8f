// libFuzzer target for the `dy3000` decoder (see split_invariance.hpp), with and without an
// assumed method for records whose item table was not seen.
#include "tests/fuzz/split_invariance.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kj::fuzz::check_split_invariance("dy3000", {}, data, size);
  kj::fuzz::check_split_invariance("dy3000", {{"default_method", "inhibition"}}, data, size);
  return 0;
}
