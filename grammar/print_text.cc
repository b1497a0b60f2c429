#include "print_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "number_literal.h"
#include "parser.h"
#include "printer.h"
#include "utf8.h"

namespace rubric::grammar {

// Shortest round-trip digits from std::to_chars, laid out by hand: fixed notation for the
// magnitudes people write (0.0001 to 10^16), else `1e-9` without the `+` and leading zeros
// of printf.
std::string FormatNumber(double value) {
  if (std::isnan(value)) return "nan";
  std::string text = std::signbit(value) ? "-" : "";
  const double magnitude = std::fabs(value);
  if (std::isinf(magnitude)) return text + "inf";
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific);
  const std::string_view scientific(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = scientific.find('e');
  std::string digits;
  for (char c : scientific.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exponent = std::atoi(std::string(scientific.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (magnitude == 0) return text + "0";
  if (exponent < -4 || exponent >= 16) {
    text += digits[0];
    if (digits.size() > 1) text += "." + digits.substr(1);
    return text + "e" + std::to_string(exponent);
  }
  if (exponent < 0)
    return text + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  const auto whole = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= whole) return text + digits + std::string(whole - digits.size(), '0');
  return text + digits.substr(0, whole) + "." + digits.substr(whole);
}

std::string QuoteString(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        quoted += c;
    }
  }
  return quoted + "\"";
}

std::string PrintExpr(const ast::Expr& expr) { return print::FlatText(expr); }

namespace print {
namespace {

bool IsComparison(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kEq:
    case ast::BinaryOp::kNe:
    case ast::BinaryOp::kLt:
    case ast::BinaryOp::kLe:
    case ast::BinaryOp::kGt:
    case ast::BinaryOp::kGe:
      return true;
    default:
      return false;
  }
}

int OperatorLevel(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr:
      return kOr;
    case ast::BinaryOp::kAnd:
      return kAnd;
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub:
      return kSum;
    case ast::BinaryOp::kMul:
    case ast::BinaryOp::kDiv:
      return kProduct;
    default:
      return IsComparison(op) ? kComparison : kPrimary;
  }
}

bool IsNegation(const ast::Expr& expr) {
  return VisitExpr(expr, [](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::UnaryExpr>) return node.op == ast::UnaryOp::kNeg;
    if constexpr (std::is_same_v<T, ast::NumberLit>) return std::signbit(node.value);
    return false;
  });
}

// A name the parser reads back as the same name (and not as a keyword or a number).
bool IsPlainName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes || IsKeyword(name)) return false;
  std::size_t pos = 0;
  bool first = true;
  while (pos < name.size()) {
    const char32_t c = utf8::Decode(name, &pos);
    if (first ? !utf8::IsIdentifierStart(c) : !utf8::IsIdentifierContinue(c)) return false;
    first = false;
  }
  return true;
}

void AppendParenthesized(const ast::Expr& expr, bool parens, std::string* out) {
  if (parens) *out += '(';
  AppendFlat(expr, out);
  if (parens) *out += ')';
}

struct FlatAppender {
  std::string* out;

  void operator()(const ast::NumberLit& number) const {
    *out += FormatNumber(number.value);
    if (number.unit) *out += " [" + *number.unit + "]";
  }
  void operator()(const ast::BoolLit& boolean) const { *out += boolean.value ? "true" : "false"; }
  void operator()(const ast::Identifier& identifier) const { *out += identifier.name; }
  void operator()(const ast::UnaryExpr& unary) const {
    *out += UnaryOpText(unary.op);
    AppendParenthesized(unary.operand, UnaryOperandNeedsParens(unary), out);
  }
  void operator()(const ast::Chain& chain) const {
    const int level = ChainLevel(chain);
    AppendParenthesized(chain.first, OperandNeedsParens(chain.first, level, true), out);
    for (const ast::Operation& operation : chain.rest) {
      *out += ' ';
      *out += ast::ToString(operation.op);
      *out += ' ';
      AppendParenthesized(operation.operand, OperandNeedsParens(operation.operand, level, false),
                          out);
    }
  }
  void operator()(const ast::Call& call) const {
    *out += call.callee.name;
    *out += '(';
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      if (i > 0) *out += ", ";
      *out += ArgPrefix(call, i);
      AppendFlat(call.args[i], out);
      *out += ArgSuffix(call, i);
    }
    *out += ')';
  }
  void operator()(const ast::LookupExpr& lookup) const {
    *out += "lookup(";
    AppendFlat(lookup.subject, out);
    *out += ") {";
    for (std::size_t i = 0; i < lookup.entries.size(); ++i) {
      *out += i > 0 ? ", " : " ";
      *out += LookupEntryText(lookup.entries[i]);
    }
    *out += " }";
  }
  void operator()(const ast::PiecewiseExpr& piecewise) const {
    *out += "piecewise(";
    AppendFlat(piecewise.subject, out);
    *out += ") {";
    for (std::size_t i = 0; i < piecewise.knots.size(); ++i) {
      *out += i > 0 ? ", " : " ";
      *out += KnotText(piecewise.knots[i]);
    }
    *out += " }";
  }
  void operator()(const ast::BandExpr& band) const {
    *out += "band(";
    AppendFlat(band.subject, out);
    if (band.tolerance) *out += ", tolerance " + FormatNumber(*band.tolerance);
    *out += ") {";
    for (const ast::BandEntry& entry : band.entries) {
      *out += &entry == &band.entries.front() ? " " : "  ";
      *out += BandEntryText(entry);
    }
    *out += " }";
  }
  void operator()(const ast::IfExpr& branch) const {
    *out += "if ";
    AppendParenthesized(branch.condition, IfPartNeedsParens(branch.condition), out);
    *out += " then ";
    AppendParenthesized(branch.then_branch, IfPartNeedsParens(branch.then_branch), out);
    *out += " else ";
    AppendFlat(branch.else_branch, out);
  }
};

}  // namespace

ast::Located SpanOf(const ast::Expr& expr) {
  return VisitExpr(expr, [](const auto& node) { return static_cast<ast::Located>(node); });
}

int ChainLevel(const ast::Chain& chain) {
  int level = kPrimary;
  for (const ast::Operation& operation : chain.rest) {
    level = std::min(level, OperatorLevel(operation.op));
  }
  return level;
}

int PrecedenceOf(const ast::Expr& expr) {
  return VisitExpr(expr, [](const auto& node) -> int {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::NumberLit>) {
      return std::signbit(node.value) ? kNegation : kPrimary;
    } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      return node.op == ast::UnaryOp::kNeg ? kNegation : kNot;
    } else if constexpr (std::is_same_v<T, ast::Chain>) {
      return node.rest.empty() ? PrecedenceOf(node.first) : ChainLevel(node);
    } else if constexpr (std::is_same_v<T, ast::IfExpr>) {
      return kIf;
    } else {
      return kPrimary;
    }
  });
}

bool OperandNeedsParens(const ast::Expr& operand, int level, bool first) {
  const int precedence = PrecedenceOf(operand);
  if (first) return precedence < level || (precedence == level && level == kComparison);
  return precedence <= level;
}

bool UnaryOperandNeedsParens(const ast::UnaryExpr& unary) {
  if (unary.op == ast::UnaryOp::kNot) return PrecedenceOf(unary.operand) < kNot;
  return PrecedenceOf(unary.operand) < kNegation || IsNegation(unary.operand);
}

bool IfPartNeedsParens(const ast::Expr& part) { return PrecedenceOf(part) == kIf; }

void AppendFlat(const ast::Expr& expr, std::string* out) { VisitExpr(expr, FlatAppender{out}); }

std::string FlatText(const ast::Expr& expr) {
  std::string text;
  AppendFlat(expr, &text);
  return text;
}

std::string NameText(std::string_view name) {
  return IsPlainName(name) ? std::string(name) : QuoteString(name);
}

std::string UnaryOpText(ast::UnaryOp op) { return op == ast::UnaryOp::kNeg ? "-" : "not "; }

std::string TypeText(const ast::TypeSpec& type) {
  std::string text;
  switch (type.kind) {
    case ast::TypeKind::kBool:
      text = "bool";
      break;
    case ast::TypeKind::kNumber:
      text = "number";
      break;
    case ast::TypeKind::kPercent:
      text = "percent";
      break;
    case ast::TypeKind::kInteger:
      text = "integer";
      break;
    case ast::TypeKind::kRank:
      text = "rank";
      break;
    case ast::TypeKind::kText:
      text = "text";
      break;
    case ast::TypeKind::kEnum: {
      text = "enum {";
      for (std::size_t i = 0; i < type.options.size(); ++i) {
        text += i > 0 ? ", " : " ";
        text += NameText(type.options[i].text);
      }
      return text + " }";
    }
  }
  if (type.unit) text += " [" + *type.unit + "]";
  for (const ast::Bound& bound : type.bounds) {
    text += bound.kind == ast::BoundKind::kAtLeast ? " >= " : " <= ";
    text += FormatNumber(bound.value);
  }
  return text;
}

std::string PolicyText(ast::MissingPolicy policy) {
  switch (policy) {
    case ast::MissingPolicy::kDefault:
      return "default";
    case ast::MissingPolicy::kExclude:
      return "exclude";
    case ast::MissingPolicy::kUnscorable:
      return "unscorable";
    case ast::MissingPolicy::kImpute:
      return "impute";
  }
  return "default";
}

std::string MissingText(ast::MissingPolicy policy, const std::optional<ast::ImputeDecl>& impute) {
  if (policy != ast::MissingPolicy::kImpute || !impute) return PolicyText(policy);
  std::string text = "impute ";
  switch (impute->kind) {
    case ast::ImputeKind::kConstant:
      if (impute->constant) {
        text += FormatNumber(impute->constant->value);
        if (impute->constant->unit) text += " [" + *impute->constant->unit + "]";
      }
      return text;
    case ast::ImputeKind::kPrevious:
      text += "previous";
      if (impute->look_back) text += " " + FormatNumber(*impute->look_back);
      return text;
    case ast::ImputeKind::kCohortMean:
      text += "cohort_mean";
      break;
    case ast::ImputeKind::kCohortMedian:
      text += "cohort_median";
      break;
  }
  if (impute->by) text += " by " + impute->by->name;
  return text;
}

std::string ArgPrefix(const ast::Call& call, std::size_t arg) {
  const ast::ArgClauses* clauses = call.ClausesOf(arg);
  return clauses != nullptr && clauses->option ? *clauses->option + " " : std::string();
}

std::string ArgSuffix(const ast::Call& call, std::size_t arg) {
  const ast::ArgClauses* clauses = call.ClausesOf(arg);
  std::string text;
  if (clauses == nullptr) return text;
  if (clauses->by) text += " by " + clauses->by->name;
  if (clauses->across_periods) text += " across periods";
  return text;
}

std::string PointsText(const ast::PointsSpec& points) {
  return "points " + FormatNumber(points.value) + (points.normalize ? " normalize" : "");
}

namespace {
std::string CohortClauseText(const std::optional<ast::Identifier>& by, bool across_periods) {
  std::string text;
  if (by) text += " by " + by->name;
  if (across_periods) text += " across periods";
  return text;
}
}  // namespace

std::string AggregateText(const ast::AggregateDecl& aggregate) {
  static constexpr const char* kNames[] = {"mean", "geomean", "hmean", "topsis"};
  return kNames[static_cast<int>(aggregate.kind)] +
         CohortClauseText(aggregate.by, aggregate.across_periods);
}

std::string WeightTermHead(const ast::WeightTerm& term) {
  switch (term.method) {
    case ast::WeightMethod::kGiven:
      return "given";
    case ast::WeightMethod::kEntropy:
      return "entropy" + CohortClauseText(term.by, term.across_periods);
    case ast::WeightMethod::kCritic:
      return "critic" + CohortClauseText(term.by, term.across_periods);
    case ast::WeightMethod::kAhp:
      break;
  }
  std::string text = "ahp";
  for (const ast::Identifier& option : term.options) text += " " + option.name;
  return text;
}

std::string AhpRowText(const ast::AhpRow& row) {
  std::string text = row.name.name + ":";
  for (const ast::AhpEntry& entry : row.entries) {
    text += " " + FormatNumber(entry.numerator);
    if (entry.denominator) text += "/" + FormatNumber(*entry.denominator);
  }
  return text;
}

std::string LookupEntryText(const ast::LookupEntry& entry) {
  return NameText(entry.option.text) + ": " + FormatNumber(entry.value);
}

std::string BandEntryText(const ast::BandEntry& entry) {
  std::string text = entry.numeric ? entry.name.text : NameText(entry.name.text);
  switch (entry.edge) {
    case ast::BandEdge::kAtMost:
      return text + " <= " + FormatNumber(entry.bound);
    case ast::BandEdge::kAtLeast:
      return text + " >= " + FormatNumber(entry.bound);
    case ast::BandEdge::kOtherwise:
      return text + " otherwise";
  }
  return text;
}

std::string KnotText(const ast::Knot& knot) {
  return FormatNumber(knot.x) + " -> " + FormatNumber(knot.y);
}

std::string BandText(const ast::GradeBand& band) {
  // A grade named by a number (`1 >= 90`) keeps its digits; `"1"` means the same.
  const std::string_view name = band.name.text;
  std::string text =
      !name.empty() && ScanNumberLiteral(name) == name.size() ? std::string(name) : NameText(name);
  switch (band.kind) {
    case ast::BandKind::kAtLeast:
      return text + " >= " + FormatNumber(band.min);
    case ast::BandKind::kOtherwise:
      return text + " otherwise";
    case ast::BandKind::kVetoed:
      return text + " when vetoed";
  }
  return text;
}

}  // namespace print
}  // namespace rubric::grammar
