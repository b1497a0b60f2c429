#include "print_layout.h"

#include <algorithm>
#include <type_traits>

#include "print_text.h"
#include "printer.h"
#include "utf8.h"

namespace rubric::grammar::print {

// ---- Writer ----

void Writer::Text(std::string_view text) {
  text_ += text;
  column_ += utf8::DisplayWidth(text);
}

void Writer::Newline(int column) {
  text_ += '\n';
  text_.append(static_cast<std::size_t>(column), ' ');
  column_ = column;
}

// ---- ExprLayout ----

namespace {

// A construct that does not fit may keep all but its last part on the line and break inside
// the last one (`0.5 * lookup(x) {`, `0.6 * (if a`, `mean(piecewise(x) {`): "hugging". Only
// after a short start (at most kHugPrefix columns: longer chains read better one operand per
// line) and with room for the first line of the last part (kHugRoom columns).
constexpr int kHugPrefix = 20;
constexpr int kHugRoom = 16;

// The operands and operators of `chain` (of `level`), with a first operand that is a chain of
// the same level taken apart: `(a - b) - c` prints as `a - b - c`, so it is laid out as one
// chain too (the printed text must lay out the same way when formatted again).
void FlattenChain(const ast::Chain& chain, int level, std::vector<const ast::Expr*>* operands,
                  std::vector<ast::BinaryOp>* ops) {
  const auto* nested = boost::get<ast::x3::forward_ast<ast::Chain>>(&chain.first.get());
  if (nested != nullptr && !nested->get().rest.empty() && ChainLevel(nested->get()) == level &&
      !OperandNeedsParens(chain.first, level, true)) {
    FlattenChain(nested->get(), level, operands, ops);
  } else {
    operands->push_back(&chain.first);
  }
  for (const ast::Operation& operation : chain.rest) {
    ops->push_back(operation.op);
    operands->push_back(&operation.operand);
  }
}

bool IsBreakable(const ast::Expr& expr) {
  return VisitExpr(expr, [](const auto& node) -> bool {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      return IsBreakable(node.operand);
    } else if constexpr (std::is_same_v<T, ast::Call>) {
      return !node.args.empty();
    } else {
      return std::is_same_v<T, ast::Chain> || std::is_same_v<T, ast::LookupExpr> ||
             std::is_same_v<T, ast::BandExpr> || std::is_same_v<T, ast::PiecewiseExpr> ||
             std::is_same_v<T, ast::IfExpr>;
    }
  });
}

int Width(std::string_view text) { return utf8::DisplayWidth(text); }

}  // namespace

ExprLayout::ExprLayout(SourceInfo* source, Writer* out, int align)
    : source_(source), out_(out), align_(align), hang_limit_(align) {}

bool ExprLayout::Fits(int width, int suffix) const {
  return out_->column() + width + suffix <= kMaxLineWidth;
}

bool ExprLayout::FitsFlat(const ast::Expr& expr, int suffix) const {
  return !MustBreak(expr) && Fits(Width(FlatText(expr)), suffix);
}

std::uint32_t ExprLayout::End(const ast::Expr& expr) const {
  return source_ != nullptr ? source_->End(SpanOf(expr)) : SpanOf(expr).end;
}

bool ExprLayout::BrokenBetween(const ast::Expr& a, const ast::Expr& b) const {
  return source_ != nullptr && source_->HasNewline(End(a), SpanOf(b).begin);
}

template <typename Entry>
std::vector<ExprLayout::Gap> ExprLayout::TableGaps(const ast::Located& table,
                                                   const ast::Expr& subject,
                                                   const std::vector<Entry>& entries) const {
  std::vector<Gap> gaps;
  std::uint32_t previous_end = End(subject);
  std::uint32_t close = table.end;
  if (source_ != nullptr) {
    const std::uint32_t table_end = source_->End(table);
    if (std::optional<std::uint32_t> brace = source_->FindOpenBrace(previous_end, table_end)) {
      previous_end = *brace + 1;
    }
    close = table_end > 0 && source_->At(table_end - 1) == '}' ? table_end - 1 : table_end;
  }
  for (const Entry& entry : entries) {
    gaps.push_back({previous_end, entry.begin});
    previous_end = source_ != nullptr ? source_->End(entry) : entry.end;
  }
  gaps.push_back({previous_end, close});
  return gaps;
}

template <typename Entry>
bool ExprLayout::TableHasComments(const ast::Located& table, const ast::Expr& subject,
                                  const std::vector<Entry>& entries) const {
  if (source_ == nullptr) return false;
  for (const Gap& gap : TableGaps(table, subject, entries)) {
    if (source_->HasComments(gap.begin, gap.end)) return true;
  }
  return false;
}

bool ExprLayout::MustBreak(const ast::Expr& expr) const {
  if (source_ == nullptr) return false;
  return VisitExpr(expr, [this](const auto& node) -> bool {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      return MustBreak(node.operand);
    } else if constexpr (std::is_same_v<T, ast::Chain>) {
      const ast::Expr* previous = &node.first;
      if (MustBreak(node.first)) return true;
      for (const ast::Operation& operation : node.rest) {
        if (BrokenBetween(*previous, operation.operand) || MustBreak(operation.operand)) {
          return true;
        }
        previous = &operation.operand;
      }
      return false;
    } else if constexpr (std::is_same_v<T, ast::Call>) {
      for (std::size_t i = 0; i < node.args.size(); ++i) {
        if (MustBreak(node.args[i])) return true;
        if (i > 0 && BrokenBetween(node.args[i - 1], node.args[i])) return true;
      }
      return false;
    } else if constexpr (std::is_same_v<T, ast::IfExpr>) {
      return BrokenBetween(node.condition, node.then_branch) ||
             BrokenBetween(node.then_branch, node.else_branch) || MustBreak(node.condition) ||
             MustBreak(node.then_branch) || MustBreak(node.else_branch);
    } else if constexpr (std::is_same_v<T, ast::LookupExpr>) {
      return TableHasComments(node, node.subject, node.entries) || MustBreak(node.subject);
    } else if constexpr (std::is_same_v<T, ast::PiecewiseExpr>) {
      return TableHasComments(node, node.subject, node.knots) || MustBreak(node.subject);
    } else if constexpr (std::is_same_v<T, ast::BandExpr>) {
      return TableHasComments(node, node.subject, node.entries) || MustBreak(node.subject);
    } else {
      return false;
    }
  });
}

void ExprLayout::BreakBetween(std::uint32_t end, std::uint32_t begin, int column,
                              int comment_column) {
  if (source_ != nullptr) {
    if (std::optional<std::size_t> trailing = source_->TakeTrailing(end, begin, false)) {
      out_->Text("  ");
      out_->Text(source_->CommentText(*trailing));
    }
    for (std::size_t comment : source_->TakeComments(end, begin)) {
      out_->Newline(comment_column);
      out_->Text(source_->CommentText(comment));
    }
  }
  out_->Newline(column);
}

void ExprLayout::Emit(const ast::Expr& expr, int suffix) {
  if (FitsFlat(expr, suffix)) {
    out_->Text(FlatText(expr));
    return;
  }
  const int saved_align = align_;
  VisitExpr(expr, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      out_->Text(UnaryOpText(node.op));
      EmitOperand(node.operand, UnaryOperandNeedsParens(node), suffix);
    } else if constexpr (std::is_same_v<T, ast::Chain>) {
      EmitChain(node, suffix);
    } else if constexpr (std::is_same_v<T, ast::Call>) {
      EmitCall(node, suffix);
    } else if constexpr (std::is_same_v<T, ast::IfExpr>) {
      EmitIf(node, suffix);
    } else if constexpr (std::is_same_v<T, ast::LookupExpr>) {
      EmitTable("lookup", node, node.subject, node.entries, LookupEntryText);
    } else if constexpr (std::is_same_v<T, ast::PiecewiseExpr>) {
      EmitTable("piecewise", node, node.subject, node.knots, KnotText);
    } else if constexpr (std::is_same_v<T, ast::BandExpr>) {
      EmitTable("band", node, node.subject, node.entries, BandEntryText, false,
                node.tolerance ? ", tolerance " + FormatNumber(*node.tolerance) : "");
    } else {
      out_->Text(FlatText(expr));
    }
  });
  align_ = saved_align;
}

void ExprLayout::EmitOperand(const ast::Expr& expr, bool parens, int suffix) {
  if (!parens) {
    Emit(expr, suffix);
    return;
  }
  out_->Text("(");
  Emit(expr, suffix + 1);
  out_->Text(")");
}

void ExprLayout::EmitChain(const ast::Chain& chain, int suffix) {
  if (chain.rest.empty()) {  // not from the parser, which passes a lone operand up as it is
    Emit(chain.first, suffix);
    return;
  }
  const int level = ChainLevel(chain);
  std::vector<const ast::Expr*> operands;
  std::vector<ast::BinaryOp> ops;
  FlattenChain(chain, level, &operands, &ops);
  bool author_broke = false;
  for (std::size_t i = 1; i < operands.size(); ++i) {
    author_broke = author_broke || BrokenBetween(*operands[i - 1], *operands[i]);
  }
  auto parens = [&](std::size_t i) { return OperandNeedsParens(*operands[i], level, i == 0); };

  // Hugging: everything up to the last operand on this line, the last one broken inside.
  if (!author_broke && IsBreakable(*operands.back())) {
    std::string prefix;
    bool prefix_flat = true;
    for (std::size_t i = 0; i + 1 < operands.size(); ++i) {
      prefix_flat = prefix_flat && !MustBreak(*operands[i]);
      if (parens(i)) prefix += '(';
      AppendFlat(*operands[i], &prefix);
      if (parens(i)) prefix += ')';
      prefix += std::string(" ") + ast::ToString(ops[i]) + " ";
    }
    const int last_width =
        Width(FlatText(*operands.back())) + (parens(operands.size() - 1) ? 1 : 0);
    if (prefix_flat && Width(prefix) <= kHugPrefix &&
        Fits(Width(prefix) + std::min(last_width, kHugRoom), 0)) {
      out_->Text(prefix);
      EmitOperand(*operands.back(), parens(operands.size() - 1), suffix);
      return;
    }
  }

  // One operand per line, the operators in front, the operands aligned; but operators that
  // would stand in the column of an enclosing construct's (or left of it) start under the
  // first operand instead.
  const int operand_column = out_->column();
  const int op_width = static_cast<int>(std::string_view(ast::ToString(ops.front())).size());
  const int op_column =
      operand_column - op_width - 1 > hang_limit_ ? operand_column - op_width - 1 : operand_column;
  const int saved_hang_limit = hang_limit_;
  hang_limit_ = op_column;
  align_ = operand_column;
  EmitOperand(*operands.front(), parens(0), 0);
  for (std::size_t i = 1; i < operands.size(); ++i) {
    const std::string op = ast::ToString(ops[i - 1]);
    BreakBetween(End(*operands[i - 1]), SpanOf(*operands[i]).begin, op_column);
    out_->Text(op + " ");
    align_ = out_->column();
    EmitOperand(*operands[i], parens(i), i + 1 == operands.size() ? suffix : 0);
  }
  hang_limit_ = saved_hang_limit;
}

void ExprLayout::EmitCall(const ast::Call& call, int suffix) {
  const std::vector<ast::Expr>& args = call.args;
  if (args.empty()) {
    out_->Text(call.callee.name + "()");
    return;
  }
  bool author_broke = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    author_broke = author_broke || BrokenBetween(args[i - 1], args[i]);
  }
  if (!author_broke && IsBreakable(args.back()) && call.ClausesOf(args.size() - 1) == nullptr) {
    std::string prefix = call.callee.name + "(";
    bool prefix_flat = true;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      prefix_flat = prefix_flat && !MustBreak(args[i]);
      prefix += ArgPrefix(call, i);
      AppendFlat(args[i], &prefix);
      prefix += ArgSuffix(call, i) + ", ";
    }
    if (prefix_flat && Width(prefix) <= kHugPrefix &&
        Fits(Width(prefix) + std::min(Width(FlatText(args.back())), kHugRoom), 0)) {
      out_->Text(prefix);
      Emit(args.back(), suffix + 1);
      out_->Text(")");
      return;
    }
  }
  out_->Text(call.callee.name + "(");
  const int column = out_->column();
  align_ = column;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) {
      out_->Text(",");
      BreakBetween(End(args[i - 1]), SpanOf(args[i]).begin, column);
    }
    out_->Text(ArgPrefix(call, i));
    const std::string after = ArgSuffix(call, i);
    Emit(args[i], (i + 1 == args.size() ? suffix + 1 : 1) + Width(after));
    out_->Text(after);
  }
  out_->Text(")");
}

namespace {

// The `if` an else branch is (`else if ...`), or null.
const ast::IfExpr* AsIf(const ast::Expr& expr) {
  const auto* nested = boost::get<ast::x3::forward_ast<ast::IfExpr>>(&expr);
  return nested != nullptr ? &nested->get() : nullptr;
}

}  // namespace

void ExprLayout::EmitIf(const ast::IfExpr& branch, int suffix) {
  if (AsIf(branch.else_branch) != nullptr) {
    EmitElseIfChain(branch, suffix);
    return;
  }
  const int column = out_->column();
  const int saved_hang_limit = hang_limit_;
  hang_limit_ = column;
  out_->Text("if ");
  align_ = out_->column();
  EmitOperand(branch.condition, IfPartNeedsParens(branch.condition), 0);
  BreakBetween(End(branch.condition), SpanOf(branch.then_branch).begin, column);
  out_->Text("then ");
  align_ = out_->column();
  EmitOperand(branch.then_branch, IfPartNeedsParens(branch.then_branch), 0);
  BreakBetween(End(branch.then_branch), SpanOf(branch.else_branch).begin, column);
  out_->Text("else ");
  align_ = out_->column();
  Emit(branch.else_branch, suffix);
  hang_limit_ = saved_hang_limit;
}

// An `else if` chain, flat rather than as a staircase: each arm on a line of its own, its
// `then` on the condition's line where it fits (and the author did not break there), else
// under the arm's `if`; every `else` under the first `if`.
//   if a then 1
//   else if b then 2
//   else 3
void ExprLayout::EmitElseIfChain(const ast::IfExpr& branch, int suffix) {
  const int column = out_->column();
  const int saved_hang_limit = hang_limit_;
  hang_limit_ = column;
  const ast::IfExpr* arm = &branch;
  while (arm != nullptr) {
    const int if_column = out_->column();
    out_->Text("if ");
    align_ = out_->column();
    const std::size_t condition_start = out_->text().size();
    EmitOperand(arm->condition, IfPartNeedsParens(arm->condition), 0);
    const bool condition_flat = out_->text().find('\n', condition_start) == std::string::npos;
    const bool then_parens = IfPartNeedsParens(arm->then_branch);
    const int then_width =
        Width(" then ") + Width(FlatText(arm->then_branch)) + (then_parens ? 2 : 0);
    if (condition_flat && !BrokenBetween(arm->condition, arm->then_branch) &&
        !MustBreak(arm->then_branch) && Fits(then_width, 0)) {
      out_->Text(" then ");
    } else {
      BreakBetween(End(arm->condition), SpanOf(arm->then_branch).begin, if_column);
      out_->Text("then ");
    }
    align_ = out_->column();
    EmitOperand(arm->then_branch, then_parens, 0);
    BreakBetween(End(arm->then_branch), SpanOf(arm->else_branch).begin, column);
    out_->Text("else ");
    const ast::IfExpr* next = AsIf(arm->else_branch);
    if (next == nullptr) {
      align_ = out_->column();
      Emit(arm->else_branch, suffix);
    }
    arm = next;
  }
  hang_limit_ = saved_hang_limit;
}

template <typename Entry, typename EntryText>
void ExprLayout::EmitTable(std::string_view keyword, const ast::Located& table,
                           const ast::Expr& subject, const std::vector<Entry>& entries,
                           EntryText entry_text, bool commas, const std::string& after_subject) {
  const int base = align_;
  out_->Text(std::string(keyword) + "(");
  Emit(subject, 3 + static_cast<int>(after_subject.size()));
  out_->Text(after_subject + ") {");
  const std::vector<Gap> gaps = TableGaps(table, subject, entries);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    BreakBetween(gaps[i].begin, gaps[i].end, base + 2);
    out_->Text(entry_text(entries[i]) + (commas && i + 1 < entries.size() ? "," : ""));
  }
  BreakBetween(gaps.back().begin, gaps.back().end, base, base + 2);
  out_->Text("}");
}

}  // namespace rubric::grammar::print
