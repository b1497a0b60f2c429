// rubric::Standard: a compiled evaluation standard. Immutable once compiled; copies share
// the same compiled data, and a Standard may be used from any number of threads at once.
#ifndef RUBRIC_STANDARD_H_
#define RUBRIC_STANDARD_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/diagnostic.h"
#include "rubric/status.h"

namespace rubric {

namespace sema {
struct Model;
}

namespace internal {
struct CompiledStandard;
}

enum class InputType { kBool, kNumber, kPercent, kInteger, kRank, kEnum, kText };
// kImpute: a missing value is estimated (`missing impute METHOD`, docs/language.md).
enum class MissingPolicy { kDefault, kExclude, kUnscorable, kImpute };
enum class NodeKind { kGroup, kIndicator };
enum class GradeRule { kAtLeast, kOtherwise, kVetoed };

const char* InputTypeName(InputType type);

struct InputInfo {
  std::string id;
  std::string label;
  InputType type = InputType::kNumber;
  std::string unit;           // empty when none
  std::optional<double> min;  // declared bounds, checked when data are loaded
  std::optional<double> max;
  std::vector<std::string> options;  // enum options, lowest first
  MissingPolicy missing = MissingPolicy::kDefault;
};

struct NodeInfo {
  std::string id;
  std::string label;
  NodeKind kind = NodeKind::kGroup;
  int parent = -1;               // index into nodes(), -1 for top-level nodes
  std::vector<int> children;     // indices into nodes()
  int depth = 1;                 // 1 for top-level nodes
  std::optional<double> points;  // possible points, when known
};

struct VetoInfo {
  std::string id;
  std::string label;
  int node = -1;  // the indicator that carries it, or -1 for a standalone veto
};

struct GradeInfo {
  std::string name;
  GradeRule rule = GradeRule::kAtLeast;
  double min = 0;  // for kAtLeast
};

// A let marked `output let`: `rubric score` writes its value beside the nodes'.
struct OutputInfo {
  std::string id;
  std::string label;
  // For a band with names, the names (band k, the value k, at k - 1); else empty.
  std::vector<std::string> band_names;
};

// A group that weighs its children (`aggregate`, `weights`; docs/language.md "Weights
// and aggregation"): how, for `rubric check` and reports.
struct WeightedGroupInfo {
  std::size_t node = 0;   // index into nodes()
  std::string aggregate;  // "mean", "geomean", "hmean", "topsis", "topsis by region"
  std::string method;     // "given", "ahp (eigenvector, Saaty 1980)", "entropy by region", ...
  std::vector<std::size_t> children;  // indices into nodes()
  // Per child, adding up to 1, when known at compile time; empty when the weights are
  // derived from the data (entropy, CRITIC): Explanation::weight has them per row.
  std::vector<double> weights;
  struct Consistency {  // of one AHP matrix
    double lambda_max = 0;
    double ci = 0;  // consistency index (lambda_max - n) / (n - 1)
    double ri = 0;  // random index of the table used
    double cr = 0;  // consistency ratio CI / RI (at most 0.1, or the standard is refused)
  };
  std::vector<Consistency> consistency;
};

// How a standard's rows depend on other periods (Standard::period_dependence()): what
// scoring a file period by period, holding only a window of periods, needs.
struct PeriodDependence {
  // A cohort function ranges over every period (`across periods`): a row's results may
  // depend on the rows of any period.
  bool across_periods = false;
  // The results of a row in period t read rows of periods t - look_back .. t only: the
  // longest chain of prev() and `impute previous N` steps through lets, nodes, inputs and
  // functions (0: no row reads another period). nullopt: unbounded (a value reads its own
  // prev(), directly or through others, or `impute previous` has no N).
  std::optional<int> look_back = 0;
  // What makes it so, for messages ("cohort_rank in let 'r' ranges across periods", "let
  // 'x' reads its own prev()"); empty when it is not so.
  std::string across_periods_reason;
  std::string unbounded_reason;
};

struct CompileResult;

// A source file: its name (as diagnostics show it) and its text.
struct SourceFile {
  std::string name;
  std::string text;
};

// Finds the base of a variant (`standard ID extends BASE [from "PATH"]`): given BASE, PATH
// (empty without `from`) and the name of the file that says `extends`, returns the base's
// source, or a Status saying why it cannot.
using BaseLoader = std::function<StatusOr<SourceFile>(
    std::string_view base_id, std::string_view from_path, std::string_view including_file)>;

// Where FileBaseLoader may read bases from.
struct FileBaseOptions {
  // The folder whose tree every base must stay in, once `..` and symbolic links are
  // resolved. Empty: the folder of the file that names the base.
  std::string root;
  // Reads bases anywhere: absolute paths and paths that leave `root` too.
  bool allow_any_base = false;
};

// Reads bases from files: PATH relative to the folder of the including file, or, without
// `from`, BASE.rubric in that folder. An absolute PATH, or one that leaves the folder tree
// of `options.root`, is refused (E0109) unless `options.allow_any_base`.
BaseLoader FileBaseLoader(FileBaseOptions options = {});

struct CompileOptions {
  std::string file_name = "<input>";  // appears in diagnostics
  BaseLoader load_base;               // needed to compile variants; none: variants are E0109
};

// How Standard::CompileFile reads a standard's bases.
struct CompileFileOptions {
  bool read_bases = true;       // false: a variant is E0109
  bool allow_any_base = false;  // bases outside the standard's folder tree too
};

class Standard {
 public:
  // Compiles rubric source text. `file_name` appears in diagnostics. Never throws on bad
  // source: problems are diagnostics. Variants need the overload with a BaseLoader.
  static CompileResult Compile(std::string_view source, std::string_view file_name = "<input>");
  static CompileResult Compile(std::string_view source, const CompileOptions& options);

  // Reads and compiles the file at `path`, with bases of variants read by FileBaseLoader
  // from the folder tree of `path` (FileBaseOptions::root). A file that cannot be read is
  // diagnostic E0009.
  static CompileResult CompileFile(const std::string& path);
  static CompileResult CompileFile(const std::string& path, const CompileFileOptions& options);

  const std::string& id() const;
  const std::string& title() const;
  const std::string& version() const;

  // What identifies this standard's meaning, for audit trails: "sha256:" and 64 hex
  // digits, the SHA-256 of canonical_form(). Formatting, comments and how a variant is
  // split from its base do not change it; any change of what the standard computes,
  // shows or checks does (docs/audit.md). Computed on the first call (once, safely from
  // any number of threads), so compiling does not pay for it.
  const std::string& content_hash() const;
  // The text content_hash() is computed from: one line per declaration, names resolved,
  // expressions in canonical form, variants applied.
  std::string canonical_form() const;
  std::optional<double> total_points() const;

  std::span<const InputInfo> inputs() const;
  std::span<const NodeInfo> nodes() const;  // pre-order
  std::span<const VetoInfo> vetoes() const;
  std::span<const OutputInfo> outputs() const;                 // in declaration order
  std::span<const WeightedGroupInfo> weighted_groups() const;  // in pre-order of the groups
  std::span<const GradeInfo> grades() const;                   // in declaration order
  double grade_tolerance() const;

  // Indices by id, resolved once; nullopt when unknown.
  std::optional<std::size_t> FindInput(std::string_view id) const;
  std::optional<std::size_t> FindNode(std::string_view id) const;

  // Index into options() of `label` for enum input `input`.
  std::optional<std::size_t> FindOption(std::size_t input, std::string_view label) const;

  // How rows depend on other periods, computed from the compiled plan (functions expanded,
  // `missing impute` of inputs included).
  PeriodDependence period_dependence() const;

  const internal::CompiledStandard& compiled() const { return *impl_; }

 private:
  explicit Standard(std::shared_ptr<const internal::CompiledStandard> impl);
  std::shared_ptr<const internal::CompiledStandard> impl_;
};

namespace internal {
// The checked model of a compiled standard (lib/sema/model.h), for rubric's own features
// built on the core (the data generator reads the rules to shape its data).
const sema::Model& ModelOf(const Standard& standard);
}  // namespace internal

struct CompileResult {
  std::optional<Standard> standard;     // set when there are no errors
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in source order
  bool ok() const { return standard.has_value(); }
};

}  // namespace rubric

#endif  // RUBRIC_STANDARD_H_
