// libFuzzer target for the `dy6260` decoder (see split_invariance.hpp for the property).
#include "tests/fuzz/split_invariance.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kj::fuzz::check_split_invariance("dy6260", {{"max_document_bytes", "256"}}, data, size);
}
