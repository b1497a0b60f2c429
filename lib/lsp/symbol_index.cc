// The syntax tree -> declarations and uses of names.
#include "lsp/symbol_index.h"

#include <utility>

#include "grammar/ast.h"
#include "grammar/parser.h"

namespace rubric::lsp {
namespace {

class Indexer {
 public:
  Indexer(std::string_view text, SymbolIndex* index) : text_(text), index_(index) {}

  void Standard(const ast::Standard& standard) {
    index_->standard_name = standard.name.name;
    if (standard.base) {
      index_->base_name = standard.base->name.name;
      index_->base_path = standard.base->path;
      index_->base_begin = standard.base->name.begin;
      index_->base_end = standard.base->name.end;
    }
    Items(standard.body, -1);
  }

 private:
  std::string Text(std::uint32_t begin, std::uint32_t end) const {
    if (begin >= end || end > text_.size()) return {};
    return std::string(text_.substr(begin, end - begin));
  }

  int AddDecl(Decl decl, int parent) {
    const int id = static_cast<int>(index_->decls.size());
    decl.parent = parent;
    index_->decls.push_back(std::move(decl));
    if (parent >= 0) {
      index_->decls[static_cast<std::size_t>(parent)].children.push_back(id);
    } else {
      index_->top.push_back(id);
    }
    return id;
  }

  static Decl Named(const ast::Identifier& name, DeclKind kind, const ast::Located& whole) {
    Decl decl;
    decl.name = name.name;
    decl.kind = kind;
    decl.name_begin = name.begin;
    decl.name_end = name.end;
    decl.begin = whole.begin;
    decl.end = whole.end;
    return decl;
  }

  void UseOf(const ast::Identifier& id, bool change = false) {
    index_->uses.push_back({id.name, id.begin, id.end, function_, change});
  }

  void Items(const std::vector<ast::Item>& items, int parent) {
    for (const ast::Item& item : items) {
      boost::apply_visitor([&](const auto& wrapped) { Item(ast::Unwrap(wrapped), parent); }, item);
    }
  }

  void Item(const ast::InputDecl& input, int parent) {
    Decl decl = Named(input.name, DeclKind::kInput, input);
    decl.label = input.label.value_or("");
    for (const ast::Name& option : input.type.options) decl.options.push_back(option.text);
    if (input.impute && input.impute->by) UseOf(*input.impute->by);
    AddDecl(std::move(decl), parent);
  }
  void Item(const ast::LetDecl& let, int parent) {
    Decl decl = Named(let.name, DeclKind::kLet, let);
    decl.label = let.label.value_or("");
    AddDecl(std::move(decl), parent);
    Expr(let.value);
  }
  void Item(const ast::NodeDecl& node, int parent) {
    Decl decl =
        Named(node.name,
              node.kind == ast::NodeKind::kGroup ? DeclKind::kGroup : DeclKind::kIndicator, node);
    decl.label = node.label.value_or("");
    if (node.points) decl.points_end = node.points->end;
    for (const ast::Item& item : node.body) {
      if (const auto* rule = boost::get<ast::RuleDecl>(&item))
        decl.rule = Text(rule->begin, rule->end);
    }
    const int id = AddDecl(std::move(decl), parent);
    Items(node.body, id);
  }
  void Item(const ast::VetoDecl& veto, int parent) {
    if (veto.name) {
      Decl decl = Named(*veto.name, DeclKind::kVeto, veto);
      decl.label = veto.label.value_or("");
      AddDecl(std::move(decl), parent);
    }
    Expr(veto.condition);
  }
  void Item(const ast::RuleDecl& rule, int) { Expr(rule.expr); }
  void Item(const ast::VersionDecl&, int) {}
  void Item(const ast::TotalDecl&, int) {}
  void Item(const ast::MissingDecl& missing, int) {
    if (missing.impute && missing.impute->by) UseOf(*missing.impute->by);
  }
  void Item(const ast::CoverageDecl&, int) {}
  void Item(const ast::GradesDecl&, int) {}
  void Item(const ast::UnitDecl& unit, int) { index_->units.push_back(unit.name); }
  void Item(const ast::RemoveDecl& remove, int) {
    for (const ast::Identifier& name : remove.names) UseOf(name, true);
  }
  void Item(const ast::ChangeDecl& change, int parent) {
    UseOf(change.name, true);
    if (change.value) Expr(*change.value);
    Items(change.body, parent);
  }
  void Item(const ast::FunctionDecl& function, int parent) {
    Decl decl = Named(function.name, DeclKind::kFunction, function);
    decl.label = function.label.value_or("");
    const int id = AddDecl(std::move(decl), parent);
    for (const ast::Identifier& param : function.params) {
      Decl p = Named(param, DeclKind::kParameter, param);
      p.function = id;
      // Parameters are not children in the outline: add them without a parent link.
      p.parent = id;
      index_->decls.push_back(std::move(p));
    }
    function_ = id;
    Expr(function.body);
    function_ = -1;
  }
  void Item(const ast::AggregateDecl& aggregate, int) {
    if (aggregate.by) UseOf(*aggregate.by);
  }
  void Item(const ast::WeightsDecl& weights, int) {
    for (const ast::WeightTerm& term : weights.terms) {
      if (term.by) UseOf(*term.by);
      for (const ast::AhpRow& row : term.rows) UseOf(row.name);
    }
  }

  void Expr(const ast::Expr& expr) {
    boost::apply_visitor([&](const auto& wrapped) { Node(ast::Unwrap(wrapped)); }, expr);
  }
  void Node(const ast::NumberLit&) {}
  void Node(const ast::BoolLit&) {}
  void Node(const ast::Identifier& id) { UseOf(id); }
  void Node(const ast::UnaryExpr& unary) { Expr(unary.operand); }
  void Node(const ast::Chain& chain) {
    Expr(chain.first);
    for (const ast::Operation& op : chain.rest) Expr(op.operand);
  }
  void Node(const ast::Call& call) {
    UseOf(call.callee);
    for (const ast::Expr& arg : call.args) Expr(arg);
    for (const ast::ArgClauses& clauses : call.clauses) {
      if (clauses.by) UseOf(*clauses.by);
    }
  }
  void Node(const ast::LookupExpr& lookup) { Expr(lookup.subject); }
  void Node(const ast::PiecewiseExpr& piecewise) { Expr(piecewise.subject); }
  void Node(const ast::IfExpr& e) {
    Expr(e.condition);
    Expr(e.then_branch);
    Expr(e.else_branch);
  }
  void Node(const ast::BandExpr& band) { Expr(band.subject); }

  std::string_view text_;
  SymbolIndex* index_;
  int function_ = -1;
};

}  // namespace

int SymbolIndex::Resolve(std::string_view name, int function) const {
  if (function >= 0) {
    for (std::size_t i = 0; i < decls.size(); ++i) {
      if (decls[i].kind == DeclKind::kParameter && decls[i].function == function &&
          decls[i].name == name) {
        return static_cast<int>(i);
      }
    }
  }
  for (std::size_t i = 0; i < decls.size(); ++i) {
    if (decls[i].kind != DeclKind::kParameter && decls[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int SymbolIndex::DeclAt(std::uint32_t offset) const {
  for (std::size_t i = 0; i < decls.size(); ++i) {
    if (decls[i].name_begin <= offset && offset <= decls[i].name_end) return static_cast<int>(i);
  }
  return -1;
}

int SymbolIndex::UseAt(std::uint32_t offset) const {
  for (std::size_t i = 0; i < uses.size(); ++i) {
    if (uses[i].begin <= offset && offset <= uses[i].end) return static_cast<int>(i);
  }
  return -1;
}

SymbolIndex IndexSource(std::string_view text) {
  SymbolIndex index;
  grammar::ParseOutput parsed = grammar::Parse(text);
  if (!parsed.standard) return index;
  index.parsed = true;
  Indexer(text, &index).Standard(*parsed.standard);
  return index;
}

}  // namespace rubric::lsp
