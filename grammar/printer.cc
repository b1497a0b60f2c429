// The canonical layout of a whole file: statements one per line in the order written,
// blocks indented by two spaces, comments where they were (see printer.h).
#include "printer.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

#include "print_layout.h"
#include "print_text.h"

namespace rubric::grammar {
namespace {

using print::ExprLayout;
using print::SourceInfo;
using print::Writer;

constexpr int kIndent = 2;
constexpr std::uint32_t kEndOfText = UINT32_MAX;

std::string LabelText(const std::optional<std::string>& label) {
  return label ? " " + QuoteString(*label) : "";
}

std::string PointsSuffix(const std::optional<ast::PointsSpec>& points) {
  return points ? " " + print::PointsText(*points) : "";
}

std::uint32_t ItemBegin(const ast::Item& item) {
  return boost::apply_visitor([](const auto& node) { return print::Unwrap(node).begin; }, item);
}

class StandardPrinter {
 public:
  explicit StandardPrinter(SourceInfo* source) : source_(source) {}

  std::string Print(const ast::Standard& standard) {
    OwnLineComments(standard.begin, 0);
    std::uint32_t header_from = source_->End(standard.name);
    if (standard.base) header_from = std::max(header_from, source_->End(*standard.base));
    Block(standard, header_from, /*always_braces=*/true, standard.body, 0, [&](Writer& line) {
      line.Text("standard " + standard.name.name + LabelText(standard.title));
      if (standard.base) {
        line.Text(" extends " + standard.base->name.name);
        if (standard.base->path) line.Text(" from " + QuoteString(*standard.base->path));
      }
    });
    // After the standard; and, should any comment have been missed, it is kept here.
    OwnLineComments(kEndOfText, 0);
    return std::move(out_);
  }

 private:
  using Render = std::function<void(Writer&)>;

  // Starts an output line for what begins at `begin` in the source: one blank line first
  // when the source had any since the last thing printed (but not at the start of a block).
  void StartLine(std::uint32_t begin, int indent) {
    if (!at_block_start_ && keep_blank_lines_ && begin > last_end_ &&
        source_->HasBlankLine(last_end_, begin)) {
      out_ += '\n';
    }
    at_block_start_ = false;
    out_.append(static_cast<std::size_t>(indent), ' ');
  }

  void CommentLine(std::size_t comment, int indent) {
    StartLine(source_->CommentBegin(comment), indent);
    out_ += source_->CommentText(comment);
    out_ += '\n';
    last_end_ = std::max(last_end_, source_->CommentEnd(comment));
  }

  // The comments not yet printed that begin before `before`, each on a line of its own.
  void OwnLineComments(std::uint32_t before, int indent) {
    for (std::size_t comment : source_->TakeComments(0, before)) CommentLine(comment, indent);
  }

  // A statement, or the first line of a block, spanning [begin, text_end) in the source.
  // Comments inside it that the layout did not place go on lines of their own before it;
  // a comment after it on the same line stays there.
  void Line(std::uint32_t begin, std::uint32_t text_end, int indent, const Render& render) {
    Writer line(indent);
    render(line);
    for (std::size_t comment : source_->TakeComments(begin, text_end)) {
      CommentLine(comment, indent);
    }
    StartLine(begin, indent);
    out_ += line.text();
    last_end_ = std::max(last_end_, text_end);
    Trailing(text_end);
  }

  void Line(const ast::Located& statement, int indent, const Render& render) {
    Line(statement.begin, source_->End(statement), indent, render);
  }

  void Trailing(std::uint32_t after) {
    if (std::optional<std::size_t> comment = source_->TakeTrailing(after, kEndOfText, true)) {
      out_ += "  ";
      out_ += source_->CommentText(*comment);
      last_end_ = std::max(last_end_, source_->CommentEnd(*comment));
    }
    out_ += '\n';
  }

  // Comments left before the block's `}` at `close`, then the `}` ending at `end`.
  void Close(std::uint32_t close, std::uint32_t end, int indent) {
    OwnLineComments(close, indent + kIndent);
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += '}';
    last_end_ = std::max(last_end_, end);
    at_block_start_ = false;
    Trailing(end);
  }

  // Where the `}` that ends at `end` is.
  std::uint32_t CloseOffset(std::uint32_t end) const {
    return end > 0 && source_->At(end - 1) == '}' ? end - 1 : end;
  }

  // A statement that may have a body in braces: a group, an indicator, a change, the
  // standard. Its header's last element ends at `header_from`. Without items and without
  // comments inside, the braces are left out (they mean nothing then).
  void Block(const ast::Located& block, std::uint32_t header_from, bool always_braces,
             const std::vector<ast::Item>& body, int indent, const Render& header) {
    const std::uint32_t end = source_->End(block);
    const std::optional<std::uint32_t> brace = source_->FindOpenBrace(header_from, end);
    const std::uint32_t close = CloseOffset(end);
    const bool braces =
        always_braces || !body.empty() || (brace && source_->HasComments(*brace + 1, close));
    if (!braces) {
      Line(block.begin, end, indent, header);
      return;
    }
    const std::uint32_t header_end =
        brace ? *brace + 1 : (body.empty() ? block.begin : ItemBegin(body.front()));
    Line(block.begin, header_end, indent, [&](Writer& line) {
      header(line);
      line.Text(" {");
    });
    at_block_start_ = true;
    for (const ast::Item& item : body) {
      OwnLineComments(ItemBegin(item), indent + kIndent);
      Item(item, indent + kIndent);
    }
    Close(close, end, indent);
  }

  void Grades(const ast::GradesDecl& grades, int indent) {
    const std::string header =
        "grades" +
        (grades.tolerance ? " (tolerance " + FormatNumber(*grades.tolerance) + ")" : "") + " {";
    const std::uint32_t end = source_->End(grades);
    const std::optional<std::uint32_t> brace = source_->FindOpenBrace(grades.begin, end);
    const std::uint32_t close = CloseOffset(end);
    if (grades.bands.empty() && !(brace && source_->HasComments(*brace + 1, close))) {
      Line(grades.begin, end, indent, [&](Writer& line) { line.Text(header + "}"); });
      return;
    }
    const std::uint32_t header_end =
        brace ? *brace + 1 : (grades.bands.empty() ? grades.begin : grades.bands.front().begin);
    Line(grades.begin, header_end, indent, [&](Writer& line) { line.Text(header); });
    at_block_start_ = true;
    keep_blank_lines_ = false;  // the bands are one list
    for (const ast::GradeBand& band : grades.bands) {
      OwnLineComments(band.begin, indent + kIndent);
      Line(band, indent + kIndent, [&](Writer& line) { line.Text(print::BandText(band)); });
    }
    Close(close, end, indent);
    keep_blank_lines_ = true;
  }

  // `prefix` then the expression, laid out from the statement's indentation.
  // `suffix_width`: columns that follow the expression on its last line.
  Render WithExpr(std::string prefix, const ast::Expr& expr, int indent, int suffix_width = 0) {
    return [this, prefix = std::move(prefix), &expr, indent, suffix_width](Writer& line) {
      line.Text(prefix);
      ExprLayout(source_, &line, indent).Emit(expr, suffix_width);
    };
  }

  void Item(const ast::Item& item, int indent) {
    boost::apply_visitor([&](const auto& wrapped) { Statement(print::Unwrap(wrapped), indent); },
                         item);
  }

  void Statement(const ast::InputDecl& input, int indent) {
    std::string text =
        "input " + input.name.name + LabelText(input.label) + " : " + print::TypeText(input.type);
    if (input.missing) text += " missing " + print::MissingText(*input.missing, input.impute);
    Line(input, indent, [&](Writer& line) { line.Text(text); });
  }

  void Statement(const ast::LetDecl& let, int indent) {
    Line(let, indent,
         WithExpr(std::string(let.output ? "output " : "") + "let " + let.name.name +
                      LabelText(let.label) + " = ",
                  let.value, indent));
  }

  void Statement(const ast::FunctionDecl& function, int indent) {
    // `function f(x)`, but `function f "label" (x)`: the label stands apart.
    std::string head = "function " + function.name.name;
    head += function.label ? LabelText(function.label) + " (" : "(";
    for (std::size_t i = 0; i < function.params.size(); ++i) {
      if (i > 0) head += ", ";
      head += function.params[i].name;
    }
    Line(function, indent, WithExpr(head + ") = ", function.body, indent));
  }

  void Statement(const ast::NodeDecl& node, int indent) {
    std::uint32_t header_from = source_->End(node.name);
    if (node.points) header_from = std::max(header_from, source_->End(*node.points));
    if (node.weight) header_from = std::max(header_from, source_->End(*node.weight));
    Block(node, header_from, false, node.body, indent, [&](Writer& line) {
      line.Text((node.kind == ast::NodeKind::kGroup ? "group " : "indicator ") + node.name.name +
                LabelText(node.label) + PointsSuffix(node.points) +
                (node.weight ? " weight " + FormatNumber(node.weight->value) : "") +
                (node.cost ? " cost" : ""));
    });
  }

  void Statement(const ast::AggregateDecl& aggregate, int indent) {
    Line(aggregate, indent,
         [&](Writer& line) { line.Text("aggregate " + print::AggregateText(aggregate)); });
  }

  // `weights TERM` on one line; an AHP matrix puts its rows on lines of their own.
  void Statement(const ast::WeightsDecl& weights, int indent) {
    std::string text = "weights ";
    if (weights.combination == ast::WeightCombination::kMean) text += "mean(";
    if (weights.combination == ast::WeightCombination::kProduct) text += "product(";
    std::uint32_t segment_begin = weights.begin;
    for (std::size_t i = 0; i < weights.terms.size(); ++i) {
      const ast::WeightTerm& term = weights.terms[i];
      if (i > 0) text += ", ";
      text += print::WeightTermHead(term);
      if (term.method != ast::WeightMethod::kAhp) continue;
      const std::uint32_t term_end = source_->End(term);
      const std::optional<std::uint32_t> brace = source_->FindOpenBrace(term.begin, term_end);
      const std::uint32_t header_end = brace ? *brace + 1 : term.begin;
      Line(segment_begin, header_end, indent, [&](Writer& line) { line.Text(text + " {"); });
      at_block_start_ = true;
      keep_blank_lines_ = false;  // the rows are one matrix
      for (const ast::AhpRow& row : term.rows) {
        OwnLineComments(row.begin, indent + kIndent);
        Line(row, indent + kIndent, [&](Writer& line) { line.Text(print::AhpRowText(row)); });
      }
      OwnLineComments(CloseOffset(term_end), indent + kIndent);
      keep_blank_lines_ = true;
      text = "}";
      segment_begin = CloseOffset(term_end);
    }
    if (weights.combination != ast::WeightCombination::kSingle) text += ")";
    Line(segment_begin, source_->End(weights), indent, [&](Writer& line) { line.Text(text); });
  }

  void Statement(const ast::ChangeDecl& change, int indent) {
    std::uint32_t header_from = source_->End(change.name);
    if (change.points) header_from = std::max(header_from, source_->End(*change.points));
    if (change.value) {
      header_from = std::max(header_from, source_->End(print::SpanOf(*change.value)));
    }
    const std::string head =
        "change " + change.name.name + LabelText(change.label) + PointsSuffix(change.points);
    Block(change, header_from, false, change.body, indent, [&](Writer& line) {
      if (!change.value) {
        line.Text(head);
        return;
      }
      // " {" may follow the expression: room for it.
      WithExpr(head + " = ", *change.value, indent, change.body.empty() ? 0 : 2)(line);
    });
  }

  void Statement(const ast::VetoDecl& veto, int indent) {
    std::string head = "veto";
    if (veto.name) head += " " + veto.name->name;
    head += LabelText(veto.label) + " when ";
    Line(veto, indent, WithExpr(head, veto.condition, indent));
  }

  void Statement(const ast::RuleDecl& rule, int indent) {
    Line(rule, indent,
         WithExpr(rule.kind == ast::RuleKind::kScore ? "score " : "value ", rule.expr, indent));
  }

  void Statement(const ast::VersionDecl& version, int indent) {
    Line(version, indent, [&](Writer& line) { line.Text("version " + QuoteString(version.text)); });
  }

  void Statement(const ast::TotalDecl& total, int indent) {
    Line(total, indent, [&](Writer& line) { line.Text("total " + FormatNumber(total.value)); });
  }

  void Statement(const ast::MissingDecl& missing, int indent) {
    Line(missing, indent, [&](Writer& line) {
      line.Text("missing " + print::MissingText(missing.policy, missing.impute));
    });
  }

  void Statement(const ast::CoverageDecl& coverage, int indent) {
    Line(coverage, indent,
         [&](Writer& line) { line.Text("coverage >= " + FormatNumber(coverage.percent) + "%"); });
  }

  void Statement(const ast::GradesDecl& grades, int indent) { Grades(grades, indent); }

  void Statement(const ast::UnitDecl& unit, int indent) {
    std::string text = "unit [" + unit.name + "]";
    if (unit.factor && unit.base)
      text += " = " + FormatNumber(*unit.factor) + " [" + *unit.base + "]";
    Line(unit, indent, [&](Writer& line) { line.Text(text); });
  }

  void Statement(const ast::RemoveDecl& removal, int indent) {
    std::string text = "remove ";
    for (std::size_t i = 0; i < removal.names.size(); ++i) {
      if (i > 0) text += ", ";
      text += removal.names[i].name;
    }
    Line(removal, indent, [&](Writer& line) { line.Text(text); });
  }

  SourceInfo* source_;
  std::string out_;
  std::uint32_t last_end_ = 0;  // where the last thing printed ends in the source
  bool at_block_start_ = true;  // nothing printed yet since the last `{` (or the file start)
  bool keep_blank_lines_ = true;
};

}  // namespace

std::string FormatStandard(std::string_view source, const ast::Standard& standard,
                           const std::vector<ast::Comment>& comments, std::uint32_t first_offset) {
  SourceInfo info(source, first_offset, comments);
  return StandardPrinter(&info).Print(standard);
}

}  // namespace rubric::grammar
