// What the language server knows of one source file's syntax: its declarations (with the
// byte ranges of their names and of the whole statement) and every use of a name, read from
// the library's own syntax tree (grammar/ast.h).
#ifndef RUBRIC_LIB_LSP_SYMBOL_INDEX_H_
#define RUBRIC_LIB_LSP_SYMBOL_INDEX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubric::lsp {

enum class DeclKind { kInput, kLet, kGroup, kIndicator, kVeto, kFunction, kParameter };

struct Decl {
  std::string name;
  DeclKind kind = DeclKind::kInput;
  std::string label;
  std::uint32_t name_begin = 0, name_end = 0;  // the name
  std::uint32_t begin = 0, end = 0;            // the whole statement
  int parent = -1;                             // the enclosing node (a Decl index)
  std::vector<int> children;                   // declarations inside a node
  int function = -1;                           // for a parameter: its function
  // A node: its `points` (end of the points clause, 0 when none) and its rule's text.
  std::uint32_t points_end = 0;
  std::string rule;
  std::vector<std::string> options;  // an enum input's options
};

struct Use {
  std::string name;
  std::uint32_t begin = 0, end = 0;
  int function = -1;    // inside the body of this function (its parameters come first)
  bool change = false;  // `change NAME` or `remove NAME` in a variant: a name of the base
};

struct SymbolIndex {
  bool parsed = false;  // false when the text had syntax errors (the index is empty)
  std::string standard_name;
  std::optional<std::string> base_name;  // `extends NAME`
  std::optional<std::string> base_path;  // `from "PATH"`
  std::uint32_t base_begin = 0, base_end = 0;
  std::vector<Decl> decls;
  std::vector<int> top;  // top-level declarations
  std::vector<Use> uses;
  std::vector<std::string> units;  // units the standard declares

  // The declaration `name` resolves to from a use inside `function` (-1: none), or -1.
  int Resolve(std::string_view name, int function = -1) const;
  // The declaration whose name, or the use whose name, covers byte `offset`.
  int DeclAt(std::uint32_t offset) const;
  int UseAt(std::uint32_t offset) const;
};

// Parses `text` with the library's parser and indexes it.
SymbolIndex IndexSource(std::string_view text);

}  // namespace rubric::lsp

#endif  // RUBRIC_LIB_LSP_SYMBOL_INDEX_H_
