// Positions as JSON, chains of sources, and name lookup for the features.
#include "lsp/features_support.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace rubric::lsp {

namespace {
constexpr int kMaxChain = 16;
}

Json ToJson(Position position) {
  return {{"line", position.line}, {"character", position.character}};
}

Json ToJson(Range range) { return {{"start", ToJson(range.start)}, {"end", ToJson(range.end)}}; }

namespace {
// A whole number of a position (an LSP uinteger), clamped to what an int holds.
int Coordinate(const Json& json, const char* key) {
  const Json& value = json.at(key);
  if (!value.is_number_integer()) {
    throw std::invalid_argument(std::string("'") + key + "' is not a whole number");
  }
  if (value.is_number_unsigned()) {
    return static_cast<int>(std::min<std::uint64_t>(value.get<std::uint64_t>(), INT_MAX));
  }
  return static_cast<int>(std::clamp<std::int64_t>(value.get<std::int64_t>(), 0, INT_MAX));
}
}  // namespace

Position PositionFromJson(const Json& json) {
  return {Coordinate(json, "line"), Coordinate(json, "character")};
}

Range RangeFromJson(const Json& json) {
  return {PositionFromJson(json.at("start")), PositionFromJson(json.at("end"))};
}

std::vector<Source> ChainOf(Workspace& workspace, const OpenDocument& doc) {
  std::vector<Source> chain{doc.source};
  while (static_cast<int>(chain.size()) < kMaxChain) {
    std::optional<Source> base = workspace.BaseOf(chain.back());
    if (!base) break;
    bool seen = false;
    for (const Source& s : chain) seen = seen || s.path == base->path;
    if (seen) break;  // a cycle (E0109 says so)
    chain.push_back(std::move(*base));
  }
  return chain;
}

Target Lookup(const std::vector<Source>& chain, const std::string& name, int function) {
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const int decl = chain[i].index.Resolve(name, i == 0 ? function : -1);
    if (decl >= 0) return {i, decl};
  }
  return {};
}

Target TargetAt(const std::vector<Source>& chain, std::uint32_t offset) {
  const SymbolIndex& index = chain[0].index;
  const int decl = index.DeclAt(offset);
  if (decl >= 0) return {0, decl};
  const int use = index.UseAt(offset);
  if (use < 0) return {};
  const Use& u = index.uses[static_cast<std::size_t>(use)];
  if (u.change) {  // `change X` names the base's X
    std::vector<Source> bases(chain.begin() + 1, chain.end());
    Target target = bases.empty() ? Target{} : Lookup(bases, u.name, -1);
    if (target.found()) ++target.source;
    return target;
  }
  return Lookup(chain, u.name, u.function);
}

Json LocationOf(const Source& source, std::uint32_t begin, std::uint32_t end) {
  return {{"uri", source.uri}, {"range", ToJson(source.document.RangeOf(begin, end))}};
}

}  // namespace rubric::lsp
