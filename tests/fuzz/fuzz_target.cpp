// One libFuzzer binary per target: FIREDRILL_FUZZ_ENTRY names the entry (fuzz_entries.hpp) this
// copy of the file calls.

#include <cstddef>
#include <cstdint>
#include <span>

#include "tests/fuzz/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  firedrill::fuzz::FIREDRILL_FUZZ_ENTRY(std::span<const std::uint8_t>(data, size));
  return 0;
}
