// Standard::Compile: the pipeline text -> syntax tree -> model -> graph -> plan.
#include "rubric/standard.h"

#include <algorithm>
#include <utility>

#include "api/compiled_standard.h"
#include "api/source_position.h"
#include "grammar/parser.h"
#include "sema/analyzer.h"

namespace rubric {
namespace {

// Fills in file, line and column, and sorts by position (stable: same place keeps order).
void Locate(std::string_view source, std::string_view file_name,
            std::vector<Diagnostic>* diagnostics) {
  const internal::LineIndex index(source);
  for (Diagnostic& d : *diagnostics) {
    d.file = std::string(file_name);
    index.Locate(d.offset, &d.line, &d.column);
  }
  std::stable_sort(diagnostics->begin(), diagnostics->end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.offset < b.offset; });
}

std::shared_ptr<internal::CompiledStandard> Describe(sema::Model model,
                                                     graph::DependencyGraph graph) {
  auto compiled = std::make_shared<internal::CompiledStandard>();
  compiled->plan = plan::BuildPlan(model, graph);
  compiled->inputs.reserve(model.inputs.size());
  compiled->input_index.reserve(model.inputs.size());
  compiled->nodes.reserve(model.nodes.size());
  compiled->node_index.reserve(model.nodes.size());
  for (std::size_t i = 0; i < model.inputs.size(); ++i) {
    compiled->inputs.push_back(model.inputs[i].info);
    compiled->input_index.emplace(model.inputs[i].info.id, i);
    if (model.inputs[i].info.missing == MissingPolicy::kUnscorable) {
      compiled->unscorable_inputs.push_back(i);
    }
  }
  for (std::size_t i = 0; i < model.nodes.size(); ++i) {
    compiled->nodes.push_back(model.nodes[i].info);
    compiled->node_index.emplace(model.nodes[i].info.id, i);
  }
  for (const sema::Veto& veto : model.vetoes) compiled->vetoes.push_back(veto.info);
  compiled->model = std::move(model);
  compiled->graph = std::move(graph);
  return compiled;
}

}  // namespace

const char* InputTypeName(InputType type) {
  switch (type) {
    case InputType::kBool:
      return "bool";
    case InputType::kNumber:
      return "number";
    case InputType::kPercent:
      return "percent";
    case InputType::kInteger:
      return "integer";
    case InputType::kRank:
      return "rank";
    case InputType::kEnum:
      return "enum";
    case InputType::kText:
      return "text";
  }
  return "number";
}

CompileResult Standard::Compile(std::string_view source, std::string_view file_name) {
  CompileResult result;
  grammar::ParseOutput parsed = grammar::Parse(source);
  for (grammar::SyntaxError& e : parsed.errors) {
    Diagnostic d;
    d.code = std::move(e.code);
    d.message = std::move(e.message);
    d.hint = std::move(e.hint);
    d.offset = e.offset;
    d.length = e.length;
    result.diagnostics.push_back(std::move(d));
  }
  if (parsed.standard) {
    std::optional<sema::Model> model = sema::Analyze(*parsed.standard, &result.diagnostics);
    if (model) {
      std::optional<graph::DependencyGraph> graph =
          graph::BuildDependencyGraph(*model, &result.diagnostics);
      if (graph) result.standard = Standard(Describe(std::move(*model), std::move(*graph)));
    }
  }
  Locate(source, file_name, &result.diagnostics);
  return result;
}

Standard::Standard(std::shared_ptr<const internal::CompiledStandard> impl)
    : impl_(std::move(impl)) {}

const std::string& Standard::id() const { return impl_->model.id; }
const std::string& Standard::title() const { return impl_->model.title; }
const std::string& Standard::version() const { return impl_->model.version; }
std::optional<double> Standard::total_points() const { return impl_->model.total_points; }
std::span<const InputInfo> Standard::inputs() const { return impl_->inputs; }
std::span<const NodeInfo> Standard::nodes() const { return impl_->nodes; }
std::span<const VetoInfo> Standard::vetoes() const { return impl_->vetoes; }
std::span<const GradeInfo> Standard::grades() const { return impl_->model.grades; }
double Standard::grade_tolerance() const { return impl_->model.grade_tolerance; }

std::optional<std::size_t> Standard::FindInput(std::string_view id) const {
  auto it = impl_->input_index.find(std::string(id));
  if (it == impl_->input_index.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Standard::FindNode(std::string_view id) const {
  auto it = impl_->node_index.find(std::string(id));
  if (it == impl_->node_index.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Standard::FindOption(std::size_t input, std::string_view label) const {
  if (input >= impl_->inputs.size()) return std::nullopt;
  const std::vector<std::string>& options = impl_->inputs[input].options;
  auto it = std::find(options.begin(), options.end(), label);
  if (it == options.end()) return std::nullopt;
  return static_cast<std::size_t>(it - options.begin());
}

}  // namespace rubric
