// rubric_baseline_score DATA.csv OUT.csv: the consortium standard scored by hand-written code
// alone (no rubric library), writing what
//
//   rubric score examples/consortium/standard.rubric DATA.csv --format csv --out OUT.csv
//
// writes: the hand-written side of the whole-process comparison (bench/whole_process.sh).
// DATA.csv is in the long layout (entity,period,input,value).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "baseline_consortium.h"
#include "baseline_csv.h"

namespace {

// The nodes in pre-order (the order of Results::nodes and of the output).
constexpr const char* kNodeIds[rubric_baseline::kNodes] = {
    "G1",    "I1",    "T1_1",  "T1_2",  "I2",    "T2_1",  "T2_2",  "T2_3",  "I3",
    "T3_1",  "T3_2",  "T3_3",  "I4",    "T4_1",  "T4_2",  "G2",    "I5",    "T5_1",
    "T5_2",  "T5_3",  "T5_4",  "I6",    "T6_1",  "T6_2",  "T6_3",  "I7",    "T7_1",
    "T7_2",  "I8",    "T8_1",  "T8_2",  "T8_3",  "T8_4",  "T8_5",  "I9",    "T9_1",
    "T9_2",  "I10",   "T10_1", "T10_2", "I11",   "T11_1", "T11_2", "I12",   "T12_1",
    "I13",   "T13_1", "T13_2", "T13_3", "I14",   "T14_1", "T14_2", "I15",   "T15_1",
    "T15_2", "G3",    "I16",   "T16_1", "T16_2", "T16_3", "T16_4", "T16_5", "T16_6"};

// The vetoes: T16_1..T16_6 read inputs 122..127; T16_3 and T16_4 need the previous period too.
constexpr int kVetoInputs[6] = {122, 123, 124, 125, 126, 127};
constexpr bool kVetoNeedsPrevious[6] = {false, false, true, true, false, false};
constexpr const char* kVetoIds[6] = {"T16_1", "T16_2", "T16_3", "T16_4", "T16_5", "T16_6"};

// The grade bands (within 1e-9 of a bound counts as reaching it); vetoed rows get 不合格.
const char* Grade(double total, bool vetoed) {
  constexpr double kTolerance = 1e-9;
  if (vetoed) return "不合格";
  if (total >= 90 - kTolerance) return "优秀";
  if (total >= 75 - kTolerance) return "良好";
  if (total >= 60 - kTolerance) return "合格";
  return "不合格";
}

// Shortest round-trip form, as rubric prints numbers ("0" for either zero).
void AppendNumber(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "nan";
  } else if (std::isinf(v)) {
    out += v < 0 ? "-inf" : "inf";
  } else if (v == 0) {
    out += '0';
  } else {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, result.ptr);
  }
}

// A CSV field, quoted when it holds a comma, quote or line break.
void AppendField(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool ReadFile(const char* path, std::unique_ptr<char[]>* data, std::size_t* size) {
  std::FILE* file = std::fopen(path, "rb");
  if (file == nullptr) return false;
  bool ok = std::fseek(file, 0, SEEK_END) == 0;
  const long length = ok ? std::ftell(file) : -1;
  ok = ok && length >= 0 && std::fseek(file, 0, SEEK_SET) == 0;
  if (ok) {
    *size = static_cast<std::size_t>(length);
    *data = std::make_unique_for_overwrite<char[]>(*size + 1);
    ok = std::fread(data->get(), 1, *size, file) == *size;
  }
  std::fclose(file);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rubric_baseline_score DATA.csv OUT.csv\n");
    return 2;
  }
  std::unique_ptr<char[]> text;
  std::size_t size = 0;
  if (!ReadFile(argv[1], &text, &size)) {
    std::fprintf(stderr, "rubric_baseline_score: cannot read %s\n", argv[1]);
    return 2;
  }
  rubric_baseline::Table table;
  std::string error;
  if (!rubric_baseline::ParseLongCsv(std::string_view(text.get(), size), &table, &error)) {
    std::fprintf(stderr, "%s: %s\n", argv[1], error.c_str());
    return 1;
  }
  text.reset();
  const rubric_baseline::Data& data = table.data;
  const rubric_baseline::Results results = rubric_baseline::Evaluate(data);

  // Rows by entity, then period.
  std::vector<std::uint32_t> order(data.rows);
  for (std::size_t r = 0; r < data.rows; ++r) order[r] = static_cast<std::uint32_t>(r);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int c = table.entities[a].compare(table.entities[b]);
    return c != 0 ? c < 0 : table.periods[a] < table.periods[b];
  });

  std::FILE* out = std::fopen(argv[2], "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "rubric_baseline_score: cannot write %s\n", argv[2]);
    return 2;
  }
  std::string buffer = "entity,period,node,points\n";
  std::string prefix;
  bool written = true;
  for (std::uint32_t r : order) {
    prefix.clear();
    AppendField(prefix, table.entities[r]);
    prefix += ',';
    prefix += std::to_string(table.periods[r]);
    prefix += ',';
    const double* nodes = &results.nodes[static_cast<std::size_t>(r) * rubric_baseline::kNodes];
    for (int n = 0; n < rubric_baseline::kNodes; ++n) {
      buffer += prefix;
      buffer += kNodeIds[n];
      buffer += ',';
      AppendNumber(buffer, nodes[n]);
      buffer += '\n';
    }
    const bool vetoed = results.vetoed[r] != 0;
    buffer += prefix;
    buffer += "total,";
    AppendNumber(buffer, results.totals[r]);
    buffer += '\n';
    buffer += prefix;
    buffer += "grade,";
    buffer += Grade(results.totals[r], vetoed);
    buffer += '\n';
    buffer += prefix;
    buffer += vetoed ? "vetoed,true\n" : "vetoed,false\n";
    buffer += prefix;
    buffer += "veto_ids,";
    const double* row = &data.values[static_cast<std::size_t>(r) * rubric_baseline::kInputs];
    const std::int64_t prev = data.prev_row[r];
    bool first = true;
    for (int v = 0; v < 6; ++v) {
      const int input = kVetoInputs[v];
      bool fired = row[input] != 0;
      if (kVetoNeedsPrevious[v]) {
        fired = fired && prev >= 0 &&
                data.values[static_cast<std::size_t>(prev) * rubric_baseline::kInputs +
                            static_cast<std::size_t>(input)] != 0;
      }
      if (!fired) continue;
      if (!first) buffer += ';';
      buffer += kVetoIds[v];
      first = false;
    }
    buffer += '\n';
    if (buffer.size() > (1u << 20)) {
      written = written && std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
      buffer.clear();
    }
  }
  written = written && std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
  written = std::fclose(out) == 0 && written;
  if (!written) {
    std::fprintf(stderr, "rubric_baseline_score: cannot write %s\n", argv[2]);
    return 2;
  }
  return 0;
}
