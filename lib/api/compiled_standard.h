// What a rubric::Standard shares between its copies: the checked model, its dependency graph
// and the flat plan, plus the public descriptions of its parts. Immutable after Compile(),
// but for the content hash, computed once on first request (from any thread).
#ifndef RUBRIC_LIB_API_COMPILED_STANDARD_H_
#define RUBRIC_LIB_API_COMPILED_STANDARD_H_

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "api/source_set.h"
#include "graph/dependency_graph.h"
#include "plan/plan.h"
#include "rubric/standard.h"
#include "sema/model.h"

namespace rubric::internal {

struct CompiledStandard {
  SourceSet sources;  // the text it was compiled from, to locate later diagnostics (lint)
  sema::Model model;
  graph::DependencyGraph graph;
  plan::Plan plan;
  // "sha256:" and the SHA-256 of sema::CanonicalForm(model): Standard::content_hash(). Not
  // computed by Compile (a large standard's canonical form takes as long to write as the
  // rest of the compilation), but once, by the first caller of ContentHash().
  const std::string& ContentHash() const;

  std::vector<InputInfo> inputs;
  std::vector<NodeInfo> nodes;
  std::vector<VetoInfo> vetoes;
  std::vector<OutputInfo> outputs;
  std::vector<WeightedGroupInfo> weighted_groups;
  std::vector<std::size_t> output_lets;  // the let of each output
  absl::flat_hash_map<std::string, std::size_t> input_index;
  absl::flat_hash_map<std::string, std::size_t> node_index;
  std::vector<std::size_t> unscorable_inputs;  // inputs whose missing policy is kUnscorable
  // `coverage >= P%`: the fraction of the counted inputs (every input but text inputs) a
  // row must have present to be scorable.
  std::optional<double> coverage;
  std::vector<std::uint8_t> counted_for_coverage;  // per input
  std::size_t coverage_inputs = 0;                 // how many inputs are counted

 private:
  mutable std::once_flag content_hash_once_;
  mutable std::string content_hash_;
};

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_API_COMPILED_STANDARD_H_
