// Lowering: model expressions -> register programs, cohort functions -> cohort kernels.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "plan/plan.h"
#include "rubric/missing.h"

namespace rubric::plan {
namespace {

class PlanBuilder {
 public:
  PlanBuilder(const sema::Model& model, const graph::DependencyGraph& graph)
      : model_(model), graph_(graph) {}

  Plan Build() {
    plan_.input_count = static_cast<std::uint32_t>(model_.inputs.size());
    std::uint32_t next = plan_.input_count;
    // One slot per computed vertex, numbered like the graph's vertices.
    vertex_slot_.resize(graph_.vertices.size());
    for (std::size_t v = 0; v < graph_.vertices.size(); ++v) {
      vertex_slot_[v] = v < model_.inputs.size() ? static_cast<std::uint32_t>(v) : next++;
    }
    slot_count_ = next;
    // Presence flags (1 present, 0 missing) of inputs whose policy is `exclude`: written by
    // the session like inputs, read by the presence kernels of the indicators using them.
    // Also of the inputs that missing() tests.
    std::vector<bool> tested(model_.inputs.size(), false);
    for (const sema::Expr& e : model_.exprs) {
      if ((e.op == sema::Op::kMissing || e.op == sema::Op::kMissingPrev) &&
          e.ref.kind == sema::SymbolKind::kInput) {
        tested[static_cast<std::size_t>(e.ref.index)] = true;
      }
      if (e.cohort.key_input >= 0) tested[static_cast<std::size_t>(e.cohort.key_input)] = true;
    }
    plan_.input_presence_slot.assign(model_.inputs.size(), kNone);
    for (std::size_t i = 0; i < model_.inputs.size(); ++i) {
      const MissingPolicy policy = model_.inputs[i].info.missing;
      if (policy == MissingPolicy::kExclude || policy == MissingPolicy::kImpute || tested[i]) {
        plan_.input_presence_slot[i] = slot_count_++;
      }
    }
    for (std::size_t i = 0; i < model_.lets.size(); ++i) {
      plan_.let_slots.push_back(vertex_slot_[graph_.let_vertex(int(i))]);
    }
    for (std::size_t i = 0; i < model_.nodes.size(); ++i) {
      plan_.node_slots.push_back(vertex_slot_[graph_.node_vertex(int(i))]);
    }
    for (std::size_t i = 0; i < model_.vetoes.size(); ++i) {
      plan_.veto_slots.push_back(vertex_slot_[graph_.veto_vertex(int(i))]);
    }
    plan_.total_slot = vertex_slot_[graph_.root_vertex()];

    // About one instruction per expression and a kernel per computed vertex: reserved, so
    // that a large standard's plan is not copied as it grows.
    plan_.instrs.reserve(model_.exprs.size());
    plan_.kernels.reserve(graph_.evaluation_order.size());
    plan_.expr_cohort_kernel.assign(model_.exprs.size(), kNone);
    plan_.node_score_register.assign(model_.nodes.size(), kNone);
    const std::vector<int>& order = graph_.evaluation_order;
    for (std::size_t i = 0; i < order.size();) {
      const int recurrence = graph_.recurrence_of[static_cast<std::size_t>(order[i])];
      if (recurrence < 0) {
        EmitVertex(order[i++]);
        continue;
      }
      // A recurrence's members are contiguous. Their cohort functions read only values
      // outside it, so they go first and the members' row kernels form one range.
      std::size_t end = i;
      while (end < order.size() &&
             graph_.recurrence_of[static_cast<std::size_t>(order[end])] == recurrence) {
        EmitCohorts(RuleOf(order[end++]));
      }
      const auto first = static_cast<std::uint32_t>(plan_.kernels.size());
      while (i < end) EmitVertex(order[i++]);
      plan_.recurrences.emplace_back(first, static_cast<std::uint32_t>(plan_.kernels.size()));
    }
    plan_.slot_count = slot_count_;
    plan_.kernel_expr.resize(plan_.kernels.size(), sema::kNoExpr);
    slot_missing_.resize(slot_count_, 0);
    plan_.slot_may_be_missing = std::move(slot_missing_);
    IndexReaders();
    return std::move(plan_);
  }

 private:
  std::uint32_t SlotOf(sema::SymbolRef ref) const {
    switch (ref.kind) {
      case sema::SymbolKind::kInput:
        return static_cast<std::uint32_t>(ref.index);
      case sema::SymbolKind::kLet:
        return vertex_slot_[graph_.let_vertex(ref.index)];
      case sema::SymbolKind::kNode:
        return vertex_slot_[graph_.node_vertex(ref.index)];
      case sema::SymbolKind::kVeto:
        return vertex_slot_[graph_.veto_vertex(ref.index)];
      case sema::SymbolKind::kRoot:
        return vertex_slot_[graph_.root_vertex()];
    }
    return 0;
  }

  // The expression of a vertex's rule (kNoExpr for inputs, sums of children and the total
  // without a `value` rule).
  sema::ExprId RuleOf(int v) const {
    const graph::Vertex& vertex = graph_.vertices[static_cast<std::size_t>(v)];
    const auto i = static_cast<std::size_t>(vertex.index);
    switch (vertex.kind) {
      case graph::VertexKind::kInput:
        return sema::kNoExpr;
      case graph::VertexKind::kLet:
        return model_.lets[i].expr;
      case graph::VertexKind::kNode:
        return model_.nodes[i].rule == sema::NodeRule::kSumChildren ? sema::kNoExpr
                                                                    : model_.nodes[i].expr;
      case graph::VertexKind::kVeto:
        return model_.vetoes[i].condition;
      case graph::VertexKind::kRoot:
        return model_.root_value;
    }
    return sema::kNoExpr;
  }

  // ---- Kernel construction ----

  void BeginRowKernel(std::uint32_t dst_slot) {
    current_ = Kernel{};
    current_.kind = KernelKind::kRow;
    current_.dst_slot = dst_slot;
    current_.first_instr = static_cast<std::uint32_t>(plan_.instrs.size());
    registers_ = 0;
    register_missing_.clear();
  }

  void EndRowKernel(std::uint32_t result) {
    current_.instr_count = static_cast<std::uint32_t>(plan_.instrs.size()) - current_.first_instr;
    current_.register_count = registers_;
    current_.result = result;
    plan_.max_registers = std::max(plan_.max_registers, registers_);
    plan_.kernels.push_back(current_);
    SetSlotMissing(current_.dst_slot, register_missing_[result] != 0);
  }

  // ---- What may be missing (plan::Instr::propagates_missing, Plan::slot_may_be_missing) ----

  bool SlotMayBeMissing(std::uint32_t slot) const {
    return slot < slot_missing_.size() && slot_missing_[slot] != 0;
  }
  void SetSlotMissing(std::uint32_t slot, bool may_be_missing) {
    if (slot_missing_.size() <= slot) slot_missing_.resize(slot + 1, 0);
    slot_missing_[slot] = may_be_missing ? 1 : 0;
  }

  // Whether an instruction's operands may be missing, and whether its result may be.
  void MarkMissing(Instr* instr) {
    auto reg = [&](std::uint32_t r) { return register_missing_[r] != 0; };
    bool operands = false;
    bool result = false;
    switch (instr->code) {
      case Code::kConst:
        result = IsMissing(plan_.constant_pool[instr->table * kBlockRows]);
        break;
      case Code::kLoad:
        result = SlotMayBeMissing(instr->a);
        break;
      case Code::kPrev:  // an input's column holds its default where it is missing
        result = instr->b != 0 && SlotMayBeMissing(instr->a);
        break;
      case Code::kPrevAbsent:
        break;
      case Code::kIsMissing:
        break;
      case Code::kSelect:
        operands = reg(instr->a);
        result = operands || reg(instr->b) || reg(instr->c);
        break;
      case Code::kClamp:
        operands = result = reg(instr->a) || reg(instr->b) || reg(instr->c);
        break;
      case Code::kNeg:
      case Code::kNot:
      case Code::kBool:
      case Code::kAbs:
      case Code::kSqrt:
      case Code::kLn:
      case Code::kExp:
      case Code::kFloor:
      case Code::kCeil:
      case Code::kTrunc:
      case Code::kLookup:
      case Code::kPiecewise:
        operands = result = reg(instr->a);
        break;
      default:
        operands = result = reg(instr->a) || reg(instr->b);
        break;
    }
    instr->propagates_missing = operands;
    register_missing_.push_back(result ? 1 : 0);
  }

  std::uint32_t Emit(Instr instr) {
    instr.dst = registers_++;
    MarkMissing(&instr);
    plan_.instrs.push_back(instr);
    return instr.dst;
  }
  // The register is known never to be missing (whatever its operands).
  std::uint32_t NeverMissing(std::uint32_t reg) {
    register_missing_[reg] = 0;
    return reg;
  }
  std::uint32_t EmitConst(double value) {
    // Keyed by the bits, so that -0 and 0 (equal as doubles) keep their own blocks.
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    auto [it, inserted] = constant_index_.try_emplace(bits, constant_index_.size());
    if (inserted) plan_.constant_pool.insert(plan_.constant_pool.end(), kBlockRows, value);
    return Emit({.code = Code::kConst, .table = static_cast<std::uint32_t>(it->second)});
  }
  std::uint32_t EmitLoad(std::uint32_t slot) { return Emit({.code = Code::kLoad, .a = slot}); }
  std::uint32_t Emit1(Code code, std::uint32_t a) { return Emit({.code = code, .a = a}); }
  std::uint32_t Emit2(Code code, std::uint32_t a, std::uint32_t b) {
    return Emit({.code = code, .a = a, .b = b});
  }
  std::uint32_t Emit3(Code code, std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    return Emit({.code = code, .a = a, .b = b, .c = c});
  }

  // Emits the kernels for the cohort functions inside `id`, so that the main program can
  // load their results. Stages: a cohort function inside another one's argument is emitted
  // first, and the outer argument loads its result like the value of a let.
  void EmitCohorts(sema::ExprId id) {
    if (id == sema::kNoExpr) return;
    const sema::Expr& e = model_.expr(id);
    for (sema::ExprId arg : e.args) EmitCohorts(arg);
    const std::optional<KernelKind> kind = CohortKind(e);
    if (!kind) return;
    if (cohort_slot_.contains(id)) return;  // emitted ahead, for a recurrence
    const std::uint32_t argument_slot = slot_count_++;
    BeginRowKernel(argument_slot);
    EndRowKernel(Lower(e.args.front()));
    Kernel cohort;
    cohort.kind = *kind;
    cohort.src_slot = argument_slot;
    cohort.across_periods = e.cohort.across_periods;
    if (e.cohort.key_input >= 0) {
      cohort.key_slot = KeySlot(e.cohort.key_input);
      cohort.key_input = static_cast<std::uint32_t>(e.cohort.key_input);
    }
    switch (*kind) {
      case KernelKind::kCohortQuantile:
        cohort.parameter = e.number;
        break;
      case KernelKind::kImputePrevious:
        cohort.parameter = e.impute.look_back;
        break;
      case KernelKind::kImputeConstant:
        cohort.parameter = e.impute.constant;
        break;
      case KernelKind::kWinsorize:
        cohort.parameter = e.winsorize.max_points;
        cohort.skew_limit = e.winsorize.skew;
        cohort.kurtosis_limit = e.winsorize.kurtosis;
        break;
      default:
        break;
    }
    cohort.dst_slot = slot_count_++;
    plan_.kernels.push_back(cohort);
    // Rows whose argument (or key) is missing take no part and get the missing value; an
    // imputation is missing only where nothing can be estimated.
    const bool imputes = *kind == KernelKind::kImputeMean || *kind == KernelKind::kImputeMedian ||
                         *kind == KernelKind::kImputePrevious;  // a constant always estimates
    SetSlotMissing(cohort.dst_slot,
                   imputes || cohort.key_slot != kNone || SlotMayBeMissing(argument_slot));
    cohort_slot_[id] = cohort.dst_slot;
    plan_.expr_cohort_kernel[static_cast<std::size_t>(id)] =
        static_cast<std::uint32_t>(plan_.kernels.size() - 1);
    plan_.kernel_expr.resize(plan_.kernels.size(), sema::kNoExpr);
    plan_.kernel_expr.back() = id;
  }

  // The slot of a row kernel giving the value of key input `input`, or the missing value
  // where it has none (one per key input).
  std::uint32_t KeySlot(int input) {
    auto [it, inserted] = key_slot_.try_emplace(input, kNone);
    if (!inserted) return it->second;
    it->second = slot_count_++;
    const sema::SymbolRef ref{sema::SymbolKind::kInput, input};
    BeginRowKernel(it->second);
    const std::uint32_t present = EmitLoad(PresenceOf(ref));
    const std::uint32_t value = EmitLoad(SlotOf(ref));
    EndRowKernel(Emit3(Code::kSelect, present, value, EmitConst(MissingValue())));
    return it->second;
  }

  // The cohort kernel computing `e`, or nullopt when `e` is computed in the row.
  static std::optional<KernelKind> CohortKind(const sema::Expr& e) {
    switch (e.op) {
      case sema::Op::kCohortMinMax:
        return KernelKind::kCohortMinMax;
      case sema::Op::kCohortRank:
        return KernelKind::kCohortRank;
      case sema::Op::kCohortPercentile:
        return KernelKind::kCohortPercentile;
      case sema::Op::kCohortZscore:
        return KernelKind::kCohortZscore;
      case sema::Op::kWinsorize:
        return KernelKind::kWinsorize;
      case sema::Op::kCohortMin:
        return KernelKind::kCohortMin;
      case sema::Op::kCohortMax:
        return KernelKind::kCohortMax;
      case sema::Op::kCohortSum:
        return KernelKind::kCohortSum;
      case sema::Op::kCohortCount:
        return KernelKind::kCohortCount;
      case sema::Op::kCohortMean:
        return KernelKind::kCohortMean;
      case sema::Op::kCohortSd:
        return KernelKind::kCohortSd;
      case sema::Op::kCohortMedian:
        return KernelKind::kCohortMedian;
      case sema::Op::kCohortQuantile:
        return KernelKind::kCohortQuantile;
      case sema::Op::kCohortSkew:
        return KernelKind::kCohortSkew;
      case sema::Op::kCohortKurt:
        return KernelKind::kCohortKurt;
      case sema::Op::kImpute:
        switch (e.impute.method) {
          case sema::ImputeMethod::kCohortMean:
            return KernelKind::kImputeMean;
          case sema::ImputeMethod::kCohortMedian:
            return KernelKind::kImputeMedian;
          case sema::ImputeMethod::kPrevious:
            return KernelKind::kImputePrevious;
          case sema::ImputeMethod::kConstant:
            return KernelKind::kImputeConstant;
        }
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // Lowers an expression into the current row kernel; returns its register.
  std::uint32_t Lower(sema::ExprId id) {
    const sema::Expr& e = model_.expr(id);
    auto arg = [&](std::size_t i) { return Lower(e.args[i]); };
    switch (e.op) {
      case sema::Op::kConst:
        return EmitConst(e.number);
      case sema::Op::kRef:
        return LoadRef(e.ref);
      case sema::Op::kPrev:
        return Emit({.code = Code::kPrev,
                     .a = SlotOf(e.ref),
                     .b = e.ref.kind == sema::SymbolKind::kInput ? 0u : 1u});
      case sema::Op::kMissing:
        return Emit1(Code::kNot, EmitLoad(PresenceOf(e.ref)));
      case sema::Op::kMissingPrev:
        if (e.ref.kind == sema::SymbolKind::kInput) {  // no previous row, or no value in it
          return Emit1(Code::kNot, Emit({.code = Code::kPrev, .a = PresenceOf(e.ref), .b = 0u}));
        }
        {
          // No usable previous row, or its value is missing.
          const std::uint32_t absent = Emit({.code = Code::kPrevAbsent, .b = 1u});
          const std::uint32_t slot = SlotOf(e.ref);
          if (!SlotMayBeMissing(slot)) return absent;
          const std::uint32_t previous = Emit({.code = Code::kPrev, .a = slot, .b = 1u});
          return Emit2(Code::kOr, absent, Emit1(Code::kIsMissing, previous));
        }
      case sema::Op::kIsMissing:
        return Emit1(Code::kIsMissing, arg(0));
      case sema::Op::kNeg:
        return Emit1(Code::kNeg, arg(0));
      case sema::Op::kNot:
        return Emit1(Code::kNot, arg(0));
      case sema::Op::kBool:
        return Emit1(Code::kBool, arg(0));
      case sema::Op::kAbs:
        return Emit1(Code::kAbs, arg(0));
      case sema::Op::kSqrt:
        return Emit1(Code::kSqrt, arg(0));
      case sema::Op::kLn:
        return Emit1(Code::kLn, arg(0));
      case sema::Op::kExp:
        return Emit1(Code::kExp, arg(0));
      case sema::Op::kFloor:
        return Emit1(Code::kFloor, arg(0));
      case sema::Op::kCeil:
        return Emit1(Code::kCeil, arg(0));
      case sema::Op::kTrunc:
        return Emit1(Code::kTrunc, arg(0));
      case sema::Op::kRound: {
        const std::uint32_t x = arg(0);
        return Emit2(Code::kRound, x, EmitConst(e.number));
      }
      case sema::Op::kAdd:
        return Binary(Code::kAdd, e);
      case sema::Op::kSub:
        return Binary(Code::kSub, e);
      case sema::Op::kMul:
        return Binary(Code::kMul, e);
      case sema::Op::kDiv:
        return Binary(Code::kDiv, e);
      case sema::Op::kPow:
        return Binary(Code::kPow, e);
      case sema::Op::kEq:
        return Binary(Code::kEq, e);
      case sema::Op::kNe:
        return Binary(Code::kNe, e);
      case sema::Op::kLt:
        return Binary(Code::kLt, e);
      case sema::Op::kLe:
        return Binary(Code::kLe, e);
      case sema::Op::kGt:
        return Binary(Code::kGt, e);
      case sema::Op::kGe:
        return Binary(Code::kGe, e);
      case sema::Op::kAnd:
        return Binary(Code::kAnd, e);
      case sema::Op::kOr:
        return Binary(Code::kOr, e);
      case sema::Op::kMin:
        return Fold(Code::kMin, e);
      case sema::Op::kMax:
        return Fold(Code::kMax, e);
      case sema::Op::kSum:
        return Fold(Code::kAdd, e);
      case sema::Op::kMean:
        return Emit2(Code::kDiv, Fold(Code::kAdd, e),
                     EmitConst(static_cast<double>(e.args.size())));
      case sema::Op::kWmean:
      case sema::Op::kWgeomean:
      case sema::Op::kWhmean:
        return WeightedMean(e);
      case sema::Op::kGeomean:
        return Emit2(Code::kPow, Fold(Code::kMul, e),
                     EmitConst(1.0 / static_cast<double>(e.args.size())));
      case sema::Op::kIf: {
        const std::uint32_t condition = arg(0);
        const std::uint32_t then_value = arg(1);
        return Emit3(Code::kSelect, condition, then_value, arg(2));
      }
      case sema::Op::kClamp: {
        const std::uint32_t x = arg(0);
        const std::uint32_t lo = arg(1);
        return Emit3(Code::kClamp, x, lo, arg(2));
      }
      case sema::Op::kLookup:
        return Emit({.code = Code::kLookup,
                     .a = arg(0),
                     .table = AddTable(e.table),
                     .size = static_cast<std::uint32_t>(e.table.size())});
      case sema::Op::kPiecewise:
        return Emit({.code = Code::kPiecewise,
                     .a = arg(0),
                     .table = AddTable(e.table),
                     .size = static_cast<std::uint32_t>(e.table.size() / 2)});
      case sema::Op::kImpute:
        return EmitLoad(cohort_slot_.at(id));
      case sema::Op::kCohortMinMax:
      case sema::Op::kCohortRank:
      case sema::Op::kCohortPercentile:
      case sema::Op::kCohortZscore:
      case sema::Op::kWinsorize:
      case sema::Op::kCohortMin:
      case sema::Op::kCohortMax:
      case sema::Op::kCohortSum:
      case sema::Op::kCohortCount:
      case sema::Op::kCohortMean:
      case sema::Op::kCohortSd:
      case sema::Op::kCohortMedian:
      case sema::Op::kCohortQuantile:
      case sema::Op::kCohortSkew:
      case sema::Op::kCohortKurt:
        return EmitLoad(cohort_slot_.at(id));
    }
    return EmitConst(0);
  }

  // The value of a name in this row. An input whose missing value flows (`exclude`, `impute`)
  // reads as the missing value where it has none; its column holds the type's default there,
  // which prev() reads.
  std::uint32_t LoadRef(sema::SymbolRef ref) {
    if (ref.kind == sema::SymbolKind::kInput) {
      const MissingPolicy policy = model_.inputs[static_cast<std::size_t>(ref.index)].info.missing;
      if (policy == MissingPolicy::kExclude || policy == MissingPolicy::kImpute) {
        const std::uint32_t present = EmitLoad(PresenceOf(ref));
        const std::uint32_t value = EmitLoad(SlotOf(ref));
        return Emit3(Code::kSelect, present, value, EmitConst(MissingValue()));
      }
    }
    return EmitLoad(SlotOf(ref));
  }

  // wmean, wgeomean and whmean (docs/language.md): over the present values, with their
  // weights renormalised; missing when none is present. A harmonic mean with a present 0
  // is 0; a geometric mean is exp(sum w ln x / sum w), 0 with a present 0.
  // wmean, wgeomean, whmean: over the present values, their weights renormalised. Constant
  // weights come from `table`; otherwise the arguments are (value, weight) pairs, and a
  // weight of 0 leaves its value out. `number` > 0 is the least count of present values.
  std::uint32_t WeightedMean(const sema::Expr& e) {
    const bool computed_weights = e.table.empty();
    const std::size_t count = computed_weights ? e.args.size() / 2 : e.args.size();
    std::uint32_t numerator = EmitConst(0);
    std::uint32_t weights = EmitConst(0);
    std::uint32_t anyone = EmitConst(0);
    std::uint32_t any_zero = EmitConst(0);
    std::uint32_t present_count = EmitConst(0);
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t x = Lower(e.args[computed_weights ? 2 * i : i]);
      const std::uint32_t w = computed_weights ? Lower(e.args[2 * i + 1]) : EmitConst(e.table[i]);
      std::uint32_t term = 0;
      switch (e.op) {
        case sema::Op::kWmean:
          term = Emit2(Code::kMul, w, x);
          break;
        case sema::Op::kWgeomean:
          term = Emit2(Code::kMul, w, Emit1(Code::kLn, x));
          break;
        default:  // w / x; a 0 makes the whole mean 0 (below)
          term = Emit2(Code::kDiv, w, x);
          break;
      }
      std::uint32_t weight = w;
      std::uint32_t zero = kNone;  // x is 0 (whmean)
      if (register_missing_[x]) {
        const std::uint32_t present = Emit1(Code::kNot, Emit1(Code::kIsMissing, x));
        term = NeverMissing(Emit3(Code::kSelect, present, term, EmitConst(0)));
        weight = Emit3(Code::kSelect, present, w, EmitConst(0));
        anyone = Emit2(Code::kOr, anyone, present);
        present_count = Emit2(Code::kAdd, present_count, present);
        if (e.op == sema::Op::kWhmean) {
          zero = NeverMissing(
              Emit3(Code::kSelect, present, Emit2(Code::kEq, x, EmitConst(0)), EmitConst(0)));
        }
      } else {
        anyone = EmitConst(1);
        present_count = Emit2(Code::kAdd, present_count, EmitConst(1));
        if (e.op == sema::Op::kWhmean) zero = Emit2(Code::kEq, x, EmitConst(0));
      }
      if (computed_weights) {
        // A value whose weight is 0 takes no part (0 x ln 0 would be NaN).
        const std::uint32_t weighed = Emit2(Code::kNe, w, EmitConst(0));
        term = Emit3(Code::kSelect, weighed, term, EmitConst(0));
        if (zero != kNone) zero = Emit2(Code::kAnd, zero, weighed);
      }
      if (zero != kNone) any_zero = Emit2(Code::kOr, any_zero, zero);
      numerator = Emit2(Code::kAdd, numerator, term);
      weights = Emit2(Code::kAdd, weights, weight);
    }
    std::uint32_t mean = 0;
    switch (e.op) {
      case sema::Op::kWmean:
        mean = Emit2(Code::kDiv, numerator, weights);
        break;
      case sema::Op::kWgeomean:
        mean = Emit1(Code::kExp, Emit2(Code::kDiv, numerator, weights));
        break;
      default:
        mean = Emit3(Code::kSelect, any_zero, EmitConst(0), Emit2(Code::kDiv, weights, numerator));
        break;
    }
    if (computed_weights) {  // no weight to share out: NaN, not rubric's x / 0 = 0
      mean = Emit3(Code::kSelect, Emit2(Code::kEq, weights, EmitConst(0)),
                   EmitConst(std::numeric_limits<double>::quiet_NaN()), mean);
    }
    std::uint32_t has_value = anyone;
    if (e.number > 0) {
      has_value = Emit2(Code::kGe, present_count, EmitConst(e.number));
    }
    return Emit3(Code::kSelect, has_value, mean, EmitConst(MissingValue()));
  }

  std::uint32_t PresenceOf(sema::SymbolRef input) const {
    return plan_.input_presence_slot[static_cast<std::size_t>(input.index)];
  }

  std::uint32_t Binary(Code code, const sema::Expr& e) {
    const std::uint32_t left = Lower(e.args[0]);
    return Emit2(code, left, Lower(e.args[1]));
  }

  // args[0] op args[1] op ... left to right.
  std::uint32_t Fold(Code code, const sema::Expr& e) {
    std::uint32_t result = Lower(e.args[0]);
    for (std::size_t i = 1; i < e.args.size(); ++i) result = Emit2(code, result, Lower(e.args[i]));
    return result;
  }

  std::uint32_t AddTable(const std::vector<double>& values) {
    const auto offset = static_cast<std::uint32_t>(plan_.tables.size());
    plan_.tables.insert(plan_.tables.end(), values.begin(), values.end());
    return offset;
  }

  // The sum of `nodes` (left to right). When some of them may be missing, missing ones are
  // left out and the points of the others are scaled up so that the whole keeps its points:
  // sum x target / (points of the present ones), with target = `scale_to` or the points of
  // all of them; missing when none is present. With everyone present the plain sum is used
  // (bit for bit), scaled to `scale_to` when `normalize`. Without every child's points
  // nothing is scaled: a missing child counts 0.
  // `coverage`: the least share of the nodes that must be present (a group's `coverage`).
  std::uint32_t SumOfPresentNodes(const std::vector<int>& nodes, std::optional<double> scale_to,
                                  bool normalize, std::optional<double> coverage = std::nullopt) {
    bool any_missing = false;
    bool points_known = true;
    double all_points = 0;
    for (int n : nodes) {
      const sema::Node& child = model_.nodes[static_cast<std::size_t>(n)];
      any_missing = any_missing || SlotMayBeMissing(NodeSlot(n));
      points_known = points_known && child.info.points.has_value();
      all_points += child.info.points.value_or(0);
    }
    if (!any_missing) {
      std::uint32_t plain = SumOfNodes(nodes);
      if (normalize && scale_to) {
        plain = Emit2(Code::kMul, plain, EmitConst(*scale_to));
        plain = Emit2(Code::kDiv, plain, EmitConst(all_points));
      }
      return plain;
    }
    // Every child's value with missing ones as 0, and whether each is present.
    std::vector<std::uint32_t> values, present;
    std::uint32_t everyone = EmitConst(1);
    std::uint32_t anyone = EmitConst(0);
    // The group has a value when a child that can earn something is present: with every
    // child's points known, a child of 0 points (one that only carries a veto) does not
    // count, so that a row with no data is missing rather than earning 0 out of 0.
    const bool only_points_count = points_known && all_points > 0;
    for (int n : nodes) {
      const std::uint32_t value = EmitLoad(NodeSlot(n));
      const bool counts =
          !only_points_count || *model_.nodes[static_cast<std::size_t>(n)].info.points > 0;
      if (!SlotMayBeMissing(NodeSlot(n))) {
        values.push_back(value);
        present.push_back(kNone);
        if (counts) anyone = EmitConst(1);
        continue;
      }
      const std::uint32_t is_present = Emit1(Code::kNot, Emit1(Code::kIsMissing, value));
      values.push_back(NeverMissing(Emit3(Code::kSelect, is_present, value, EmitConst(0))));
      present.push_back(is_present);
      everyone = Emit2(Code::kAnd, everyone, is_present);
      if (counts) anyone = Emit2(Code::kOr, anyone, is_present);
    }
    if (coverage) {
      // Fewer than the share present: missing. (The least count that is not fewer.)
      std::uint32_t count = EmitConst(0);
      for (std::uint32_t is_present : present) {
        count = Emit2(Code::kAdd, count, is_present == kNone ? EmitConst(1) : is_present);
      }
      const double needed = std::ceil(*coverage * static_cast<double>(nodes.size()) - 1e-9);
      anyone = Emit2(Code::kAnd, anyone, Emit2(Code::kGe, count, EmitConst(needed)));
    }
    std::uint32_t plain = values[0];
    for (std::size_t i = 1; i < values.size(); ++i) plain = Emit2(Code::kAdd, plain, values[i]);
    if (normalize && scale_to) {
      plain = Emit2(Code::kMul, plain, EmitConst(*scale_to));
      plain = Emit2(Code::kDiv, plain, EmitConst(all_points));
    }
    std::uint32_t result = plain;
    if (points_known) {
      std::uint32_t numerator = EmitConst(0);
      std::uint32_t present_points = EmitConst(0);
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        const double points = *model_.nodes[static_cast<std::size_t>(nodes[i])].info.points;
        numerator = Emit2(Code::kAdd, numerator, values[i]);
        const std::uint32_t earned = present[i] == kNone
                                         ? EmitConst(points)
                                         : Emit2(Code::kMul, present[i], EmitConst(points));
        present_points = Emit2(Code::kAdd, present_points, earned);
      }
      const double target = scale_to.value_or(all_points);
      const std::uint32_t scaled =
          Emit2(Code::kDiv, Emit2(Code::kMul, numerator, EmitConst(target)), present_points);
      result = Emit3(Code::kSelect, everyone, plain, scaled);
    }
    return Emit3(Code::kSelect, anyone, result, EmitConst(MissingValue()));
  }

  std::uint32_t NodeSlot(int node) const { return vertex_slot_[graph_.node_vertex(node)]; }

  // Sum of the given nodes' slots, left to right (0 when there are none).
  std::uint32_t SumOfNodes(const std::vector<int>& nodes) {
    if (nodes.empty()) return EmitConst(0);
    std::uint32_t sum = EmitLoad(vertex_slot_[graph_.node_vertex(nodes[0])]);
    for (std::size_t i = 1; i < nodes.size(); ++i) {
      sum = Emit2(Code::kAdd, sum, EmitLoad(vertex_slot_[graph_.node_vertex(nodes[i])]));
    }
    return sum;
  }

  void EmitVertex(int v) {
    const graph::Vertex& vertex = graph_.vertices[static_cast<std::size_t>(v)];
    const std::uint32_t slot = vertex_slot_[static_cast<std::size_t>(v)];
    const auto i = static_cast<std::size_t>(vertex.index);
    switch (vertex.kind) {
      case graph::VertexKind::kInput:
        return;
      case graph::VertexKind::kLet: {
        EmitCohorts(model_.lets[i].expr);
        BeginRowKernel(slot);
        EndRowKernel(Lower(model_.lets[i].expr));
        return;
      }
      case graph::VertexKind::kVeto: {
        EmitCohorts(model_.vetoes[i].condition);
        BeginRowKernel(slot);
        // A veto whose condition is missing does not fire.
        const std::uint32_t condition = Lower(model_.vetoes[i].condition);
        std::uint32_t fired = Emit1(Code::kBool, condition);
        if (register_missing_[condition]) {
          fired = NeverMissing(
              Emit3(Code::kSelect, Emit1(Code::kIsMissing, condition), EmitConst(0), fired));
        }
        EndRowKernel(fired);
        return;
      }
      case graph::VertexKind::kRoot: {
        EmitCohorts(model_.root_value);
        BeginRowKernel(slot);
        if (model_.root_value != sema::kNoExpr) {
          EndRowKernel(Lower(model_.root_value));
        } else {
          EndRowKernel(SumOfPresentNodes(model_.top_nodes, model_.total_points, false));
        }
        return;
      }
      case graph::VertexKind::kNode:
        break;
    }
    const sema::Node& node = model_.nodes[i];
    EmitCohorts(node.expr);
    BeginRowKernel(slot);
    std::uint32_t result = 0;
    switch (node.rule) {
      case sema::NodeRule::kNone:
        result = EmitConst(0);
        break;
      case sema::NodeRule::kValue:
        result = Lower(node.expr);
        break;
      case sema::NodeRule::kScore: {
        // points x clamp(score, 0, 1)
        const std::uint32_t points = EmitConst(node.declared_points.value_or(0));
        const std::uint32_t score = Lower(node.expr);
        plan_.node_score_register[i] = score;
        const std::uint32_t clamped = Emit3(Code::kClamp, score, EmitConst(0), EmitConst(1));
        result = Emit2(Code::kMul, points, clamped);
        break;
      }
      case sema::NodeRule::kSumChildren: {
        result = SumOfPresentNodes(node.info.children,
                                   node.normalize ? node.declared_points : std::nullopt,
                                   node.normalize, node.children_coverage);
        break;
      }
    }
    EndRowKernel(result);
  }

  // Records which kernels read each slot, so that a change can be propagated.
  void IndexReaders() {
    plan_.slot_readers.assign(plan_.slot_count, {});
    plan_.slot_prev_readers.assign(plan_.slot_count, {});
    plan_.slot_cohort_readers.assign(plan_.slot_count, {});
    plan_.kernel_of_slot.assign(plan_.slot_count, kNone);
    auto add = [](std::vector<std::uint32_t>& list, std::uint32_t kernel) {
      if (list.empty() || list.back() != kernel) list.push_back(kernel);
    };
    for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
      const Kernel& kernel = plan_.kernels[k];
      plan_.kernel_of_slot[kernel.dst_slot] = k;
      if (kernel.kind != KernelKind::kRow) {
        add(plan_.slot_cohort_readers[kernel.src_slot], k);
        // A row whose key changes moves to another cohort.
        if (kernel.key_slot != kNone) add(plan_.slot_cohort_readers[kernel.key_slot], k);
        continue;
      }
      plan_.row_kernels.push_back(k);
      bool reads_prev = false;
      for (std::uint32_t i = 0; i < kernel.instr_count; ++i) {
        const Instr& instr = plan_.instrs[kernel.first_instr + i];
        if (instr.code == Code::kLoad) add(plan_.slot_readers[instr.a], k);
        if (instr.code == Code::kPrev) {
          add(plan_.slot_prev_readers[instr.a], k);
          reads_prev = true;
        }
        if (instr.code == Code::kPrevAbsent) reads_prev = true;
      }
      if (reads_prev) plan_.prev_kernels.push_back(k);
    }
  }

  const sema::Model& model_;
  const graph::DependencyGraph& graph_;
  Plan plan_;
  std::vector<std::uint32_t> vertex_slot_;
  std::uint32_t slot_count_ = 0;
  absl::flat_hash_map<sema::ExprId, std::uint32_t> cohort_slot_;
  absl::flat_hash_map<int, std::uint32_t> key_slot_;  // key input -> its computed slot
  absl::flat_hash_map<std::uint64_t, std::size_t> constant_index_;  // bits -> block
  Kernel current_;
  std::uint32_t registers_ = 0;
  std::vector<std::uint8_t> register_missing_;  // per register of the current kernel
  std::vector<std::uint8_t> slot_missing_;      // per slot: may be missing
};

}  // namespace

Plan BuildPlan(const sema::Model& model, const graph::DependencyGraph& graph) {
  return PlanBuilder(model, graph).Build();
}

}  // namespace rubric::plan
