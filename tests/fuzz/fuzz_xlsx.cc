// libFuzzer target: arbitrary bytes as an .xlsx data file for the bundled consortium
// standard (the first sheet, or the sheet "Data"). Every diagnostic is rendered; what reads
// is loaded and scored.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "rubric/data.h"
#include "xlsx.h"

namespace {

const rubric::Standard& Consortium() { return rubric::fuzz::BundledConsortium(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const rubric::cli::XlsxSheet read =
      rubric::cli::ReadXlsx(bytes, "fuzz.xlsx", (data[0] & 1) != 0 ? "Data" : "");
  (void)rubric::RenderAll(read.diagnostics);
  if (!read.ok()) return 0;
  rubric::Session session(Consortium());
  const rubric::LoadReport report = rubric::LoadTable(session, read.table, "fuzz.xlsx");
  (void)rubric::RenderAll(report.diagnostics);
  session.Evaluate();
  for (std::size_t row = 0; row < session.row_count(); ++row) (void)session.total(row);
  return 0;
}
