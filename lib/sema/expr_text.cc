#include "sema/expr_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "grammar/parser.h"
#include "grammar/utf8.h"
#include "util/number_format.h"

namespace rubric::sema {
namespace {

// Binding strength, loosest first, as in the grammar of docs/language.md.
enum Level : int {
  kIfLevel,
  kOrLevel,
  kAndLevel,
  kNotLevel,
  kCompareLevel,
  kSumLevel,
  kProductLevel,
  kUnaryLevel,
  kPrimaryLevel,
};

const char* InfixOperator(Op op) {
  switch (op) {
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kEq:
      return "==";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    default:
      return nullptr;
  }
}

const char* FunctionName(Op op) {
  switch (op) {
    case Op::kBool:
      return "bool";
    case Op::kAbs:
      return "abs";
    case Op::kSqrt:
      return "sqrt";
    case Op::kLn:
      return "ln";
    case Op::kExp:
      return "exp";
    case Op::kFloor:
      return "floor";
    case Op::kCeil:
      return "ceil";
    case Op::kTrunc:
      return "trunc";
    case Op::kRound:
      return "round";
    case Op::kPow:
      return "pow";
    case Op::kMin:
      return "min";
    case Op::kMax:
      return "max";
    case Op::kSum:
      return "sum";
    case Op::kMean:
      return "mean";
    case Op::kGeomean:
      return "geomean";
    case Op::kClamp:
      return "clamp";
    case Op::kCohortMinMax:
      return "cohort_minmax";
    case Op::kCohortRank:
      return "cohort_rank";
    case Op::kCohortPercentile:
      return "cohort_percentile";
    case Op::kCohortMin:
      return "cohort_min";
    case Op::kCohortMax:
      return "cohort_max";
    case Op::kCohortSum:
      return "cohort_sum";
    case Op::kCohortCount:
      return "cohort_count";
    case Op::kCohortMean:
      return "cohort_mean";
    case Op::kCohortSd:
      return "cohort_sd";
    case Op::kCohortMedian:
      return "cohort_median";
    case Op::kCohortQuantile:
      return "cohort_quantile";
    case Op::kCohortZscore:
      return "cohort_zscore";
    case Op::kCohortSkew:
      return "cohort_skew";
    case Op::kCohortKurt:
      return "cohort_kurt";
    case Op::kWinsorize:
      return "winsorize";
    case Op::kImpute:
      return "impute";
    case Op::kIsMissing:
      return "missing";
    default:
      return nullptr;
  }
}

Level InfixLevel(Op op) {
  switch (op) {
    case Op::kAdd:
    case Op::kSub:
      return kSumLevel;
    case Op::kMul:
    case Op::kDiv:
      return kProductLevel;
    case Op::kAnd:
      return kAndLevel;
    case Op::kOr:
      return kOrLevel;
    default:
      return kCompareLevel;
  }
}

// An enum option as the grammar reads it: a bare identifier when it is one, else a string.
std::string OptionText(const std::string& option) {
  bool identifier = !option.empty() && !grammar::IsKeyword(option);
  for (std::size_t pos = 0; identifier && pos < option.size();) {
    const bool first = pos == 0;
    const char32_t c = utf8::Decode(option, &pos);
    identifier = first ? utf8::IsIdentifierStart(c) : utf8::IsIdentifierContinue(c);
  }
  return identifier ? option : StringLiteral(option);
}

class Printer {
 public:
  explicit Printer(const Model& model) : model_(model) {}

  // The text of `id`, in parentheses when it binds more loosely than `context` needs.
  std::string Print(ExprId id, Level context) {
    Level level = kPrimaryLevel;
    std::string text = Bare(id, &level);
    return level < context ? "(" + text + ")" : text;
  }

 private:
  std::string Bare(ExprId id, Level* level) {
    const Expr& e = model_.expr(id);
    if (IsCohortOp(e.op)) return Cohort(e);
    switch (e.op) {
      case Op::kConst:
        if (std::signbit(e.number) && e.number != 0) *level = kUnaryLevel;
        return NumberText(e.number);
      case Op::kRef:
        return SymbolName(model_, e.ref);
      case Op::kPrev:
        return "prev(" + SymbolName(model_, e.ref) + ")";
      case Op::kMissing:
        return "missing(" + SymbolName(model_, e.ref) + ")";
      case Op::kMissingPrev:
        return "missing(prev(" + SymbolName(model_, e.ref) + "))";
      case Op::kNeg: {
        *level = kUnaryLevel;
        const std::string operand = Print(e.args[0], kUnaryLevel);
        return operand.front() == '-' ? "- " + operand : "-" + operand;
      }
      case Op::kNot:
        *level = kNotLevel;
        return "not " + Print(e.args[0], kNotLevel);
      case Op::kIf:
        *level = kIfLevel;
        // A nested `if` needs no brackets anywhere here, but reads better with them except
        // as the else branch (`if a then b else if c then d else e`).
        return "if " + Print(e.args[0], kOrLevel) + " then " + Print(e.args[1], kOrLevel) +
               " else " + Print(e.args[2], kIfLevel);
      case Op::kLookup:
        return Lookup(e);
      case Op::kPiecewise:
        return Piecewise(e);
      case Op::kClamp:
        if (IsRatio(e)) {
          const Expr& division = model_.expr(e.args[0]);
          return "ratio(" + Print(division.args[0], kIfLevel) + ", " +
                 Print(division.args[1], kIfLevel) + ")";
        }
        return Call(FunctionName(e.op), e.args);
      case Op::kImpute:
        return Impute(e);
      case Op::kRound:
        return "round(" + (e.args.empty() ? "?" : Print(e.args[0], kIfLevel)) + ", " +
               NumberText(e.number) + ")";
      case Op::kWmean:
      case Op::kWgeomean:
      case Op::kWhmean: {
        // hmean: every weight 1 (whmean with weights 1 prints the same value).
        const bool plain =
            e.op == Op::kWhmean && !e.table.empty() &&
            std::all_of(e.table.begin(), e.table.end(), [](double w) { return w == 1; });
        std::string text = e.op == Op::kWmean      ? "wmean("
                           : e.op == Op::kWgeomean ? "wgeomean("
                           : plain                 ? "hmean("
                                                   : "whmean(";
        for (std::size_t i = 0; i < e.args.size(); ++i) {
          if (i > 0) text += ", ";
          text += Print(e.args[i], kIfLevel);
          if (!plain && i < e.table.size()) text += ", " + NumberText(e.table[i]);
        }
        return text + ")";
      }
      default:
        break;
    }
    if (const char* name = FunctionName(e.op)) return Call(name, e.args);
    const char* infix = InfixOperator(e.op);
    if (infix == nullptr || e.args.size() != 2) return "?";  // not produced by the analyzer
    *level = InfixLevel(e.op);
    // Chains are left-associative: the right operand binds one level tighter. Comparisons
    // do not chain: both sides are sums.
    const Level left = *level == kCompareLevel ? kSumLevel : *level;
    const Level right = *level == kCompareLevel ? kSumLevel : static_cast<Level>(*level + 1);
    return Print(e.args[0], left) + " " + infix + " " + Print(e.args[1], right);
  }

  std::string Call(const char* name, const ExprArgs& args) {
    std::string text = std::string(name) + "(";
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i > 0) text += ", ";
      text += Print(args[i], kIfLevel);
    }
    return text + ")";
  }

  // ` by KEY across periods`, as written after a cohort function's argument.
  std::string Clauses(const CohortSpec& cohort) const {
    std::string text;
    if (cohort.key_input >= 0) {
      text += " by " + model_.inputs[static_cast<std::size_t>(cohort.key_input)].info.id;
    }
    if (cohort.across_periods) text += " across periods";
    return text;
  }

  std::string Cohort(const Expr& e) {
    std::string text = std::string(FunctionName(e.op)) + "(";
    if (!e.args.empty()) text += Print(e.args[0], kIfLevel);
    text += Clauses(e.cohort);
    if (e.op == Op::kCohortQuantile) text += ", " + NumberText(e.number);
    if (e.op == Op::kWinsorize) {
      const WinsorizeSpec defaults;
      if (e.winsorize.max_points != defaults.max_points) {
        text += ", points " + NumberText(e.winsorize.max_points);
      }
      if (e.winsorize.skew != defaults.skew) text += ", skew " + NumberText(e.winsorize.skew);
      if (e.winsorize.kurtosis != defaults.kurtosis) {
        text += ", kurtosis " + NumberText(e.winsorize.kurtosis);
      }
    }
    return text + ")";
  }

  std::string Impute(const Expr& e) {
    std::string text = "impute(" + (e.args.empty() ? "?" : Print(e.args[0], kIfLevel)) + ", ";
    switch (e.impute.method) {
      case ImputeMethod::kConstant:
        text += NumberText(e.impute.constant);
        break;
      case ImputeMethod::kPrevious:
        text += "previous";
        if (e.impute.look_back > 0) text += " " + NumberText(e.impute.look_back);
        break;
      case ImputeMethod::kCohortMean:
        text += "cohort_mean" + Clauses(e.cohort);
        break;
      case ImputeMethod::kCohortMedian:
        text += "cohort_median" + Clauses(e.cohort);
        break;
    }
    return text + ")";
  }

  // ratio(x, t) is lowered to clamp(x / t, 0, 1).
  bool IsRatio(const Expr& e) const {
    if (e.args.size() != 3) return false;
    const Expr& division = model_.expr(e.args[0]);
    const Expr& lo = model_.expr(e.args[1]);
    const Expr& hi = model_.expr(e.args[2]);
    return division.op == Op::kDiv && division.args.size() == 2 && lo.op == Op::kConst &&
           lo.number == 0 && hi.op == Op::kConst && hi.number == 1;
  }

  std::string Lookup(const Expr& e) {
    const Expr& subject = model_.expr(e.args[0]);
    const std::vector<std::string>* options = nullptr;
    if ((subject.op == Op::kRef || subject.op == Op::kPrev) &&
        subject.ref.kind == SymbolKind::kInput) {
      options = &model_.inputs[static_cast<std::size_t>(subject.ref.index)].info.options;
    }
    std::string text = "lookup(" + Print(e.args[0], kIfLevel) + ") {";
    for (std::size_t i = 0; i < e.table.size(); ++i) {
      if (i > 0) text += ", ";
      text +=
          options != nullptr && i < options->size() ? OptionText((*options)[i]) : std::to_string(i);
      text += ": " + NumberText(e.table[i]);
    }
    return text + "}";
  }

  std::string Piecewise(const Expr& e) {
    std::string text = "piecewise(" + Print(e.args[0], kIfLevel) + ") {";
    for (std::size_t i = 0; i + 1 < e.table.size(); i += 2) {
      if (i > 0) text += ", ";
      text += NumberText(e.table[i]) + " -> " + NumberText(e.table[i + 1]);
    }
    return text + "}";
  }

  const Model& model_;
};

}  // namespace

std::string NumberText(double value) {
  // Integers read best in plain digits (100000, not the shorter 1e+05).
  // Below 1e15 an integer is exact as a long long (and -0 is 0).
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    char buffer[32];
    const std::to_chars_result end =
        std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    return std::string(buffer, end.ptr);
  }
  return util::FormatShortest(value);
}

std::string StringLiteral(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string ExprText(const Model& model, ExprId id) {
  if (id == kNoExpr) return {};
  return Printer(model).Print(id, kIfLevel);
}

}  // namespace rubric::sema
