#include "sema/canonical_form.h"

#include "sema/expr_text.h"

namespace rubric::sema {
namespace {

const char* PolicyText(MissingPolicy policy) {
  switch (policy) {
    case MissingPolicy::kDefault:
      return "default";
    case MissingPolicy::kExclude:
      return "exclude";
    case MissingPolicy::kUnscorable:
      return "unscorable";
    case MissingPolicy::kImpute:
      return "impute";
  }
  return "default";
}

const char* RuleText(NodeRule rule) {
  switch (rule) {
    case NodeRule::kNone:
      return "none";
    case NodeRule::kScore:
      return "score";
    case NodeRule::kValue:
      return "value";
    case NodeRule::kSumChildren:
      return "sum";
  }
  return "none";
}

const char* GradeRuleText(GradeRule rule) {
  switch (rule) {
    case GradeRule::kAtLeast:
      return "at-least";
    case GradeRule::kOtherwise:
      return "otherwise";
    case GradeRule::kVetoed:
      return "vetoed";
  }
  return "at-least";
}

std::string ImputeText(const Model& model, const ImputeSpec& impute, const CohortSpec& cohort) {
  std::string text;
  switch (impute.method) {
    case ImputeMethod::kConstant:
      text = "constant " + NumberText(impute.constant);
      break;
    case ImputeMethod::kPrevious:
      text = "previous " + NumberText(impute.look_back);
      break;
    case ImputeMethod::kCohortMean:
      text = "cohort_mean";
      break;
    case ImputeMethod::kCohortMedian:
      text = "cohort_median";
      break;
  }
  if (cohort.key_input >= 0) {
    text += " by " + model.inputs[static_cast<std::size_t>(cohort.key_input)].info.id;
  }
  if (cohort.across_periods) text += " across periods";
  return text;
}

std::string Optional(const std::optional<double>& value) {
  return value ? NumberText(*value) : "none";
}

// One line per declaration: a keyword, then fields as `name value`, strings quoted.
class Writer {
 public:
  explicit Writer(const Model& model) : model_(model) {}

  std::string Write() {
    Line(kCanonicalFormHeader);
    Line("standard " + StringLiteral(model_.id) + " title " + StringLiteral(model_.title) +
         " version " + StringLiteral(model_.version) + " points " + Optional(model_.total_points) +
         " missing " + PolicyText(model_.missing) + " coverage " + Optional(model_.coverage));
    for (const Input& input : model_.inputs) WriteInput(input);
    for (const Let& let : model_.lets) WriteLet(let);
    for (const Node& node : model_.nodes) WriteNode(node);
    for (const Veto& veto : model_.vetoes) {
      Line("veto " + StringLiteral(veto.info.id) + " label " + StringLiteral(veto.info.label) +
           " node " + NodeName(veto.info.node) + " when " + Expression(veto.condition));
    }
    for (const GradeInfo& grade : model_.grades) {
      Line("grade " + StringLiteral(grade.name) + " " + GradeRuleText(grade.rule) +
           (grade.rule == GradeRule::kAtLeast ? " " + NumberText(grade.min) : ""));
    }
    Line("grade-tolerance " + NumberText(model_.grade_tolerance));
    std::string top = "top";
    for (int node : model_.top_nodes) top += " " + NodeName(node);
    Line(top);
    Line("total " + (model_.root_value == kNoExpr ? std::string("sum of top")
                                                  : Expression(model_.root_value)));
    return std::move(text_);
  }

 private:
  void Line(const std::string& line) {
    text_ += line;
    text_ += '\n';
  }

  std::string Expression(ExprId id) const {
    return id == kNoExpr ? std::string("none") : ExprText(model_, id);
  }

  std::string NodeName(int node) const {
    if (node < 0) return "none";
    return StringLiteral(model_.nodes[static_cast<std::size_t>(node)].info.id);
  }

  void WriteInput(const Input& input) {
    const InputInfo& info = input.info;
    std::string line = "input " + StringLiteral(info.id) + " label " + StringLiteral(info.label) +
                       " type " + InputTypeName(info.type) + " unit " + StringLiteral(info.unit) +
                       " min " + Optional(info.min) + " max " + Optional(info.max) + " missing " +
                       PolicyText(info.missing);
    if (info.missing == MissingPolicy::kImpute) {
      line += " (" + ImputeText(model_, input.impute, input.impute_cohort) + ")";
    }
    if (!info.options.empty()) {
      line += " options";
      for (const std::string& option : info.options) line += " " + StringLiteral(option);
    }
    Line(line);
  }

  void WriteLet(const Let& let) {
    std::string line = std::string(let.output ? "output " : "") + "let " + StringLiteral(let.id) +
                       " label " + StringLiteral(let.label);
    if (!let.band_names.empty()) {
      line += " bands";
      for (const std::string& name : let.band_names) line += " " + StringLiteral(name);
    }
    Line(line + " = " + Expression(let.expr));
  }

  void WriteNode(const Node& node) {
    const NodeInfo& info = node.info;
    std::string line = std::string(info.kind == NodeKind::kGroup ? "group " : "indicator ") +
                       StringLiteral(info.id) + " label " + StringLiteral(info.label) + " parent " +
                       NodeName(info.parent) + " points " + Optional(info.points) + " declared " +
                       Optional(node.declared_points) + " rule " + RuleText(node.rule);
    if (node.normalize) line += " normalize " + NumberText(node.children_points);
    if (node.children_coverage) line += " coverage " + NumberText(*node.children_coverage);
    if (node.expr != kNoExpr) line += " = " + Expression(node.expr);
    Line(line);
  }

  const Model& model_;
  std::string text_;
};

}  // namespace

std::string CanonicalForm(const Model& model) { return Writer(model).Write(); }

}  // namespace rubric::sema
