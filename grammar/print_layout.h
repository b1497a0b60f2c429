// The printer's layout of expressions: text with a known column (Writer), and expressions
// laid out within the line width, broken where the author broke them or where they do not
// fit (ExprLayout).
#ifndef RUBRIC_GRAMMAR_PRINT_LAYOUT_H_
#define RUBRIC_GRAMMAR_PRINT_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast.h"
#include "print_source.h"

namespace rubric::grammar::print {

// Text being built, knowing the display column where the next character goes.
class Writer {
 public:
  explicit Writer(int column = 0) : column_(column) {}

  void Text(std::string_view text);
  // Ends the line and indents the next one to `column`.
  void Newline(int column);
  int column() const { return column_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int column_;
};

// Lays out expressions into a Writer. An expression stays on one line when it fits and the
// author wrote it on one line; else its loosest construct is broken: one operand per line
// with the operators in front and the operands aligned, `then` and `else` under `if`, one
// argument per line, lookup and piecewise entries one per line. Comments inside the
// expression are printed where they were when they sit between such parts; `source` may be
// null (no comments, no line breaks to keep).
class ExprLayout {
 public:
  // `align`: the indentation of the statement the expression is part of.
  ExprLayout(SourceInfo* source, Writer* out, int align);

  // Writes `expr` at the writer's column; `suffix` columns follow it on its last line.
  void Emit(const ast::Expr& expr, int suffix);

 private:
  void EmitOperand(const ast::Expr& expr, bool parens, int suffix);
  void EmitChain(const ast::Chain& chain, int suffix);
  void EmitCall(const ast::Call& call, int suffix);
  void EmitIf(const ast::IfExpr& branch, int suffix);
  void EmitElseIfChain(const ast::IfExpr& branch, int suffix);
  template <typename Entry, typename EntryText>
  void EmitTable(std::string_view keyword, const ast::Located& table, const ast::Expr& subject,
                 const std::vector<Entry>& entries, EntryText entry_text, bool commas = true,
                 const std::string& after_subject = "");
  // Between two parts of a broken construct, [end, begin) in the source: the comment on the
  // first part's line, the comments on lines of their own (at `comment_column`), a line
  // break to `column`.
  void BreakBetween(std::uint32_t end, std::uint32_t begin, int column, int comment_column);
  void BreakBetween(std::uint32_t end, std::uint32_t begin, int column) {
    BreakBetween(end, begin, column, column);
  }

  std::uint32_t End(const ast::Expr& expr) const;
  bool Fits(int width, int suffix) const;
  bool FitsFlat(const ast::Expr& expr, int suffix) const;
  // The author broke the line between `a` and `b`.
  bool BrokenBetween(const ast::Expr& a, const ast::Expr& b) const;
  // Somewhere inside `expr` a line must break: a break the author made between parts of a
  // construct, or a comment inside a lookup or piecewise.
  bool MustBreak(const ast::Expr& expr) const;
  // The stretches of source around the entries of a lookup or piecewise: before the first,
  // between two, after the last (to the `}`).
  struct Gap {
    std::uint32_t begin;
    std::uint32_t end;
  };
  template <typename Entry>
  std::vector<Gap> TableGaps(const ast::Located& table, const ast::Expr& subject,
                             const std::vector<Entry>& entries) const;
  // Comments in those stretches: they keep the entries one per line.
  template <typename Entry>
  bool TableHasComments(const ast::Located& table, const ast::Expr& subject,
                        const std::vector<Entry>& entries) const;

  SourceInfo* source_;
  Writer* out_;
  int align_;       // where the entries of a broken lookup are indented from
  int hang_limit_;  // operators of a broken chain stand right of this column
};

}  // namespace rubric::grammar::print

#endif  // RUBRIC_GRAMMAR_PRINT_LAYOUT_H_
