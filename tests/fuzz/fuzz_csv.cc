// libFuzzer target: arbitrary bytes as a data file (and as an edits file) for the bundled
// consortium standard. Every row read is scored; every diagnostic is rendered.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "rubric/data.h"

namespace {

const rubric::Standard& Consortium() { return rubric::fuzz::BundledConsortium(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  rubric::CsvOptions options;
  options.max_errors = 1 + data[0] % 20;
  if (data[0] & 0x20) options.entity_column = "city";
  if (data[0] & 0x40) options.ignore_columns = {"note", "p1_1_1"};
  rubric::Session session(Consortium());
  const rubric::LoadReport report = rubric::LoadCsv(session, text, "fuzz.csv", options);
  (void)rubric::RenderAll(report.diagnostics, text);
  session.Evaluate();
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    (void)session.total(row);
    (void)session.grade(row);
  }
  // The same bytes as edits, applied as `rubric whatif` does.
  const rubric::EditList edits = rubric::ReadEdits(Consortium(), text, "edits.csv");
  for (const rubric::Edit& edit : edits.edits) {
    const std::optional<std::size_t> row = session.FindRow(edit.entity, edit.period);
    const std::optional<std::size_t> input = Consortium().FindInput(edit.input);
    if (!row || !input) continue;
    (void)session.SetFromString(*row, *input, edit.value);
    (void)session.total(*row);
  }
  if (const rubric::Status verified = session.VerifyAgainstFullEvaluation(); !verified.ok()) {
    rubric::fuzz::Fail("incremental evaluation differs from full evaluation", verified.message());
  }
  return 0;
}
