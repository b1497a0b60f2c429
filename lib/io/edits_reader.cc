// ReadEdits: the edit list of a what-if run, checked before anything is applied.
#include <charconv>

#include "absl/strings/str_cat.h"
#include "io/csv_reader.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "sema/closest_name.h"

namespace rubric {
namespace {

Diagnostic DataError(std::string code, std::string_view file, int line, std::string message,
                     std::string hint = {}) {
  Diagnostic d;
  d.code = std::move(code);
  d.file = std::string(file);
  d.line = line;
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

}  // namespace

EditList ReadEdits(const Standard& standard, std::string_view csv_text,
                   std::string_view file_name) {
  EditList out;
  data::CsvReader reader(csv_text);
  data::CsvRecord record;
  // Values are checked by setting them in a scratch session, one row per (entity, period).
  Session scratch(standard);
  std::vector<std::string_view> input_ids;
  for (const InputInfo& info : standard.inputs()) input_ids.push_back(info.id);
  bool header = true;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      out.diagnostics.push_back(DataError(
          "D0001", file_name, 0, absl::StrCat("malformed CSV: ", more.status().message())));
      return out;
    }
    if (!*more) break;
    if (header) {
      header = false;
      if (record.fields != std::vector<std::string>{"entity", "period", "input", "value"}) {
        out.diagnostics.push_back(DataError("D0003", file_name, record.line,
                                            "an edits file starts with the header "
                                            "entity,period,input,value"));
        return out;
      }
      continue;
    }
    if (record.fields.size() != 4) {
      out.diagnostics.push_back(
          DataError("D0004", file_name, record.line,
                    absl::StrCat("expected 4 fields (entity,period,input,value), found ",
                                 record.fields.size())));
      continue;
    }
    Edit edit{record.fields[0], 0, record.fields[2], record.fields[3], record.line};
    const std::string& period_text = record.fields[1];
    const char* end = period_text.data() + period_text.size();
    auto [ptr, ec] = std::from_chars(period_text.data(), end, edit.period);
    if (ec != std::errc() || ptr != end || period_text.empty()) {
      out.diagnostics.push_back(
          DataError("D0005", file_name, record.line,
                    absl::StrCat("period '", period_text, "' is not an integer")));
      continue;
    }
    if (edit.entity.empty()) {
      out.diagnostics.push_back(DataError("D0006", file_name, record.line, "empty entity"));
      continue;
    }
    std::optional<std::size_t> input = standard.FindInput(edit.input);
    if (!input) {
      out.diagnostics.push_back(DataError("D0101", file_name, record.line,
                                          absl::StrCat("unknown input '", edit.input, "'"),
                                          sema::DidYouMean(edit.input, input_ids)));
      continue;
    }
    std::optional<std::size_t> row = scratch.FindRow(edit.entity, edit.period);
    if (!row) row = *scratch.AddRow(edit.entity, edit.period);
    Status status = scratch.SetFromString(*row, *input, edit.value);
    if (!status.ok()) {
      out.diagnostics.push_back(DataError("D0102", file_name, record.line, status.message()));
      continue;
    }
    out.edits.push_back(std::move(edit));
  }
  return out;
}

}  // namespace rubric
