// Lowering: model expressions -> register programs, cohort functions -> cohort kernels.
#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "plan/plan.h"

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
    }
    plan_.input_presence_slot.assign(model_.inputs.size(), kNone);
    for (std::size_t i = 0; i < model_.inputs.size(); ++i) {
      if (model_.inputs[i].info.missing == MissingPolicy::kExclude || tested[i]) {
        plan_.input_presence_slot[i] = slot_count_++;
      }
    }
    plan_.node_presence_slot.assign(model_.nodes.size(), kNone);
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
  }

  void EndRowKernel(std::uint32_t result) {
    current_.instr_count = static_cast<std::uint32_t>(plan_.instrs.size()) - current_.first_instr;
    current_.register_count = registers_;
    current_.result = result;
    plan_.max_registers = std::max(plan_.max_registers, registers_);
    plan_.kernels.push_back(current_);
  }

  std::uint32_t Emit(Instr instr) {
    instr.dst = registers_++;
    plan_.instrs.push_back(instr);
    return instr.dst;
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
    if (e.op != sema::Op::kCohortMinMax && e.op != sema::Op::kCohortRank &&
        e.op != sema::Op::kCohortPercentile) {
      return;
    }
    if (cohort_slot_.contains(id)) return;  // emitted ahead, for a recurrence
    // A row takes part only when every `exclude` input the argument reads (through lets and
    // inner cohort functions, in this period) is present.
    std::vector<std::uint32_t> presence;
    std::vector<bool> lets_seen(model_.lets.size(), false);
    CollectExcludedInputs(e.args.front(), &presence, &lets_seen);
    const std::uint32_t member_slot = MembershipSlot(std::move(presence));
    const std::uint32_t argument_slot = slot_count_++;
    BeginRowKernel(argument_slot);
    EndRowKernel(Lower(e.args.front()));
    Kernel cohort;
    cohort.kind = e.op == sema::Op::kCohortMinMax ? KernelKind::kCohortMinMax
                  : e.op == sema::Op::kCohortRank ? KernelKind::kCohortRank
                                                  : KernelKind::kCohortPercentile;
    cohort.src_slot = argument_slot;
    cohort.member_slot = member_slot;
    cohort.dst_slot = slot_count_++;
    plan_.kernels.push_back(cohort);
    cohort_slot_[id] = cohort.dst_slot;
    plan_.expr_cohort_kernel[static_cast<std::size_t>(id)] =
        static_cast<std::uint32_t>(plan_.kernels.size() - 1);
  }

  // The slot of a row kernel giving 1 where every presence flag of `presence` is 1 (one per
  // distinct set of flags), or kNone for no flags. A computed slot, not the flags
  // themselves: cohort kernels compare it with the membership they last saw, so it must
  // change only when kernels run, like their arguments.
  std::uint32_t MembershipSlot(std::vector<std::uint32_t> presence) {
    if (presence.empty()) return kNone;
    std::sort(presence.begin(), presence.end());
    auto [it, inserted] = membership_slot_.try_emplace(presence, kNone);
    if (!inserted) return it->second;
    it->second = slot_count_++;
    BeginRowKernel(it->second);
    std::uint32_t result = EmitLoad(presence[0]);
    for (std::size_t k = 1; k < presence.size(); ++k) {
      result = Emit2(Code::kAnd, result, EmitLoad(presence[k]));
    }
    EndRowKernel(result);
    return it->second;
  }

  // Lowers an expression into the current row kernel; returns its register.
  std::uint32_t Lower(sema::ExprId id) {
    const sema::Expr& e = model_.expr(id);
    auto arg = [&](std::size_t i) { return Lower(e.args[i]); };
    switch (e.op) {
      case sema::Op::kConst:
        return EmitConst(e.number);
      case sema::Op::kRef:
        return EmitLoad(SlotOf(e.ref));
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
        return Emit({.code = Code::kPrevAbsent, .b = 1u});
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
      case sema::Op::kCohortMinMax:
      case sema::Op::kCohortRank:
      case sema::Op::kCohortPercentile:
        return EmitLoad(cohort_slot_.at(id));
      case sema::Op::kCohortMin:
      case sema::Op::kCohortMax:
      case sema::Op::kCohortSum:
      case sema::Op::kCohortCount:
      case sema::Op::kCohortMean:
      case sema::Op::kCohortSd:
      case sema::Op::kCohortMedian:
      case sema::Op::kCohortQuantile:
      case sema::Op::kCohortZscore:
      case sema::Op::kCohortSkew:
      case sema::Op::kCohortKurt:
      case sema::Op::kWinsorize:
      case sema::Op::kImpute:
      case sema::Op::kIsMissing:
        break;  // TODO(plan): lowered in the plan change
    }
    return EmitConst(0);
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

  // The exclude inputs an expression reads in the current row, through lets (not prev).
  void CollectExcludedInputs(sema::ExprId id, std::vector<std::uint32_t>* presence,
                             std::vector<bool>* lets_seen) const {
    if (id == sema::kNoExpr) return;
    const sema::Expr& e = model_.expr(id);
    if (e.op == sema::Op::kRef && e.ref.kind == sema::SymbolKind::kInput &&
        model_.inputs[static_cast<std::size_t>(e.ref.index)].info.missing ==
            MissingPolicy::kExclude) {
      const std::uint32_t slot = plan_.input_presence_slot[static_cast<std::size_t>(e.ref.index)];
      if (slot != kNone && std::find(presence->begin(), presence->end(), slot) == presence->end()) {
        presence->push_back(slot);
      }
    }
    if (e.op == sema::Op::kRef && e.ref.kind == sema::SymbolKind::kLet) {
      const auto let = static_cast<std::size_t>(e.ref.index);
      if (!(*lets_seen)[let]) {
        (*lets_seen)[let] = true;
        CollectExcludedInputs(model_.lets[let].expr, presence, lets_seen);
      }
    }
    for (sema::ExprId arg : e.args) CollectExcludedInputs(arg, presence, lets_seen);
  }

  // A node's presence kernel, when it can be absent: an indicator is absent when an input
  // it reads with the `exclude` policy is missing; a group when all its children are.
  void EmitPresence(std::size_t i) {
    const sema::Node& node = model_.nodes[i];
    std::vector<std::uint32_t> sources;
    Code combine = Code::kAnd;
    if (node.info.kind == NodeKind::kIndicator) {
      std::vector<bool> lets_seen(model_.lets.size(), false);
      CollectExcludedInputs(node.expr, &sources, &lets_seen);
    } else {
      bool any_absent = false;
      for (int child : node.info.children) {
        const std::uint32_t slot = plan_.node_presence_slot[static_cast<std::size_t>(child)];
        any_absent = any_absent || slot != kNone;
      }
      if (!any_absent) return;
      combine = Code::kOr;
      for (int child : node.info.children) {
        const std::uint32_t slot = plan_.node_presence_slot[static_cast<std::size_t>(child)];
        sources.push_back(slot);  // kNone: always present
      }
    }
    if (sources.empty()) return;
    const std::uint32_t slot = slot_count_++;
    plan_.node_presence_slot[i] = slot;
    BeginRowKernel(slot);
    auto load = [&](std::uint32_t s) { return s == kNone ? EmitConst(1) : EmitLoad(s); };
    std::uint32_t result = load(sources[0]);
    for (std::size_t k = 1; k < sources.size(); ++k)
      result = Emit2(combine, result, load(sources[k]));
    EndRowKernel(result);
  }

  // The sum of `nodes` (left to right). When some of them can be absent, absent ones count
  // 0 and the points of the others are scaled up so that the whole keeps its points:
  // sum x target / (points of the present ones), with target = `scale_to` or the points of
  // all of them. With everyone present the plain sum is used (bit for bit), scaled to
  // `scale_to` when `normalize`.
  std::uint32_t SumOfPresentNodes(const std::vector<int>& nodes, std::optional<double> scale_to,
                                  bool normalize) {
    bool any_absent = false;
    bool points_known = true;
    double all_points = 0;
    for (int n : nodes) {
      const sema::Node& child = model_.nodes[static_cast<std::size_t>(n)];
      any_absent = any_absent || plan_.node_presence_slot[static_cast<std::size_t>(n)] != kNone;
      points_known = points_known && child.info.points.has_value();
      all_points += child.info.points.value_or(0);
    }
    std::uint32_t plain = SumOfNodes(nodes);
    if (normalize && scale_to) {
      plain = Emit2(Code::kMul, plain, EmitConst(*scale_to));
      plain = Emit2(Code::kDiv, plain, EmitConst(all_points));
    }
    if (!any_absent || !points_known) return plain;
    std::uint32_t numerator = EmitConst(0);
    std::uint32_t present_points = EmitConst(0);
    std::uint32_t everyone = EmitConst(1);
    for (int n : nodes) {
      const std::uint32_t presence = plan_.node_presence_slot[static_cast<std::size_t>(n)];
      const std::uint32_t value = EmitLoad(vertex_slot_[graph_.node_vertex(n)]);
      const double points = *model_.nodes[static_cast<std::size_t>(n)].info.points;
      if (presence == kNone) {
        numerator = Emit2(Code::kAdd, numerator, value);
        present_points = Emit2(Code::kAdd, present_points, EmitConst(points));
        continue;
      }
      const std::uint32_t present = EmitLoad(presence);
      numerator = Emit2(Code::kAdd, numerator, Emit3(Code::kSelect, present, value, EmitConst(0)));
      present_points =
          Emit2(Code::kAdd, present_points, Emit2(Code::kMul, present, EmitConst(points)));
      everyone = Emit2(Code::kAnd, everyone, present);
    }
    const double target = scale_to.value_or(all_points);
    const std::uint32_t scaled =
        Emit2(Code::kDiv, Emit2(Code::kMul, numerator, EmitConst(target)), present_points);
    return Emit3(Code::kSelect, everyone, plain, scaled);
  }

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
        EndRowKernel(Emit1(Code::kBool, Lower(model_.vetoes[i].condition)));
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
    EmitPresence(i);
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
        result =
            SumOfPresentNodes(node.info.children,
                              node.normalize ? node.declared_points : std::nullopt, node.normalize);
        break;
      }
    }
    // A dropped node earns 0, whatever its rule gives with the missing inputs' defaults: so
    // a parent's value rule reads 0 for it.
    const std::uint32_t presence = plan_.node_presence_slot[i];
    if (presence != kNone) {
      result = Emit3(Code::kSelect, EmitLoad(presence), result, EmitConst(0));
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
        if (kernel.member_slot != kNone) add(plan_.slot_cohort_readers[kernel.member_slot], k);
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
  absl::flat_hash_map<std::vector<std::uint32_t>, std::uint32_t> membership_slot_;
  absl::flat_hash_map<std::uint64_t, std::size_t> constant_index_;  // bits -> block
  Kernel current_;
  std::uint32_t registers_ = 0;
};

}  // namespace

Plan BuildPlan(const sema::Model& model, const graph::DependencyGraph& graph) {
  return PlanBuilder(model, graph).Build();
}

}  // namespace rubric::plan
