// FindGoal: the smallest single changes, veto clearing and a greedy combined plan that
// reach a grade or a total, each applied on the session and read back. The method is in
// docs/analysis.md ("What would it take").
#include "rubric/goal.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "util/number_format.h"

namespace rubric {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kBisectRelative = 1e-9;  // bisection stops at this width, relative
constexpr int kFirstStepExponent = -6;    // the first step is 2^-6 x scale

std::string Num(double v) { return util::FormatShortest(v); }

// For messages: 10 significant digits (5.9, not 5.8999999999999995).
std::string Short(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

bool Whole(InputType t) { return t == InputType::kInteger || t == InputType::kRank; }

// The state of the row after a probe.
struct Reading {
  double total = 0;
  bool vetoed = false;
  std::vector<std::size_t> fired;
};

class Searcher {
 public:
  Searcher(Session& session, std::size_t row)
      : s_(session), row_(row), standard_(session.standard()) {
    const auto inputs = standard_.inputs();
    saved_missing_.resize(inputs.size());
    saved_value_.resize(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      saved_missing_[i] = s_.is_missing(row, i);
      saved_value_[i] = s_.value(row, i);
    }
  }

  // Puts back every value changed.
  ~Searcher() { RestoreAll(); }

  void RestoreAll() {
    for (std::size_t i = 0; i < saved_value_.size(); ++i) Restore(i);
  }

  void Restore(std::size_t input) {
    if (!touched_.count(input)) return;
    if (saved_missing_[input]) {
      (void)s_.Clear(row_, input);
    } else {
      (void)Put(input, saved_value_[input]);
    }
    touched_.erase(input);
  }

  Status Put(std::size_t input, double value) {
    touched_.insert(input);
    if (standard_.inputs()[input].type == InputType::kEnum) {
      return s_.SetOption(row_, input, static_cast<std::size_t>(value));
    }
    return s_.SetNumber(row_, input, value);
  }

  Reading Read() {
    Reading r;
    r.total = s_.total(row_);
    r.vetoed = s_.vetoed(row_);
    r.fired = s_.fired_vetoes(row_);
    return r;
  }

  // Sets `input` to `value`, reads the row. Other inputs keep what they have now.
  Reading Probe(std::size_t input, double value) {
    ++probes_;
    (void)Put(input, value);
    return Read();
  }

  double original(std::size_t input) const { return saved_value_[input]; }
  bool original_missing(std::size_t input) const { return saved_missing_[input]; }
  std::uint64_t probes() const { return probes_; }
  Session& session() { return s_; }
  std::size_t row() const { return row_; }

 private:
  Session& s_;
  std::size_t row_;
  const Standard& standard_;
  std::vector<bool> saved_missing_;
  std::vector<double> saved_value_;
  std::set<std::size_t> touched_;
  std::uint64_t probes_ = 0;
};

// What "reached" means, and the total a reading needs.
struct Target {
  bool by_total = false;
  std::string grade;
  // The total searched for: the grade's minimum (or the total asked for). A grade is
  // reached from its minimum less the tolerance; the searches aim at the minimum itself, so
  // that answers are the band's own numbers (70, not 69.99999998).
  double threshold = 0;
  double tolerance = 0;
  bool needs_no_veto = false;

  // strict: the total must reach `threshold` itself (the searches); else the grade's rule.
  bool Reached(const Session& s, std::size_t row, const Reading& r, bool strict = true) const {
    if (IsMissing(r.total) || std::isnan(r.total)) return false;
    // The searches allow rounding (1e-12 relative): 3 * 400 / 500 + 5.1 is 7.5 to them.
    const double slack = 1e-12 * std::max(1.0, std::fabs(threshold));
    const double need = threshold - (strict || by_total ? slack : std::max(slack, tolerance));
    if (by_total) return r.total >= need;
    if (r.vetoed) {
      const std::string* g = s.grade(row);
      return g && *g == grade && !needs_no_veto;
    }
    return r.total >= need;
  }
};

// The outcome of searching one input in one direction.
struct LineResult {
  std::optional<double> found;
  std::string method;
  bool at_declared_bound = false;  // the search stopped at a declared bound (or rank >= 0)
  bool changed = false;            // some probe changed the total or the vetoes
  double best_total = -kInf;       // the highest total seen
  double best_value = 0;
};

class InputSearch {
 public:
  // pred: the target is reached with the probe's reading; threshold: the total the target
  // needs when it is a matter of the total (the exact solve), else nullopt.
  InputSearch(Searcher& searcher, std::size_t input,
              const std::function<bool(const Reading&)>& pred, std::optional<double> threshold,
              const Reading& base, double range)
      : sr_(searcher),
        input_(input),
        info_(searcher.session().standard().inputs()[input]),
        pred_(pred),
        threshold_(threshold),
        base_(base),
        range_(range) {}

  // From value v0 (not reaching), in direction dir (+1 / -1).
  LineResult Search(double v0, int dir) {
    LineResult out;
    const bool whole = Whole(info_.type);
    double lo = info_.min.value_or(-kInf);
    if (info_.type == InputType::kRank) lo = std::max(lo, 0.0);
    const double hi = info_.max.value_or(kInf);
    const double bound = dir > 0 ? hi : lo;
    const bool declared = std::isfinite(bound);
    if ((dir > 0 && v0 >= hi) || (dir < 0 && v0 <= lo)) {
      out.at_declared_bound = true;
      return out;
    }
    const double scale = std::max(std::fabs(v0), 1.0);
    const double limit = v0 + dir * range_ * scale;
    double prev = v0;
    double prev_total = base_.total;
    for (int k = kFirstStepExponent;; ++k) {
      double x = v0 + dir * std::ldexp(scale, k);
      if (whole) x = dir > 0 ? std::ceil(x) : std::floor(x);
      x = std::clamp(x, lo, hi);  // a missing value's default may lie outside the bounds
      bool last = false;
      if (dir > 0 ? x >= bound : x <= bound) {
        x = bound;
        last = true;
        out.at_declared_bound = declared;
      }
      if (dir > 0 ? x >= limit : x <= limit) {
        x = declared && (dir > 0 ? bound <= limit : bound >= limit) ? bound : limit;
        if (whole) x = dir > 0 ? std::floor(x) : std::ceil(x);
        last = true;
      }
      if (x == prev) {
        if (last) break;
        continue;
      }
      const Reading r = sr_.Probe(input_, x);
      Note(r, x, &out);
      if (pred_(r)) {
        Refine(prev, prev_total, x, r.total, whole, &out);
        return out;
      }
      prev = x;
      prev_total = r.total;
      if (last) break;
    }
    return out;
  }

  void Note(const Reading& r, double x, LineResult* out) {
    if (!(r.total == base_.total) || r.fired != base_.fired) out->changed = true;
    if (!IsMissing(r.total) && r.total > out->best_total) {
      out->best_total = r.total;
      out->best_value = x;
    }
  }

  // a does not reach, b does: the first value from a toward b that reaches.
  void Refine(double a, double fa, double b, double fb, bool whole, LineResult* out) {
    if (whole) {
      while (std::fabs(b - a) > 1) {
        const double m = a + std::trunc((b - a) / 2);
        const Reading r = sr_.Probe(input_, m);
        Note(r, m, out);
        if (pred_(r)) {
          b = m;
        } else {
          a = m;
        }
      }
      out->found = b;
      out->method = "whole numbers";
      return;
    }
    const double dir = b > a ? 1 : -1;
    for (int iteration = 0; iteration < 200; ++iteration) {
      const double width = std::fabs(b - a);
      if (width <= kBisectRelative * std::max({std::fabs(a), std::fabs(b), 1.0})) break;
      const double m = a + (b - a) / 2;
      if (m == a || m == b) break;
      const Reading r = sr_.Probe(input_, m);
      Note(r, m, out);
      // Three collinear points: a linear piece (likely); solve on it and check.
      if (threshold_ && !IsMissing(fa) && !IsMissing(fb) && !IsMissing(r.total) && fb != fa) {
        const double mid = fa + (fb - fa) / 2;
        const double tol = 1e-12 * std::max({std::fabs(fa), std::fabs(fb), 1.0});
        if (std::fabs(r.total - mid) <= tol) {
          double x = a + (*threshold_ - fa) * (b - a) / (fb - fa);
          if (dir > 0 ? (x > a && x <= b) : (x < a && x >= b)) {
            for (int nudge = 0; nudge < 8; ++nudge) {
              const Reading at = sr_.Probe(input_, x);
              Note(at, x, out);
              if (pred_(at)) {
                const double before = x - dir * kBisectRelative * std::max(std::fabs(x), 1.0);
                const Reading below = sr_.Probe(input_, before);
                Note(below, before, out);
                if (!pred_(below)) {
                  out->found = Snap(before, x, out);
                  out->method = "exact (linear segment)";
                  return;
                }
                break;  // not linear after all: bisect on
              }
              x = std::nextafter(x, b);
            }
          }
        }
      }
      if (pred_(r)) {
        b = m;
        fb = r.total;
      } else {
        a = m;
        fa = r.total;
      }
    }
    out->found = Snap(a, b, out);
    out->method = "bisection";
  }

  // The value with the fewest decimals in (a, b] (from a toward b) that reaches, else b:
  // 30 rather than 30.0000000233 for `x >= 30`, 30.000000001 for `x > 30`.
  double Snap(double a, double b, LineResult* out) {
    const double dir = b > a ? 1 : -1;
    for (int d = 0; d <= 12; ++d) {
      const double p = std::pow(10.0, d);
      double x = dir > 0 ? std::ceil(a * p) / p : std::floor(a * p) / p;
      if (x == a) x += dir / p;
      if (dir > 0 ? x >= b : x <= b) {
        if (x == b) return b;
        continue;
      }
      for (int next = 0; next < 2; ++next, x += dir / p) {  // x, and the next d-decimal
        if (dir > 0 ? x >= b : x <= b) break;
        const Reading r = sr_.Probe(input_, x);
        Note(r, x, out);
        if (pred_(r)) return x;
      }
    }
    return b;
  }

 private:
  Searcher& sr_;
  std::size_t input_;
  const InputInfo& info_;
  std::function<bool(const Reading&)> pred_;
  std::optional<double> threshold_;
  const Reading& base_;
  double range_;
};

std::string ValueText(const InputInfo& info, double v) {
  switch (info.type) {
    case InputType::kBool:
      return v != 0 ? "true" : "false";
    case InputType::kEnum: {
      const auto k = static_cast<std::size_t>(v);
      return k < info.options.size() ? info.options[k] : Num(v);
    }
    default:
      return Num(v);
  }
}

class Goal {
 public:
  Goal(Session& session, std::size_t row, const GoalOptions& options, const Target& target)
      : sr_(session, row),
        s_(session),
        row_(row),
        options_(options),
        target_(target),
        standard_(session.standard()) {}

  Searcher& searcher() { return sr_; }

  double CostOf(std::size_t input, double from, double to) const {
    const auto it = options_.cost.find(standard_.inputs()[input].id);
    if (it != options_.cost.end()) return it->second * std::fabs(to - from);
    return std::fabs(to - from) / std::max(std::fabs(from), 1.0);
  }

  std::string GradeNow() const {
    const std::string* g = s_.grade(row_);
    return g ? *g : std::string();
  }

  // Fills the change's target value, delta, relative change and cost.
  void Describe(std::size_t input, double from, double to, GoalChange* c) {
    const InputInfo& info = standard_.inputs()[input];
    c->to = to;
    c->to_text = ValueText(info, to);
    c->delta = to - from;
    c->relative = std::fabs(to - from) / std::max(std::fabs(from), 1.0);
    c->cost = CostOf(input, from, to);
  }

  GoalChange Blank(std::size_t input) const {
    const InputInfo& info = standard_.inputs()[input];
    GoalChange c;
    c.input = input;
    c.id = info.id;
    c.type = InputTypeName(info.type);
    c.from_missing = sr_.original_missing(input);
    c.from = sr_.original(input);
    c.from_text = c.from_missing ? "" : ValueText(info, c.from);
    return c;
  }

  // The nearest value of `input` (the others as they are now) for which pred holds.
  // Returns the change (reachable or not, with a reason for the total target).
  GoalChange Single(std::size_t input, const Reading& base,
                    const std::function<bool(const Reading&)>& pred, bool for_total_target,
                    bool* affects) {
    const InputInfo& info = standard_.inputs()[input];
    GoalChange c = Blank(input);
    const double v0 = s_.value(row_, input);
    const bool was_missing = s_.is_missing(row_, input);
    auto put_back = [&] {
      if (was_missing) {
        (void)s_.Clear(row_, input);
      } else {
        (void)sr_.Put(input, v0);
      }
    };
    *affects = false;
    double best_total = -kInf;
    if (info.type == InputType::kText) {
      c.reason = "text input: used only as a cohort key or label, not changed";
      return c;
    }
    std::optional<double> found;
    std::string method;
    bool at_bound = false;
    if (info.type == InputType::kBool || info.type == InputType::kEnum) {
      const std::size_t n = info.type == InputType::kBool ? 2 : info.options.size();
      double best_distance = kInf;
      for (std::size_t k = 0; k < n; ++k) {
        const double x = static_cast<double>(k);
        if (x == v0 && !was_missing) continue;
        const Reading r = sr_.Probe(input, x);
        if (!(r.total == base.total) || r.fired != base.fired) *affects = true;
        if (!IsMissing(r.total)) best_total = std::max(best_total, r.total);
        const double distance = std::fabs(x - v0) + (x < v0 ? 0.5 : 0);  // ties: upward
        if (pred(r) && distance < best_distance) {
          best_distance = distance;
          found = x;
        }
      }
      method = info.type == InputType::kBool ? "flip" : "option";
    } else {
      InputSearch search(sr_, input, pred,
                         for_total_target ? std::optional(target_.threshold) : std::nullopt, base,
                         options_.range);
      const LineResult up = search.Search(v0, +1);
      put_back();
      const LineResult down = search.Search(v0, -1);
      *affects = up.changed || down.changed;
      best_total = std::max(up.best_total, down.best_total);
      at_bound = up.at_declared_bound && down.at_declared_bound;
      const LineResult* pick = nullptr;
      if (up.found && (!down.found || *up.found - v0 <= v0 - *down.found)) {
        pick = &up;
      } else if (down.found) {
        pick = &down;
      }
      if (pick) {
        found = pick->found;
        method = pick->method;
      } else {
        at_bound = up.at_declared_bound || down.at_declared_bound;
      }
    }
    put_back();
    if (found) {
      c.reachable = true;
      c.method = method;
      Describe(input, c.from, *found, &c);
      // Verify: apply, read, put back.
      const Reading r = sr_.Probe(input, *found);
      c.total = r.total;
      c.grade = GradeNow();
      if (!pred(r)) {
        c.reachable = false;
        c.reason = "internal: the change found does not verify";
      }
      put_back();
      return c;
    }
    if (!for_total_target) return c;
    if (!*affects) {
      c.reason = "the input does not affect the total";
    } else if (!target_.by_total && base.vetoed && best_total >= target_.threshold) {
      c.reason = "a veto keeps the grade (the total would reach it):";
      for (std::size_t v : base.fired) c.reason += " " + standard_.vetoes()[v].id;
    } else {
      std::string where;
      if (info.type == InputType::kBool) {
        where = "flipping it";
      } else if (info.type == InputType::kEnum) {
        where = "any option of the enum";
      } else if (info.min || info.max || info.type == InputType::kRank) {
        where = "within its declared bounds";
        if (info.min) where += absl::StrCat(" (min ", Num(*info.min));
        if (info.max) where += absl::StrCat(info.min ? ", " : " (", "max ", Num(*info.max));
        if (info.min || info.max) where += ")";
        if (!info.min && info.type == InputType::kRank) where += " (a rank is at least 0)";
        if (!at_bound) where += absl::StrCat(" and within ", Num(options_.range), " x scale");
      } else {
        where = absl::StrCat("within ", Num(options_.range), " x max(|value|, 1) of the value");
      }
      if (Whole(info.type)) where += ", in whole numbers";
      c.reason =
          absl::StrCat(where, " does not get there: the total reaches at most ", Short(best_total));
    }
    return c;
  }

 private:
  Searcher sr_;
  Session& s_;
  std::size_t row_;
  const GoalOptions& options_;
  const Target& target_;
  const Standard& standard_;
};

std::string GradeName(const Session& s, std::size_t row) {
  const std::string* g = s.grade(row);
  return g ? *g : std::string();
}

}  // namespace

StatusOr<GoalResult> FindGoal(Session& session, std::size_t row, const GoalOptions& options) {
  if (row >= session.row_count() || !session.live(row)) {
    return Status(StatusCode::kNotFound, absl::StrCat("row ", row, " is not a live row"));
  }
  const Standard& standard = session.standard();
  if (options.grade && options.total) {
    return Status(StatusCode::kInvalidArgument, "give a grade or a total, not both");
  }
  if (options.total && !std::isfinite(*options.total)) {
    return Status(StatusCode::kInvalidArgument, "the target total must be a finite number");
  }
  if (!(options.range >= 1) || !std::isfinite(options.range)) {
    return Status(StatusCode::kInvalidArgument, "range must be a finite number >= 1");
  }
  for (const auto& [id, cost] : options.cost) {
    if (!standard.FindInput(id)) {
      return Status(StatusCode::kInvalidArgument, absl::StrCat("cost: unknown input '", id, "'"));
    }
    if (!(cost > 0) || !std::isfinite(cost)) {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("cost of '", id, "' must be a finite number > 0"));
    }
  }
  if (!session.scorable(row)) {
    return Status(StatusCode::kFailedPrecondition,
                  absl::StrCat("the row is not scorable: ", session.unscorable_reason(row)));
  }
  const double total = session.total(row);
  if (IsMissing(total)) {
    return Status(StatusCode::kFailedPrecondition,
                  absl::StrCat("the row has no total: ", session.missing_reason(row)));
  }

  GoalResult result;
  result.entity = session.entity(row);
  result.period = session.period(row);
  result.total = total;
  result.grade = GradeName(session, row);
  result.vetoed = session.vetoed(row);
  const std::vector<std::size_t> fired = session.fired_vetoes(row);
  for (std::size_t v : fired) result.fired_vetoes.push_back(standard.vetoes()[v].id);

  // ---- The target ----
  Target target;
  const auto grades = standard.grades();
  const double tolerance = standard.grade_tolerance();
  if (options.total) {
    target.by_total = true;
    target.threshold = *options.total;
  } else if (options.grade) {
    bool known = false;
    for (const GradeInfo& g : grades) {
      if (g.name != *options.grade) continue;
      known = true;
      if (g.rule == GradeRule::kAtLeast) {
        target.threshold = g.min;
        target.tolerance = tolerance;
        target.grade = g.name;
        break;
      }
      if (g.rule == GradeRule::kOtherwise) {
        target.threshold = -kInf;
        target.grade = g.name;
      }
    }
    if (!known) {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("unknown grade '", *options.grade, "'"));
    }
    if (target.grade.empty()) target.grade = *options.grade;  // only the vetoed grade
    target.needs_no_veto = false;
  } else {
    if (grades.empty()) {
      return Status(StatusCode::kInvalidArgument, "the standard has no grades: give a total");
    }
    // The band the total is in (ignoring vetoes), then the next band up.
    double band_min = -kInf;
    for (const GradeInfo& g : grades) {
      if (g.rule == GradeRule::kAtLeast && total >= g.min - tolerance) {
        band_min = std::max(band_min, g.min);
      }
    }
    const GradeInfo* next = nullptr;
    for (const GradeInfo& g : grades) {
      if (g.rule != GradeRule::kAtLeast) continue;
      const bool above = result.vetoed ? g.min >= band_min : g.min > band_min;
      if (above && (!next || g.min < next->min)) next = &g;
    }
    if (!next) {
      result.already = true;
      result.note = "already at the highest grade";
      result.target_grade = result.grade;
      result.target_total = total;
      return result;
    }
    target.grade = next->name;
    target.threshold = next->min;
    target.tolerance = tolerance;
    target.needs_no_veto = true;
  }
  result.target_grade = target.grade;
  result.target_total = target.threshold;

  Goal goal(session, row, options, target);
  Searcher& sr = goal.searcher();
  const Reading base = sr.Read();
  if (target.Reached(session, row, base, /*strict=*/false)) {
    result.already = true;
    result.note = target.by_total ? "the total is there already" : "the grade is there already";
    return result;
  }
  const auto reached = [&](const Reading& r) { return target.Reached(session, row, r); };

  // ---- Single changes ----
  std::vector<bool> affects(standard.inputs().size(), false);
  for (std::size_t i = 0; i < standard.inputs().size(); ++i) {
    bool a = false;
    result.changes.push_back(goal.Single(i, base, reached, true, &a));
    affects[i] = a;
  }

  // ---- Vetoes ----
  std::vector<std::pair<std::size_t, double>> clear_all;  // (input, value)
  if (result.vetoed) {
    result.vetoes_cleared = true;
    for (std::size_t v : fired) {
      GoalVeto gv;
      gv.veto = v;
      gv.id = standard.vetoes()[v].id;
      gv.label = standard.vetoes()[v].label;
      const auto cleared = [v](const Reading& r) {
        return std::find(r.fired.begin(), r.fired.end(), v) == r.fired.end();
      };
      for (std::size_t i = 0; i < standard.inputs().size(); ++i) {
        bool a = false;
        GoalChange c = goal.Single(i, base, cleared, false, &a);
        if (c.reachable) gv.clearing.push_back(std::move(c));
      }
      std::sort(gv.clearing.begin(), gv.clearing.end(),
                [](const GoalChange& x, const GoalChange& y) { return x.cost < y.cost; });
      if (gv.clearing.empty()) {
        result.vetoes_cleared = false;
      } else {
        const GoalChange& cheapest = gv.clearing.front();
        const bool same_input = std::any_of(clear_all.begin(), clear_all.end(), [&](const auto& p) {
          return p.first == cheapest.input;
        });
        if (!same_input) clear_all.emplace_back(cheapest.input, cheapest.to);
      }
      result.vetoes.push_back(std::move(gv));
    }
    for (const auto& [input, value] : clear_all) (void)sr.Put(input, value);
    const Reading r = sr.Read();
    result.vetoes_cleared = r.fired.empty();
    result.clearing_reaches = reached(r);
    result.clearing_total = r.total;
    result.clearing_grade = GradeName(session, row);
    sr.RestoreAll();
  }

  // ---- A combined plan (greedy on gain per unit cost, then an exact last step) ----
  if (options.plan) {
    GoalPlan& plan = result.plan;
    std::vector<double> now(standard.inputs().size());
    std::vector<bool> moved(standard.inputs().size(), false);
    for (std::size_t i = 0; i < now.size(); ++i) now[i] = session.value(row, i);
    // A vetoed row's plan starts from the clearing of its vetoes.
    if (result.vetoed && !target.by_total) {
      for (const auto& [input, value] : clear_all) {
        (void)sr.Put(input, value);
        now[input] = value;
        moved[input] = true;
      }
    }
    Reading current = sr.Read();
    constexpr int kRounds = 200;
    constexpr double kSteps[] = {0.25, 1, 4};
    int round = 0;
    std::optional<std::size_t> last_input;
    double last_from = 0;
    for (; round < kRounds && !reached(current); ++round) {
      double best_ratio = 0;
      double best_gain = 0;
      std::optional<std::size_t> best_input;
      double best_value = 0;
      for (std::size_t i = 0; i < now.size(); ++i) {
        if (!affects[i]) continue;
        const InputInfo& info = standard.inputs()[i];
        const double v0 = sr.original(i);
        std::vector<double> candidates;
        if (info.type == InputType::kBool || info.type == InputType::kEnum) {
          const std::size_t n = info.type == InputType::kBool ? 2 : info.options.size();
          for (std::size_t k = 0; k < n; ++k) {
            if (static_cast<double>(k) != now[i]) candidates.push_back(static_cast<double>(k));
          }
        } else {
          double lo = info.min.value_or(-kInf);
          if (info.type == InputType::kRank) lo = std::max(lo, 0.0);
          const double hi = info.max.value_or(kInf);
          const double scale = std::max(std::fabs(v0), 1.0);
          for (int dir : {+1, -1}) {
            if (now[i] != v0 && (now[i] - v0) * dir < 0) continue;  // keep one direction
            for (double step : kSteps) {
              double x = now[i] + dir * step * scale;
              if (Whole(info.type)) x = dir > 0 ? std::ceil(x) : std::floor(x);
              x = std::clamp(x, lo, hi);
              if (x != now[i]) candidates.push_back(x);
            }
          }
        }
        const double cost_now = goal.CostOf(i, v0, now[i]);
        for (double x : candidates) {
          const Reading r = sr.Probe(i, x);
          const double gain = r.total - current.total;
          const double extra = goal.CostOf(i, v0, x) - cost_now;
          if (!(gain > 0) || IsMissing(r.total)) continue;
          const double ratio = extra > 0 ? gain / extra : kInf;
          if (ratio > best_ratio || (ratio == best_ratio && gain > best_gain)) {
            best_ratio = ratio;
            best_gain = gain;
            best_input = i;
            best_value = x;
          }
        }
        (void)sr.Put(i, now[i]);
        if (!moved[i] && sr.original_missing(i)) (void)session.Clear(row, i);
      }
      if (!best_input) break;
      last_input = *best_input;
      last_from = now[*best_input];
      now[*best_input] = best_value;
      moved[*best_input] = true;
      (void)sr.Put(*best_input, best_value);
      current = sr.Read();
    }
    if (reached(current) && last_input) {
      // The exact last step: the first value from last_from toward the step's end.
      const std::size_t i = *last_input;
      const InputInfo& info = standard.inputs()[i];
      const double end = now[i];
      if (info.type != InputType::kBool && info.type != InputType::kEnum) {
        const Reading at_from = sr.Probe(i, last_from);
        const Reading at_end = sr.Probe(i, end);
        InputSearch search(sr, i, reached, target.threshold, base, options.range);
        LineResult line;
        search.Refine(last_from, at_from.total, end, at_end.total, Whole(info.type), &line);
        const double b = line.found.value_or(end);
        now[i] = b;
        (void)sr.Put(i, b);
      }
      current = sr.Read();
      // Shrink each other numeric change to the smallest that still reaches, the others
      // fixed (the greedy's steps overshoot a threshold's jump, say).
      for (std::size_t j = 0; j < now.size(); ++j) {
        const InputInfo& jinfo = standard.inputs()[j];
        if (!moved[j] || j == i || jinfo.type == InputType::kBool ||
            jinfo.type == InputType::kEnum || now[j] == sr.original(j)) {
          continue;
        }
        const Reading at_from = sr.Probe(j, sr.original(j));
        if (reached(at_from)) {
          now[j] = sr.original(j);
          moved[j] = false;
          sr.Restore(j);
          continue;
        }
        const Reading at_end = sr.Probe(j, now[j]);
        InputSearch search(sr, j, reached, target.threshold, base, options.range);
        LineResult line;
        search.Refine(sr.original(j), at_from.total, now[j], at_end.total, Whole(jinfo.type),
                      &line);
        now[j] = line.found.value_or(now[j]);
        (void)sr.Put(j, now[j]);
      }
      current = sr.Read();
      // Drop a change the plan does not need.
      for (std::size_t j = 0; j < now.size(); ++j) {
        if (!moved[j] || j == i) continue;
        sr.Restore(j);
        const Reading r = sr.Read();
        if (reached(r)) {
          moved[j] = false;
          now[j] = sr.original(j);
          current = r;
        } else {
          (void)sr.Put(j, now[j]);
        }
      }
    }
    // The cheapest single change, when it costs less than the greedy's plan, is the plan.
    const GoalChange* single = nullptr;
    for (const GoalChange& c : result.changes) {
      if (c.reachable && (!single || c.cost < single->cost)) single = &c;
    }
    bool from_single = false;
    if (single) {
      double greedy_cost = 0;
      for (std::size_t j = 0; j < now.size(); ++j) {
        if (moved[j] && now[j] != sr.original(j))
          greedy_cost += goal.CostOf(j, sr.original(j), now[j]);
      }
      if (!reached(current) || single->cost < greedy_cost) {
        for (std::size_t j = 0; j < now.size(); ++j) {
          now[j] = sr.original(j);
          moved[j] = false;
        }
        now[single->input] = single->to;
        moved[single->input] = true;
        from_single = true;
      }
    }
    // Verify the plan from the row's own values.
    sr.RestoreAll();
    for (std::size_t j = 0; j < now.size(); ++j) {
      if (moved[j] && now[j] != sr.original(j)) (void)sr.Put(j, now[j]);
    }
    const Reading verified = sr.Read();
    plan.found = reached(verified);
    plan.total = verified.total;
    plan.grade = GradeName(session, row);
    for (std::size_t j = 0; j < now.size(); ++j) {
      if (!moved[j] || now[j] == sr.original(j)) continue;
      GoalChange c = goal.Blank(j);
      c.reachable = true;
      c.method = "plan";
      goal.Describe(j, c.from, now[j], &c);
      c.total = verified.total;
      c.grade = plan.grade;
      plan.cost += c.cost;
      plan.changes.push_back(std::move(c));
    }
    plan.note = from_single && plan.found
                    ? std::string(
                          "the cheapest single change (cheaper than the greedy's plan); "
                          "verified on the session")
                : plan.found
                    ? absl::StrCat("greedy on gain per unit cost, ", round,
                                   " steps, exact last step; verified on the session")
                    : absl::StrCat("no combination of the searched steps reaches it (", round,
                                   " steps; best total ", Short(current.total), ")");
    sr.RestoreAll();
  }
  result.probes = sr.probes();
  return result;
}

namespace {

nlohmann::ordered_json Number(double v) {
  if (IsMissing(v) || !std::isfinite(v)) return nullptr;
  return v;
}

nlohmann::ordered_json ChangeJson(const GoalChange& c) {
  nlohmann::ordered_json j;
  j["input"] = c.id;
  j["type"] = c.type;
  j["reachable"] = c.reachable;
  j["from"] =
      c.from_missing ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.from_text);
  if (c.reachable) {
    j["to"] = c.to_text;
    j["delta"] = Number(c.delta);
    j["relative"] = Number(c.relative);
    j["cost"] = Number(c.cost);
    j["total"] = Number(c.total);
    j["grade"] = c.grade;
    j["method"] = c.method;
  } else {
    j["reason"] = c.reason;
  }
  return j;
}

}  // namespace

std::string GoalToJson(const GoalResult& r) {
  nlohmann::ordered_json j;
  j["entity"] = r.entity;
  j["period"] = r.period;
  j["total"] = Number(r.total);
  j["grade"] = r.grade;
  j["vetoed"] = r.vetoed;
  j["fired_vetoes"] = r.fired_vetoes;
  nlohmann::ordered_json target;
  if (r.target_grade.empty()) {
    target["total"] = Number(r.target_total);
  } else {
    target["grade"] = r.target_grade;
    target["total"] = Number(r.target_total);
  }
  j["target"] = target;
  j["already"] = r.already;
  if (!r.note.empty()) j["note"] = r.note;
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const GoalChange& c : r.changes) changes.push_back(ChangeJson(c));
  j["single_changes"] = changes;
  nlohmann::ordered_json vetoes = nlohmann::ordered_json::array();
  for (const GoalVeto& v : r.vetoes) {
    nlohmann::ordered_json jv;
    jv["veto"] = v.id;
    jv["label"] = v.label;
    nlohmann::ordered_json clearing = nlohmann::ordered_json::array();
    for (const GoalChange& c : v.clearing) clearing.push_back(ChangeJson(c));
    jv["clearing"] = clearing;
    vetoes.push_back(jv);
  }
  j["vetoes"] = vetoes;
  if (r.vetoed) {
    nlohmann::ordered_json c;
    c["all_cleared"] = r.vetoes_cleared;
    c["reaches_target"] = r.clearing_reaches;
    c["total"] = Number(r.clearing_total);
    c["grade"] = r.clearing_grade;
    j["clearing_all_vetoes"] = c;
  }
  nlohmann::ordered_json plan;
  plan["found"] = r.plan.found;
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const GoalChange& c : r.plan.changes) steps.push_back(ChangeJson(c));
  plan["changes"] = steps;
  plan["cost"] = Number(r.plan.cost);
  plan["total"] = Number(r.plan.total);
  plan["grade"] = r.plan.grade;
  plan["note"] = r.plan.note;
  j["plan"] = plan;
  j["probes"] = r.probes;
  return j.dump(2);
}

StatusOr<GoalOptions> GoalOptionsFromJson(std::string_view json) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(StatusCode::kInvalidArgument, "goal options: not a JSON object");
  }
  GoalOptions options;
  for (const auto& [key, value] : j.items()) {
    if (key == "grade" && value.is_string()) {
      options.grade = value.get<std::string>();
    } else if (key == "total" && value.is_number()) {
      options.total = value.get<double>();
    } else if (key == "plan" && value.is_boolean()) {
      options.plan = value.get<bool>();
    } else if (key == "range" && value.is_number()) {
      options.range = value.get<double>();
    } else if (key == "cost" && value.is_object()) {
      for (const auto& [input, cost] : value.items()) {
        if (!cost.is_number()) {
          return Status(StatusCode::kInvalidArgument,
                        absl::StrCat("goal options: cost of '", input, "' is not a number"));
        }
        options.cost[input] = cost.get<double>();
      }
    } else {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("goal options: unknown key or wrong type: '", key, "'"));
    }
  }
  if (options.grade && options.total) {
    return Status(StatusCode::kInvalidArgument, "goal options: give grade or total, not both");
  }
  return options;
}

}  // namespace rubric
