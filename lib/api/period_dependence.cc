// Standard::period_dependence(): how far back in periods a row's results read, computed
// from the compiled plan, where functions are expanded and inputs' `missing impute` is an
// explicit kernel.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "api/compiled_standard.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

// A look-back no file needs: past it (or through a recurrence) the look-back is unbounded.
constexpr std::int64_t kUnbounded = std::int64_t{1} << 40;

bool IsImputeKind(plan::KernelKind kind) {
  return kind == plan::KernelKind::kImputeMean || kind == plan::KernelKind::kImputeMedian ||
         kind == plan::KernelKind::kImputePrevious || kind == plan::KernelKind::kImputeConstant;
}

class Walker {
 public:
  explicit Walker(const internal::CompiledStandard& compiled)
      : model_(compiled.model), plan_(compiled.plan), names_(plan_.slot_count) {
    for (std::size_t i = 0; i < model_.inputs.size() && i < plan_.input_count; ++i) {
      names_[i] = "input '" + model_.inputs[i].info.id + "'";
    }
    for (std::size_t i = 0; i < plan_.let_slots.size(); ++i) {
      Name(plan_.let_slots[i], "let '" + model_.lets[i].id + "'");
    }
    for (std::size_t i = 0; i < plan_.node_slots.size(); ++i) {
      Name(plan_.node_slots[i], "node '" + model_.nodes[i].info.id + "'");
    }
    for (std::size_t i = 0; i < plan_.veto_slots.size(); ++i) {
      Name(plan_.veto_slots[i], "veto '" + model_.vetoes[i].info.id + "'");
    }
    Name(plan_.total_slot, "the standard's value");
  }

  PeriodDependence Run() {
    PeriodDependence result;
    std::vector<std::int64_t> back(plan_.slot_count, 0);  // per slot: periods read back
    std::vector<std::uint8_t> in_recurrence(plan_.kernels.size(), 0);
    for (const auto& [first, last] : plan_.recurrences) {
      for (std::uint32_t k = first; k < last && k < plan_.kernels.size(); ++k) {
        in_recurrence[k] = 1;
      }
    }
    std::int64_t longest = 0;
    for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
      const plan::Kernel& kernel = plan_.kernels[k];
      std::int64_t reach = 0;
      if (kernel.kind == plan::KernelKind::kRow) {
        for (std::uint32_t i = 0; i < kernel.instr_count; ++i) {
          const plan::Instr& instr = plan_.instrs[kernel.first_instr + i];
          if (instr.code == plan::Code::kLoad) {
            reach = std::max(reach, Back(back, instr.a));
          } else if (instr.code == plan::Code::kPrev) {
            // A value not computed yet when this kernel runs is read through prev() in a
            // cycle: every earlier period counts.
            if (instr.a < plan_.kernel_of_slot.size() &&
                plan_.kernel_of_slot[instr.a] != plan::kNone &&
                plan_.kernel_of_slot[instr.a] >= k) {
              in_recurrence[k] = 1;
            }
            reach = std::max(reach, 1 + Back(back, instr.a));
          } else if (instr.code == plan::Code::kPrevAbsent) {
            reach = std::max<std::int64_t>(reach, 1);  // whether that row is scorable
          }
        }
        if (in_recurrence[k] && result.unbounded_reason.empty()) {
          result.unbounded_reason = OwnerOf(k) +
                                    " reads its own prev() (through a chain of "
                                    "prev() over every earlier period)";
        }
        if (in_recurrence[k]) reach = kUnbounded;
      } else {
        reach = std::max(Back(back, kernel.src_slot),
                         kernel.key_slot != plan::kNone ? Back(back, kernel.key_slot) : 0);
        if (kernel.kind == plan::KernelKind::kImputePrevious) {
          const auto periods = static_cast<std::int64_t>(kernel.parameter);
          if (periods <= 0) {
            if (result.unbounded_reason.empty()) {
              result.unbounded_reason = "'impute previous'" + ImputedInput(k) +
                                        " has no number of periods (in " + OwnerOf(k) + ")";
            }
            reach = kUnbounded;
          } else {
            reach = std::min(kUnbounded, reach + periods);
          }
        }
        if (kernel.across_periods && !IsImputeKind(kernel.kind) && !result.across_periods) {
          result.across_periods = true;
          result.across_periods_reason =
              "a cohort function in " + OwnerOf(k) + " ranges across periods";
        }
      }
      if (kernel.dst_slot < back.size()) back[kernel.dst_slot] = reach;
      longest = std::max(longest, reach);
    }
    if (longest >= kUnbounded) {
      result.look_back.reset();
    } else {
      result.look_back = static_cast<int>(std::min<std::int64_t>(longest, INT32_MAX));
    }
    return result;
  }

 private:
  void Name(std::uint32_t slot, std::string name) {
    if (slot < names_.size() && names_[slot].empty()) names_[slot] = std::move(name);
  }

  static std::int64_t Back(const std::vector<std::int64_t>& back, std::uint32_t slot) {
    return slot < back.size() ? back[slot] : 0;
  }

  // " of input 'x'" when impute kernel `k` estimates an input, else "".
  std::string ImputedInput(std::uint32_t k) const {
    if (k >= plan_.kernel_expr.size() || plan_.kernel_expr[k] == sema::kNoExpr) return "";
    const sema::Expr& e = model_.expr(plan_.kernel_expr[k]);
    if (e.args.empty()) return "";
    const sema::Expr& arg = model_.expr(e.args[0]);
    if (arg.op != sema::Op::kRef || arg.ref.kind != sema::SymbolKind::kInput) return "";
    return " of input '" + model_.inputs[static_cast<std::size_t>(arg.ref.index)].info.id + "'";
  }

  // The let, node, veto or input kernel `k` computes, or the first one that reads what it
  // computes (a hoisted cohort function or impute computes a slot without a name).
  std::string OwnerOf(std::uint32_t k) const {
    std::deque<std::uint32_t> queue{plan_.kernels[k].dst_slot};
    std::vector<std::uint8_t> seen(plan_.slot_count, 0);
    while (!queue.empty()) {
      const std::uint32_t slot = queue.front();
      queue.pop_front();
      if (slot >= seen.size() || seen[slot]) continue;
      seen[slot] = 1;
      if (!names_[slot].empty()) return names_[slot];
      for (const auto* readers :
           {&plan_.slot_readers, &plan_.slot_prev_readers, &plan_.slot_cohort_readers}) {
        if (slot >= readers->size()) continue;
        for (std::uint32_t reader : (*readers)[slot]) {
          queue.push_back(plan_.kernels[reader].dst_slot);
        }
      }
    }
    return "the standard";
  }

  const sema::Model& model_;
  const plan::Plan& plan_;
  std::vector<std::string> names_;  // per slot: what it holds, or empty
};

}  // namespace

PeriodDependence Standard::period_dependence() const { return Walker(*impl_).Run(); }

}  // namespace rubric
