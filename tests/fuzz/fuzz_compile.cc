// libFuzzer target: arbitrary bytes as a standard's source. Whatever compiles is scored on
// generated rows, edited, explained and checked against a full evaluation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rubric::fuzz::CompileAndExercise(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
