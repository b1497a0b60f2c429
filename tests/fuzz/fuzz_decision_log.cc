// libFuzzer target: arbitrary bytes as a decision log (rubric replay's input), read and
// replayed with the bundled consortium standard.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "rubric/audit.h"

namespace {

const rubric::Standard& Consortium() { return rubric::fuzz::BundledConsortium(); }

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
