// Synthetic data: a splitmix64 stream per (entity, period), mapped to values by input type.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/generator_plan.h"
#include "rubric/generate.h"
#include "rubric/report.h"
#include "util/csv_field.h"

namespace rubric {
namespace {

// splitmix64: tiny, fast and the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  std::uint64_t state_;
};

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  Random r(a * 0x100000001B3ull ^ (b + 0x9E3779B97F4A7C15ull));
  return r.Next();
}

std::string EntityName(std::size_t e) {
  std::string digits = std::to_string(e + 1);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return "C" + digits;
}

// The share of rows in which one input of the negative list takes a value that fires a
// veto: real data have few vetoed rows.
constexpr double kVetoShare = 0.03;

// One value (nullopt = missing) for input `i` of an entity with quality `q`: 0/1 for bools,
// an option index for enums, a number within plan's range otherwise.
std::optional<double> Draw(const InputInfo& info, double lo, double hi, double q, Random& random,
                           double missing) {
  if (random.Unit() < missing) return std::nullopt;
  const double noise = random.Unit();
  switch (info.type) {
    case InputType::kBool:
      return noise < q ? 1 : 0;
    case InputType::kEnum: {
      const std::size_t n = info.options.size();
      auto index = static_cast<std::size_t>((0.6 * q + 0.4 * noise) * static_cast<double>(n));
      return static_cast<double>(index < n ? index : n - 1);
    }
    case InputType::kText:
      return 0;
    case InputType::kInteger:
    case InputType::kRank: {
      double value = std::floor((0.5 * q + 0.5 * noise) * 50);
      if (info.type == InputType::kRank) value = std::floor(1 + (1 - q) * 30 * noise);
      if (info.min) value = std::max(value, std::ceil(*info.min));
      if (info.max) value = std::min(value, std::floor(*info.max));
      return value;
    }
    default:
      return std::round((lo + (hi - lo) * (0.6 * q + 0.4 * noise)) * 100) / 100;
  }
}

std::string Text(const InputInfo& info, const std::optional<double>& value) {
  if (!value) return "";
  switch (info.type) {
    case InputType::kBool:
      return *value != 0 ? "true" : "false";
    case InputType::kEnum:
      return info.options[static_cast<std::size_t>(*value)];
    case InputType::kText:
      return "text";
    default:
      return FormatNumber(*value);
  }
}

// A part above its whole is drawn again below it, keeping its type's grain (whole numbers
// for integers, hundredths otherwise) and its declared minimum when the whole allows.
void KeepPartsWithinWholes(const std::vector<InputInfo>& inputs, const io::GeneratorPlan& plan,
                           Random& random, std::vector<std::optional<double>>* values) {
  // A part lowered may be another's whole: a few passes settle it (values only go down).
  for (std::size_t pass = 0; pass <= plan.parts.size(); ++pass) {
    bool changed = false;
    for (const io::PartOfWhole& p : plan.parts) {
      std::optional<double>& part = (*values)[p.part];
      if (!part) continue;
      double whole = 0;
      for (std::size_t w : p.whole) whole += (*values)[w].value_or(0);
      if (*part <= whole) continue;
      const InputInfo& info = inputs[p.part];
      const bool integral = info.type == InputType::kInteger;
      double value = whole * random.Unit();
      value = integral ? std::floor(value) : std::floor(value * 100) / 100;
      if (info.min && *info.min <= whole) value = std::max(value, *info.min);
      part = std::min(value, whole);
      changed = true;
    }
    if (!changed) break;
  }
}

// Calls `emit(entity, period, input, text)` for every value, in a fixed order.
template <typename Emit>
void Generate(const Standard& standard, const GenerateOptions& options, Emit&& emit) {
  const std::vector<InputInfo> inputs(standard.inputs().begin(), standard.inputs().end());
  const io::GeneratorPlan plan = io::PlanGeneration(standard);
  std::vector<std::optional<double>> values(inputs.size());
  for (std::size_t e = 0; e < options.entities; ++e) {
    Random entity_random(Mix(options.seed, e));
    const double base = entity_random.Unit();
    const std::string entity = EntityName(e);
    for (std::size_t p = 0; p < options.periods; ++p) {
      // Periods past the largest integer are not generated (the command line refuses them).
      if (options.first_period > INT64_MAX - static_cast<std::int64_t>(p)) break;
      Random random(Mix(Mix(options.seed, e), p + 1));
      // Quality improves a little every period.
      const double q = std::min(1.0, base + 0.05 * static_cast<double>(p));
      const std::int64_t period = options.first_period + static_cast<std::int64_t>(p);
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        values[i] = Draw(inputs[i], plan.lo[i], plan.hi[i], q, random, options.missing);
      }
      KeepPartsWithinWholes(inputs, plan, random, &values);
      // The negative list: safe values, but in a few rows one input that fires a veto by
      // itself; those that fire only two periods in a row take their value as often, so
      // that they seldom do.
      const bool vetoed = random.Unit() < kVetoShare;
      const std::size_t pick = plan.alone_vetoes == 0 ? 0 : random.Next() % plan.alone_vetoes;
      std::size_t alone = 0;
      for (const io::VetoInput& v : plan.veto_inputs) {
        const bool fires = v.alone ? vetoed && alone++ == pick : random.Unit() < kVetoShare;
        if (values[v.input]) values[v.input] = fires ? v.firing : v.safe;
      }
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        emit(entity, period, i, Text(inputs[i], values[i]));
      }
    }
  }
}

// Appends groups over the indicators [first, last) to `out`, `fanout` children per group.
void EmitGroup(const StandardShape& shape, std::size_t first, std::size_t last, int depth,
               std::size_t* group_count, Random& random, std::string* out) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  if (last - first <= shape.fanout) {
    for (std::size_t i = first; i < last; ++i) {
      const std::string id = std::to_string(i);
      const std::size_t inputs = 1 + random.Next() % 3;
      std::string rule;
      for (std::size_t k = 0; k < inputs; ++k) {
        *out += indent + "input x" + id + "_" + std::to_string(k) + " : number >= 0\n";
        const std::string x = "x" + id + "_" + std::to_string(k);
        const double pick = random.Unit();
        std::string term;
        if (k == 0 && pick < shape.cohort_share) {
          term = random.Next() % 2 == 0 ? "cohort_minmax(" + x + ")" : "cohort_rank(" + x + ")";
        } else if (k == 0 && pick < shape.cohort_share + shape.prev_share) {
          term = "piecewise(" + x + " - prev(" + x + ")) { -10 -> 0, 0 -> 0.5, 10 -> 1 }";
        } else if (random.Next() % 2 == 0) {
          term = "ratio(" + x + ", 600)";
        } else {
          term = "piecewise(" + x + ") { 100 -> 0, 500 -> 0.6, 900 -> 1 }";
        }
        rule += (rule.empty() ? "" : " + ") + term;
      }
      *out += indent + "indicator i" + id + " points 1 { score (" + rule + ") / " +
              std::to_string(inputs) + " }\n";
    }
    return;
  }
  const std::size_t size = last - first;
  const std::size_t chunk = (size + shape.fanout - 1) / shape.fanout;  // balanced tree
  for (std::size_t begin = first; begin < last; begin += chunk) {
    const std::size_t end = std::min(last, begin + chunk);
    *out += indent + "group g" + std::to_string((*group_count)++) + " {\n";
    EmitGroup(shape, begin, end, depth + 1, group_count, random, out);
    *out += indent + "}\n";
  }
}

}  // namespace

std::string GenerateStandardSource(const StandardShape& shape) {
  StandardShape s = shape;
  s.fanout = std::max<std::size_t>(2, s.fanout);
  s.indicators = std::max<std::size_t>(1, s.indicators);
  Random random(Mix(s.seed, 0x5747));
  std::string out = "standard generated \"synthetic standard\" {\n";
  out += "  total " + std::to_string(s.indicators) + "\n";
  const double n = static_cast<double>(s.indicators);
  out += "  grades { A >= " + FormatNumber(0.9 * n) + "  B >= " + FormatNumber(0.5 * n) +
         "  C otherwise  C when vetoed }\n";
  std::size_t groups = 0;
  EmitGroup(s, 0, s.indicators, 1, &groups, random, &out);
  out += "  veto flagged \"first input very low\" when x0_0 < 1\n";
  out += "}\n";
  return out;
}

Status GenerateInto(Session& session, const GenerateOptions& options) {
  Status failure;
  std::size_t row = 0;
  std::string current;
  std::int64_t current_period = 0;
  Generate(session.standard(), options,
           [&](const std::string& entity, std::int64_t period, std::size_t input,
               const std::string& text) {
             if (!failure.ok()) return;
             if (input == 0 || entity != current || period != current_period) {
               StatusOr<std::size_t> added = session.AddRow(entity, period);
               if (!added.ok()) {
                 failure = added.status();
                 return;
               }
               row = *added;
               current = entity;
               current_period = period;
             }
             if (!text.empty()) {
               Status status = session.SetFromString(row, input, text);
               if (!status.ok()) failure = status;
             }
           });
  return failure;
}

void GenerateCsv(const Standard& standard, const GenerateOptions& options, bool wide,
                 std::ostream& out) {
  const auto inputs = standard.inputs();
  std::string buffer;
  if (wide) {
    buffer = "entity,period";
    for (const InputInfo& info : inputs) buffer += "," + util::CsvField(info.id);
    buffer += "\n";
  } else {
    buffer = "entity,period,input,value\n";
  }
  Generate(standard, options,
           [&](const std::string& entity, std::int64_t period, std::size_t input,
               const std::string& text) {
             if (wide) {
               if (input == 0) buffer += entity + "," + std::to_string(period);
               buffer += "," + util::CsvField(text);
               if (input + 1 == inputs.size()) buffer += "\n";
             } else if (!text.empty()) {
               buffer += entity + "," + std::to_string(period) + "," + inputs[input].id + "," +
                         util::CsvField(text) + "\n";
             }
             if (buffer.size() > (1u << 20)) {
               out << buffer;
               buffer.clear();
             }
           });
  out << buffer;
}

}  // namespace rubric
