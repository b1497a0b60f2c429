// What the features share: positions as JSON, the chain of a variant's sources, and
// finding the declaration a name at a place refers to.
#ifndef RUBRIC_LIB_LSP_FEATURES_SUPPORT_H_
#define RUBRIC_LIB_LSP_FEATURES_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "lsp/features.h"

namespace rubric::lsp {

// The document's source, then its base, the base's base, ... (as far as they can be read).
std::vector<Source> ChainOf(Workspace& workspace, const OpenDocument& doc);

// A declaration in one of a chain's sources.
struct Target {
  std::size_t source = 0;  // index into the chain
  int decl = -1;           // index into that source's decls
  bool found() const { return decl >= 0; }
};

// The declaration named at byte `offset` of chain[0] (a declaration's name or a use),
// looked up in chain[0] first, then in each base.
Target TargetAt(const std::vector<Source>& chain, std::uint32_t offset);
// The declaration `name` resolves to in the chain from a use in chain[0] inside `function`.
Target Lookup(const std::vector<Source>& chain, const std::string& name, int function);

Json LocationOf(const Source& source, std::uint32_t begin, std::uint32_t end);

}  // namespace rubric::lsp

#endif  // RUBRIC_LIB_LSP_FEATURES_SUPPORT_H_
