// libFuzzer target: arbitrary bytes as a decision log (rubric replay's input), read and
// replayed with the bundled consortium standard.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

#include "fuzz_support.h"
#include "rubric/audit.h"

namespace {

const rubric::Standard& Consortium() {
  static const rubric::Standard standard = [] {
    std::ifstream in(RUBRIC_SOURCE_DIR "/examples/consortium/standard.rubric");
    std::ostringstream text;
    text << in.rdbuf();
    rubric::CompileResult result = rubric::Standard::Compile(text.str(), "standard.rubric");
    if (!result.ok()) rubric::fuzz::Fail("the bundled standard does not compile", "");
    return std::move(*result.standard);
  }();
  return standard;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const rubric::DecisionLog log = rubric::ParseDecisionLog(text);
  std::size_t records = 0;
  for (const rubric::DecisionRun& run : log.runs) {
    if (run.records.empty()) rubric::fuzz::Fail("a run without records", text);
    records += run.records.size();
  }
  const rubric::ReplayResult result = rubric::Replay(log, Consortium());
  if (result.rows > records) rubric::fuzz::Fail("more rows replayed than records read", text);
  return 0;
}
