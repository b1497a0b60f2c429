// ReadEdits: the edit list of a what-if run, checked before anything is applied.
#include <algorithm>
#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grammar/utf8.h"
#include "io/csv_reader.h"
#include "io/value_hint.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "sema/closest_name.h"
#include "util/printable.h"
#include "util/strings.h"

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
  if (std::optional<std::size_t> bad = utf8::FindInvalid(csv_text)) {
    const int line =
        1 + static_cast<int>(std::count(csv_text.begin(), csv_text.begin() + *bad, '\n'));
    out.diagnostics.push_back(DataError("D0007", file_name, line, "invalid UTF-8 byte sequence",
                                        "save the file as UTF-8"));
    return out;
  }
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
    // Entities and periods are trimmed, as the data loader trims them.
    Edit edit{std::string(util::Std(absl::StripAsciiWhitespace(record.fields[0]))), 0,
              record.fields[2], record.fields[3], record.line};
    const std::string_view period_text =
        util::Std(absl::StripAsciiWhitespace(util::Absl(record.fields[1])));
    const char* end = period_text.data() + period_text.size();
    auto [ptr, ec] = std::from_chars(period_text.data(), end, edit.period);
    if (ec != std::errc() || ptr != end || period_text.empty()) {
      out.diagnostics.push_back(
          DataError("D0005", file_name, record.line,
                    absl::StrCat("period '", util::Shortened(period_text), "' is not an integer"),
                    "periods are whole numbers such as years"));
      continue;
    }
    std::optional<std::size_t> input = standard.FindInput(edit.input);
    if (!input) {
      out.diagnostics.push_back(
          DataError("D0101", file_name, record.line,
                    absl::StrCat("unknown input '", util::Shortened(edit.input), "'"),
                    sema::DidYouMean(edit.input, input_ids)));
      continue;
    }
    // The session's rule for entities (not empty, no control characters) decides.
    std::optional<std::size_t> row = scratch.FindRow(edit.entity, edit.period);
    if (!row) {
      StatusOr<std::size_t> added = scratch.AddRow(edit.entity, edit.period);
      if (!added.ok()) {
        out.diagnostics.push_back(
            DataError("D0006", file_name, record.line, added.status().message()));
        continue;
      }
      row = *added;
    }
    Status status = scratch.SetFromString(*row, *input, edit.value);
    if (!status.ok()) {
      std::string hint = io::SpreadsheetHint(edit.value, standard.inputs()[*input]);
      if (!hint.empty()) hint = "in the value field: " + hint;
      out.diagnostics.push_back(
          DataError("D0102", file_name, record.line, status.message(), std::move(hint)));
      continue;
    }
    out.edits.push_back(std::move(edit));
  }
  return out;
}

}  // namespace rubric
