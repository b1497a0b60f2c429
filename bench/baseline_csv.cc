#include "baseline_csv.h"

#include <array>
#include <charconv>
#include <span>
#include <unordered_map>
#include <utility>

namespace rubric_baseline {
namespace {

enum class Kind : std::uint8_t { kBool, kEnum, kNumber, kText };

struct InputSpec {
  const char* id;
  Kind kind;
  std::span<const std::string_view> options = {};  // enums: lowest first
};

constexpr std::string_view kP2_1_1Options[] = {"其他", "省级", "国家级"};
constexpr std::string_view kP2_2_1bOptions[] = {"未明确", "传统产业升级", "新兴产业壮大",
                                                "未来产业培育"};
constexpr std::string_view kP6_2_1Options[] = {"未出台", "已出台实施细则", "政策可操作能落地",
                                               "参与主体已实质性享受补贴"};
constexpr std::string_view kP8_4_5Options[] = {"未建立", "初步建立", "健全运行"};

// The consortium inputs in declaration order: the column order of Data::values. Integer and
// rank inputs read as numbers.
constexpr InputSpec kSpecs[kInputs] = {
    {"p1_1_1", Kind::kBool},
    {"p1_1_2", Kind::kBool},
    {"p1_2_1", Kind::kBool},
    {"p1_2_2", Kind::kBool},
    {"p2_1_1", Kind::kEnum, kP2_1_1Options},
    {"p2_1_2a", Kind::kNumber},
    {"p2_1_2b", Kind::kNumber},
    {"p2_2_1a", Kind::kText},
    {"p2_2_1b", Kind::kEnum, kP2_2_1bOptions},
    {"p2_3_1", Kind::kNumber},
    {"p3_1_1", Kind::kBool},
    {"p3_2_1", Kind::kNumber},
    {"p3_3_1", Kind::kNumber},
    {"p3_3_2", Kind::kNumber},
    {"p3_3_3", Kind::kNumber},
    {"p4_1_1", Kind::kBool},
    {"p4_2_1", Kind::kNumber},
    {"p5_1_1", Kind::kBool},
    {"p5_1_2", Kind::kBool},
    {"p5_2_1", Kind::kBool},
    {"p5_2_2", Kind::kBool},
    {"p5_3_1", Kind::kBool},
    {"p5_3_2", Kind::kBool},
    {"p5_3_3", Kind::kBool},
    {"p5_4_1", Kind::kBool},
    {"p5_4_2", Kind::kBool},
    {"p5_4_3", Kind::kBool},
    {"p6_1_1", Kind::kBool},
    {"p6_1_2", Kind::kNumber},
    {"p6_1_3", Kind::kNumber},
    {"p6_1_4", Kind::kBool},
    {"p6_1_5", Kind::kBool},
    {"p6_1_6", Kind::kNumber},
    {"p6_1_7", Kind::kNumber},
    {"p6_1_8", Kind::kBool},
    {"p6_2_1", Kind::kEnum, kP6_2_1Options},
    {"p6_2_2", Kind::kNumber},
    {"p6_2_3", Kind::kBool},
    {"p6_3_1", Kind::kBool},
    {"p7_1_1", Kind::kNumber},
    {"p7_1_2", Kind::kNumber},
    {"p7_2_1", Kind::kNumber},
    {"p7_2_2", Kind::kNumber},
    {"p8_1_1", Kind::kBool},
    {"p8_1_2", Kind::kBool},
    {"p8_1_3", Kind::kNumber},
    {"p8_1_4", Kind::kNumber},
    {"p8_2_1", Kind::kNumber},
    {"p8_2_2", Kind::kNumber},
    {"p8_2_3", Kind::kNumber},
    {"p8_3_1", Kind::kNumber},
    {"p8_3_2", Kind::kNumber},
    {"p8_3_3", Kind::kNumber},
    {"p8_4_1a", Kind::kNumber},
    {"p8_4_1b", Kind::kNumber},
    {"p8_4_2a", Kind::kNumber},
    {"p8_4_2b", Kind::kNumber},
    {"p8_4_3", Kind::kNumber},
    {"p8_4_4", Kind::kNumber},
    {"p8_4_5", Kind::kEnum, kP8_4_5Options},
    {"p8_5_1", Kind::kNumber},
    {"p8_5_2", Kind::kNumber},
    {"p8_5_3", Kind::kNumber},
    {"p8_5_4", Kind::kNumber},
    {"p8_5_5", Kind::kBool},
    {"p8_5_6", Kind::kBool},
    {"p9_1_1", Kind::kNumber},
    {"p9_1_2", Kind::kNumber},
    {"p9_1_3", Kind::kNumber},
    {"p9_1_4", Kind::kNumber},
    {"p9_1_5", Kind::kNumber},
    {"p9_1_6", Kind::kNumber},
    {"p9_1_7", Kind::kNumber},
    {"p9_1_8", Kind::kNumber},
    {"p9_2_1", Kind::kNumber},
    {"p9_2_2", Kind::kNumber},
    {"p9_2_3", Kind::kNumber},
    {"p9_2_4", Kind::kNumber},
    {"p10_1_1", Kind::kBool},
    {"p10_1_2", Kind::kNumber},
    {"p10_2_1", Kind::kBool},
    {"p10_2_2", Kind::kNumber},
    {"p10_2_3", Kind::kNumber},
    {"p11_1_1", Kind::kNumber},
    {"p11_1_2", Kind::kNumber},
    {"p11_1_3", Kind::kNumber},
    {"p11_1_4", Kind::kNumber},
    {"p11_2_1", Kind::kNumber},
    {"p11_2_2", Kind::kNumber},
    {"p11_2_3", Kind::kNumber},
    {"p11_2_4", Kind::kNumber},
    {"p11_2_5", Kind::kNumber},
    {"p12_1_1", Kind::kNumber},
    {"p12_1_2", Kind::kNumber},
    {"p12_1_3", Kind::kNumber},
    {"p13_1_1a", Kind::kNumber},
    {"p13_1_1b", Kind::kNumber},
    {"p13_1_2", Kind::kNumber},
    {"p13_1_3a", Kind::kNumber},
    {"p13_1_3b", Kind::kNumber},
    {"p13_2_1", Kind::kNumber},
    {"p13_2_2", Kind::kNumber},
    {"p13_2_3", Kind::kNumber},
    {"p13_2_4", Kind::kNumber},
    {"p13_3_1", Kind::kNumber},
    {"p13_3_2", Kind::kNumber},
    {"p13_3_3", Kind::kNumber},
    {"p13_3_4", Kind::kNumber},
    {"p13_3_5", Kind::kNumber},
    {"p14_1_1", Kind::kNumber},
    {"p14_1_2", Kind::kNumber},
    {"p14_1_3", Kind::kNumber},
    {"p14_1_4", Kind::kNumber},
    {"p14_2_1", Kind::kNumber},
    {"p14_2_2", Kind::kNumber},
    {"p15_1_1", Kind::kNumber},
    {"p15_1_2", Kind::kNumber},
    {"p15_1_3", Kind::kNumber},
    {"p15_2_1", Kind::kNumber},
    {"p15_2_2", Kind::kNumber},
    {"p15_2_3", Kind::kNumber},
    {"p15_2_4", Kind::kNumber},
    {"n16_1", Kind::kBool},
    {"n16_2", Kind::kBool},
    {"n16_3", Kind::kBool},
    {"n16_4", Kind::kBool},
    {"n16_5", Kind::kBool},
    {"n16_6", Kind::kBool},
};

// Characters that end an unquoted field, or may not appear in one.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> special{};
  for (unsigned char c : {',', '\n', '\r', '"'}) special[c] = true;
  return special;
}();

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A decimal number as rubric reads one: optional sign ('+' too), then a digit or '.', then
// std::from_chars's general format to the very end; no overflow or underflow to zero.
bool ParseNumber(std::string_view s, double* out) {
  std::size_t start = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) start = 1;
  if (start >= s.size() || !((s[start] >= '0' && s[start] <= '9') || s[start] == '.')) {
    return false;
  }
  const char* first = s.data() + (s[0] == '+' ? 1 : 0);
  const char* last = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(first, last, *out);
  return ec == std::errc() && ptr == last;
}

// true/1/yes/是 and false/0/no/否, the words in any ASCII case.
bool ParseBool(std::string_view s, double* out) {
  if (s == "true" || s == "1") {
    *out = 1;
    return true;
  }
  if (s == "false" || s == "0") {
    *out = 0;
    return true;
  }
  if (s == "是") {
    *out = 1;
    return true;
  }
  if (s == "否") {
    *out = 0;
    return true;
  }
  if (s.size() > 5) return false;
  char lower[5];
  for (std::size_t i = 0; i < s.size(); ++i) {
    lower[i] = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
  }
  const std::string_view word(lower, s.size());
  if (word == "true" || word == "yes") {
    *out = 1;
    return true;
  }
  if (word == "false" || word == "no") {
    *out = 0;
    return true;
  }
  return false;
}

bool ParsePeriod(std::string_view s, std::int64_t* out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Reads CSV records (RFC 4180: quoted fields, "" for a quote, \n, \r\n or \r line ends, empty
// lines skipped) from a buffer, in place: unquoted fields are views into the buffer.
class Records {
 public:
  explicit Records(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") p_ += 3;
  }

  // Reads the next record's first four fields into fields[] and returns how many fields it
  // has: 0 at the end of the input, -1 on malformed CSV (*error says why).
  int Next(std::string_view* fields, std::string* error) {
    while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) LineBreak();
    if (p_ == end_) return 0;
    line_ = next_line_;
    int count = 0;
    while (true) {
      std::string_view field;
      if (p_ < end_ && *p_ == '"') {
        if (!Quoted(count < 4 ? &scratch_[count] : &scratch_[4], error)) return -1;
        field = count < 4 ? scratch_[count] : scratch_[4];
      } else {
        const char* start = p_;
        while (p_ < end_ && !kSpecial[static_cast<unsigned char>(*p_)]) ++p_;
        if (p_ < end_ && *p_ == '"') {
          *error = "line " + std::to_string(next_line_) + ": '\"' inside an unquoted field";
          return -1;
        }
        field = std::string_view(start, static_cast<std::size_t>(p_ - start));
      }
      if (count < 4) fields[count] = field;
      ++count;
      if (p_ == end_) return count;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      LineBreak();
      return count;
    }
  }

  int line() const { return line_; }

 private:
  void LineBreak() {
    if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') ++p_;
    ++p_;
    ++next_line_;
  }

  bool Quoted(std::string* out, std::string* error) {
    const int open_line = next_line_;
    out->clear();
    ++p_;
    while (true) {
      const char* quote = p_;
      while (quote < end_ && *quote != '"') ++quote;
      if (quote == end_) {
        *error = "line " + std::to_string(open_line) + ": unterminated quoted field";
        return false;
      }
      for (const char* c = p_; c < quote; ++c) {
        if (*c == '\n' || (*c == '\r' && (c + 1 == quote || c[1] != '\n'))) ++next_line_;
      }
      out->append(p_, quote);
      p_ = quote + 1;
      if (p_ < end_ && *p_ == '"') {  // "" is one quote
        out->push_back('"');
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') {
        *error = "line " + std::to_string(next_line_) + ": unexpected character after a quote";
        return false;
      }
      return true;
    }
  }

  const char* p_;
  const char* end_;
  int line_ = 0;       // where the last record started
  int next_line_ = 1;  // the line of p_
  std::string scratch_[5];
};

bool Fail(std::string* error, int line, const std::string& what) {
  *error = "line " + std::to_string(line) + ": " + what;
  return false;
}

}  // namespace

bool ParseLongCsv(std::string_view text, Table* out, std::string* error) {
  *out = Table();
  Data& data = out->data;

  std::unordered_map<std::string_view, int> input_of;
  for (int i = 0; i < kInputs; ++i) input_of.emplace(kSpecs[i].id, i);

  Records records(text);
  std::string_view fields[4];
  const int header = records.Next(fields, error);
  if (header < 0) return false;
  if (header != 4 || fields[0] != "entity" || fields[1] != "period" || fields[2] != "input" ||
      fields[3] != "value") {
    return Fail(error, 1, "expected the header entity,period,input,value");
  }

  // Most files hold about one line per input and row: reserving for that (untouched memory
  // costs nothing) spares the copies of a growing vector.
  const std::size_t expected_rows = text.size() / (kInputs * 16) + 1;
  data.values.reserve(expected_rows * kInputs);
  std::vector<std::uint64_t> seen;  // two words per row: a bit per input given
  seen.reserve(expected_rows * 2);

  std::unordered_map<std::string, std::uint32_t> entity_of;  // -> index into rows_of
  std::vector<std::vector<std::pair<std::int64_t, std::uint32_t>>> rows_of;  // (period, row)
  std::string last_entity;
  std::string last_period;
  std::size_t row = 0;
  bool have_row = false;

  while (true) {
    const int count = records.Next(fields, error);
    if (count == 0) break;
    if (count < 0) return false;
    const int line = records.line();
    if (count != 4) {
      return Fail(error, line,
                  "expected 4 fields (entity,period,input,value), found " + std::to_string(count));
    }
    // Consecutive lines mostly belong to the same row.
    if (!have_row || fields[0] != last_entity || fields[1] != last_period) {
      if (fields[0].empty()) return Fail(error, line, "empty entity");
      std::int64_t period = 0;
      if (!ParsePeriod(fields[1], &period)) {
        return Fail(error, line, "period '" + std::string(fields[1]) + "' is not an integer");
      }
      last_entity.assign(fields[0]);
      last_period.assign(fields[1]);
      auto [it, inserted] =
          entity_of.try_emplace(last_entity, static_cast<std::uint32_t>(rows_of.size()));
      if (inserted) rows_of.emplace_back();
      auto& periods = rows_of[it->second];
      bool found = false;
      for (const auto& [p, r] : periods) {
        if (p == period) {
          row = r;
          found = true;
          break;
        }
      }
      if (!found) {
        row = out->entities.size();
        periods.emplace_back(period, static_cast<std::uint32_t>(row));
        out->entities.push_back(last_entity);
        out->periods.push_back(period);
        data.values.insert(data.values.end(), kInputs, 0.0);
        seen.insert(seen.end(), 2, 0);
      }
      have_row = true;
    }

    const auto input_it = input_of.find(fields[2]);
    if (input_it == input_of.end()) {
      return Fail(error, line, "unknown input '" + std::string(fields[2]) + "'");
    }
    const int input = input_it->second;
    std::uint64_t& word = seen[row * 2 + static_cast<std::size_t>(input / 64)];
    const std::uint64_t bit = std::uint64_t{1} << (input % 64);
    if (word & bit) {
      return Fail(error, line, "duplicate value for input '" + std::string(fields[2]) + "'");
    }
    word |= bit;

    const InputSpec& spec = kSpecs[input];
    if (spec.kind == Kind::kText) continue;  // text reads as 0 in rules
    const std::string_view value = TrimAsciiSpace(fields[3]);
    if (value.empty()) continue;  // missing: the default, 0
    double number = 0;
    bool ok = false;
    switch (spec.kind) {
      case Kind::kBool:
        ok = ParseBool(value, &number);
        break;
      case Kind::kNumber:
        ok = ParseNumber(value, &number);
        break;
      case Kind::kEnum:
        for (std::size_t o = 0; o < spec.options.size(); ++o) {
          if (spec.options[o] == value) {
            number = static_cast<double>(o);
            ok = true;
            break;
          }
        }
        break;
      case Kind::kText:
        break;
    }
    if (!ok) {
      return Fail(error, line,
                  "input '" + std::string(spec.id) + "': bad value '" + std::string(value) + "'");
    }
    data.values[row * kInputs + static_cast<std::size_t>(input)] = number;
  }

  // Links: the same entity's previous period, and each row's cohort (its period).
  data.rows = out->entities.size();
  data.prev_row.assign(data.rows, -1);
  for (const auto& periods : rows_of) {
    for (const auto& [period, r] : periods) {
      for (const auto& [p, prev] : periods) {
        if (p == period - 1) data.prev_row[r] = prev;
      }
    }
  }
  std::unordered_map<std::int64_t, std::uint32_t> cohort_of;
  data.period_of.resize(data.rows);
  for (std::size_t r = 0; r < data.rows; ++r) {
    data.period_of[r] =
        cohort_of.try_emplace(out->periods[r], static_cast<std::uint32_t>(cohort_of.size()))
            .first->second;
  }
  data.periods = cohort_of.size();
  return true;
}

}  // namespace rubric_baseline
