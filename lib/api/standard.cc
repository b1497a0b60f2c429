// Standard::Compile: the pipeline text -> syntax tree -> model -> graph -> plan.
#include "rubric/standard.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <utility>

#include "api/base_path.h"
#include "api/compiled_standard.h"
#include "api/source_set.h"
#include "grammar/parser.h"
#include "rubric/file.h"
#include "sema/analyzer.h"
#include "sema/canonical_form.h"
#include "sema/variant.h"
#include "util/sha256.h"

namespace rubric {
namespace {

// How many bases a chain of variants may have: a variant of a variant of ... .
constexpr int kMaxBaseDepth = 16;

static_assert(grammar::ParseLimits{}.max_source_bytes == kMaxStandardFileBytes,
              "a standard's file is read up to the parser's source limit");

void AddSyntaxErrors(std::vector<grammar::SyntaxError>* errors, Severity severity,
                     std::vector<Diagnostic>* diagnostics) {
  for (grammar::SyntaxError& e : *errors) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(e.code);
    d.message = std::move(e.message);
    d.hint = std::move(e.hint);
    d.offset = e.offset;
    d.length = e.length;
    diagnostics->push_back(std::move(d));
  }
}

void BaseError(const ast::BaseRef& base, std::string message, std::string hint,
               std::vector<Diagnostic>* diagnostics) {
  Diagnostic d;
  d.code = "E0109";
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.offset = base.begin;
  d.length = base.end - base.begin;
  diagnostics->push_back(std::move(d));
}

// Parses `text` (added to `sources` as `file_name`) and, when it is a variant, its bases,
// applying each variant to its base: the result is one standard without `extends`.
std::optional<ast::Standard> ParseWithBases(const std::string& file_name, std::string text,
                                            const BaseLoader& load_base,
                                            internal::SourceSet* sources,
                                            std::vector<Diagnostic>* diagnostics,
                                            std::vector<std::string> chain = {}) {
  const std::uint32_t first_offset = sources->Add(file_name, std::move(text));
  grammar::ParseOutput parsed =
      grammar::Parse(sources->files().back().text, grammar::ParseLimits{}, first_offset);
  AddSyntaxErrors(&parsed.errors, Severity::kError, diagnostics);
  AddSyntaxErrors(&parsed.warnings, Severity::kWarning, diagnostics);
  sources->AddComments(parsed.comments);
  if (!parsed.standard || !parsed.standard->base) return std::move(parsed.standard);

  ast::Standard variant = std::move(*parsed.standard);
  const ast::BaseRef& base_ref = *variant.base;
  const std::string& base_id = base_ref.name.name;
  chain.push_back(variant.name.name);
  if (std::find(chain.begin(), chain.end(), base_id) != chain.end()) {
    std::string cycle;
    for (const std::string& id : chain) cycle += id + " -> ";
    BaseError(base_ref, "variants extend each other in a cycle: " + cycle + base_id, "",
              diagnostics);
    return std::nullopt;
  }
  if (chain.size() > static_cast<std::size_t>(kMaxBaseDepth)) {
    BaseError(base_ref, "more than " + std::to_string(kMaxBaseDepth) + " bases in a chain", "",
              diagnostics);
    return std::nullopt;
  }
  if (!load_base) {
    BaseError(base_ref, "cannot read the base '" + base_id + "': no way to load files given",
              "compile with Standard::CompileFile, or set CompileOptions::load_base", diagnostics);
    return std::nullopt;
  }
  StatusOr<SourceFile> base_file = load_base(base_id, base_ref.path.value_or(""), file_name);
  if (!base_file.ok()) {
    BaseError(base_ref, base_file.status().message(),
              base_file.status().code() == StatusCode::kFailedPrecondition
                  ? "bases are read from the standard's folder and its subfolders; others "
                    "only when the caller allows any base (rubric --allow-any-base)"
              : base_ref.path ? "the path after `from` is relative to this file"
                              : "write `extends " + base_id + " from \"FILE\"`, or put " + base_id +
                                    ".rubric beside this file",
              diagnostics);
    return std::nullopt;
  }
  // Never parse (and so never quote in a diagnostic) a file that is not a standard.
  if (!internal::StartsAsStandard(base_file->text)) {
    BaseError(base_ref, "'" + base_file->name + "' is not a rubric standard",
              "a base is a rubric file: it starts with `standard`", diagnostics);
    return std::nullopt;
  }
  std::optional<ast::Standard> base = ParseWithBases(base_file->name, std::move(base_file->text),
                                                     load_base, sources, diagnostics, chain);
  if (!base) return std::nullopt;
  if (base->name.name != base_id) {
    BaseError(base_ref,
              "'" + base_file->name + "' holds the standard '" + base->name.name + "', not '" +
                  base_id + "'",
              "name the base as its file does: `extends " + base->name.name + "`", diagnostics);
    return std::nullopt;
  }
  return sema::ApplyVariant(std::move(*base), variant, diagnostics);
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
    const bool counted = model.inputs[i].info.type != InputType::kText;
    compiled->counted_for_coverage.push_back(counted ? 1 : 0);
    compiled->coverage_inputs += counted ? 1 : 0;
  }
  compiled->coverage = model.coverage;
  for (std::size_t i = 0; i < model.nodes.size(); ++i) {
    compiled->nodes.push_back(model.nodes[i].info);
    compiled->node_index.emplace(model.nodes[i].info.id, i);
  }
  for (const sema::Veto& veto : model.vetoes) compiled->vetoes.push_back(veto.info);
  for (std::size_t i = 0; i < model.lets.size(); ++i) {
    if (!model.lets[i].output) continue;
    compiled->outputs.push_back({model.lets[i].id, model.lets[i].label, model.lets[i].band_names});
    compiled->output_lets.push_back(i);
  }
  for (const sema::GroupWeights& group : model.weighted_groups) {
    WeightedGroupInfo info;
    info.node = static_cast<std::size_t>(group.node);
    info.aggregate = group.aggregate;
    info.method = group.method;
    for (int child : group.children) info.children.push_back(static_cast<std::size_t>(child));
    info.weights = group.constant_weights;
    for (const sema::GroupWeights::Consistency& c : group.consistency) {
      info.consistency.push_back({c.lambda_max, c.ci, c.ri, c.cr});
    }
    compiled->weighted_groups.push_back(std::move(info));
  }
  std::sort(compiled->weighted_groups.begin(), compiled->weighted_groups.end(),
            [](const WeightedGroupInfo& a, const WeightedGroupInfo& b) { return a.node < b.node; });
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
  CompileOptions options;
  options.file_name = std::string(file_name);
  return Compile(source, options);
}

CompileResult Standard::Compile(std::string_view source, const CompileOptions& options) {
  CompileResult result;
  internal::SourceSet sources;
  std::optional<ast::Standard> standard = ParseWithBases(
      options.file_name, std::string(source), options.load_base, &sources, &result.diagnostics);
  if (standard && !HasErrors(result.diagnostics)) {
    std::optional<sema::Model> model = sema::Analyze(*standard, &result.diagnostics);
    if (model) {
      std::optional<graph::DependencyGraph> graph =
          graph::BuildDependencyGraph(*model, &result.diagnostics);
      if (graph) {
        sources.Locate(&result.diagnostics);
        std::shared_ptr<internal::CompiledStandard> compiled =
            Describe(std::move(*model), std::move(*graph));
        compiled->sources = std::move(sources);  // for diagnostics found later (lint)
        result.standard = Standard(std::move(compiled));
        return result;
      }
    }
  }
  sources.Locate(&result.diagnostics);
  return result;
}

CompileResult Standard::CompileFile(const std::string& path) {
  return CompileFile(path, CompileFileOptions{});
}

CompileResult Standard::CompileFile(const std::string& path, const CompileFileOptions& options) {
  // A file too large is E0005, as its text would be; any other refusal is E0009.
  StatusOr<std::string> text = ReadInputFile(path, kMaxStandardFileBytes);
  if (!text.ok()) {
    CompileResult result;
    result.diagnostics.push_back(StandardFileDiagnostic(path, text.status()));
    return result;
  }
  CompileOptions compile_options;
  compile_options.file_name = path;
  if (options.read_bases) {
    FileBaseOptions bases;
    bases.root = std::filesystem::path(path).parent_path().string();
    bases.allow_any_base = options.allow_any_base;
    compile_options.load_base = FileBaseLoader(std::move(bases));
  }
  return Compile(*text, compile_options);
}

BaseLoader FileBaseLoader(FileBaseOptions options) {
  return [options = std::move(options)](std::string_view base_id, std::string_view from_path,
                                        std::string_view including_file) -> StatusOr<SourceFile> {
    StatusOr<internal::BasePath> path =
        internal::ResolveBasePath(options, base_id, from_path, including_file);
    if (!path.ok()) return path.status();
    StatusOr<std::string> text = ReadInputFile(path->resolved.string(), kMaxStandardFileBytes);
    if (!text.ok()) return text.status();
    return SourceFile{path->named.lexically_normal().string(), std::move(*text)};
  };
}

Standard::Standard(std::shared_ptr<const internal::CompiledStandard> impl)
    : impl_(std::move(impl)) {}

const std::string& Standard::id() const { return impl_->model.id; }
const std::string& Standard::title() const { return impl_->model.title; }
const std::string& Standard::version() const { return impl_->model.version; }
std::optional<double> Standard::total_points() const { return impl_->model.total_points; }
const std::string& internal::CompiledStandard::ContentHash() const {
  // std::call_once (pthread_once) rather than absl::call_once: the sanitizers see its
  // ordering, where they cannot see inside an uninstrumented Abseil.
  std::call_once(content_hash_once_, [this] {
    content_hash_ = "sha256:" + util::Sha256Hex(sema::CanonicalForm(model));
  });
  return content_hash_;
}

const std::string& Standard::content_hash() const { return impl_->ContentHash(); }
std::string Standard::canonical_form() const { return sema::CanonicalForm(impl_->model); }
std::span<const InputInfo> Standard::inputs() const { return impl_->inputs; }
std::span<const NodeInfo> Standard::nodes() const { return impl_->nodes; }
std::span<const VetoInfo> Standard::vetoes() const { return impl_->vetoes; }
std::span<const OutputInfo> Standard::outputs() const { return impl_->outputs; }
std::span<const WeightedGroupInfo> Standard::weighted_groups() const {
  return impl_->weighted_groups;
}
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

const sema::Model& internal::ModelOf(const Standard& standard) { return standard.compiled().model; }

}  // namespace rubric
