// What moved a score: Shapley values of the inputs that changed between two rows (plus the
// context: the other rows, the previous periods, the standard), exact over every subset when
// the players are few, sampled by antithetic permutations otherwise; node shares from the
// inputs' values; the rank change and the entities behind it. docs/analysis.md.
#include "rubric/attribution.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "analysis/variant_data.h"
#include "api/compiled_standard.h"
#include "rubric/diff.h"
#include "rubric/missing.h"
#include "util/number_format.h"

namespace rubric {
namespace {

constexpr std::size_t kMaxExactPlayers = 20;
constexpr std::size_t kMaxSamples = 10'000'000;

struct InputValue {
  bool missing = true;
  double value = 0;
  std::string text;
};

InputValue ReadInput(const Session& session, std::size_t row, std::size_t input) {
  InputValue v;
  v.missing = session.is_missing(row, input);
  if (v.missing) return v;
  if (session.standard().inputs()[input].type == InputType::kText) {
    v.text = session.text(row, input);
  } else {
    v.value = session.value(row, input);
  }
  return v;
}

bool SameValue(const InputValue& a, const InputValue& b) {
  if (a.missing || b.missing) return a.missing == b.missing;
  return a.text == b.text && (a.value == b.value || (std::isnan(a.value) && std::isnan(b.value)));
}

Status WriteInput(Session& session, std::size_t row, std::size_t input, const InputValue& v) {
  if (v.missing) return session.Clear(row, input);
  switch (session.standard().inputs()[input].type) {
    case InputType::kEnum:
      return session.SetOption(row, input, static_cast<std::size_t>(v.value));
    case InputType::kText:
      return session.SetText(row, input, v.text);
    default:
      return session.SetNumber(row, input, v.value);
  }
}

std::string Shown(const Session& session, std::size_t input, const InputValue& v) {
  if (v.missing) return "";
  const InputInfo& info = session.standard().inputs()[input];
  switch (info.type) {
    case InputType::kText:
      return v.text;
    case InputType::kEnum: {
      const auto option = static_cast<std::size_t>(v.value);
      return option < info.options.size() ? info.options[option] : util::FormatShortest(v.value);
    }
    case InputType::kBool:
      return v.value != 0 ? "true" : "false";
    default:
      return util::FormatShortest(v.value);
  }
}

// Whether a row's total may depend on other rows: cohort functions or prev().
bool ReadsOtherRows(const Standard& standard) {
  const plan::Plan& plan = standard.compiled().plan;
  if (!plan.prev_kernels.empty()) return true;
  for (const auto& readers : plan.slot_cohort_readers) {
    if (!readers.empty()) return true;
  }
  return false;
}

struct Player {
  std::size_t input0 = 0, input1 = 0;  // index in each world's standard
  InputValue v0, v1;                   // the value in each world
};

// The game: f(S) for S a set of players (`in[i]`: input player i at the "to" row's value;
// in[k], when the context is a player: evaluated in the "to" world). World 0 evaluates on
// the "from" row with the "from" session's other rows; world 1 on the "to" row. Each host
// row remembers which players it currently holds at the other world's value, so moving
// from one subset to the next sets only the inputs that differ.
class Game {
 public:
  Game(Session* s0, std::size_t r0, Session* s1, std::size_t r1, std::vector<Player> players,
       bool context)
      : players_(std::move(players)), context_(context) {
    session_[0] = s0;
    session_[1] = s1;
    row_[0] = r0;
    row_[1] = r1;
    pristine_[0].assign(players_.size(), 0);
    pristine_[1].assign(players_.size(), 1);
    held_[0] = pristine_[0];
    held_[1] = pristine_[1];
  }
  ~Game() { (void)Restore(); }

  std::size_t size() const { return players_.size() + (context_ ? 1 : 0); }
  std::size_t evaluations() const { return evaluations_; }

  // The total for the players with in[i] != 0 (in.size() == size(); the context last).
  // Without the context as a player everything is evaluated in world 0.
  StatusOr<double> Eval(const std::vector<std::uint8_t>& in) {
    const int world = context_ && in[players_.size()] ? 1 : 0;
    const int other = 1 - world;
    if (Status s = Hold(other, pristine_[other]); !s.ok()) return s;
    if (Status s = Hold(world, in); !s.ok()) return s;
    ++evaluations_;
    return session_[world]->total(row_[world]);
  }

  Status Restore() {
    if (Status s = Hold(0, pristine_[0]); !s.ok()) return s;
    return Hold(1, pristine_[1]);
  }

 private:
  // Sets host `world`'s inputs to in[i] ? the "to" value : the "from" value (input players
  // only: `in` may be longer).
  Status Hold(int world, const std::vector<std::uint8_t>& in) {
    std::vector<std::uint8_t>& held = held_[world];
    for (std::size_t i = 0; i < players_.size(); ++i) {
      const std::uint8_t want = in[i] ? 1 : 0;
      if (held[i] == want) continue;
      const Player& p = players_[i];
      if (Status s = WriteInput(*session_[world], row_[world], world == 0 ? p.input0 : p.input1,
                                want ? p.v1 : p.v0);
          !s.ok()) {
        return s;
      }
      held[i] = want;
    }
    return Status::Ok();
  }

  Session* session_[2];
  std::size_t row_[2];
  std::vector<Player> players_;
  bool context_;
  std::vector<std::uint8_t> pristine_[2], held_[2];
  std::size_t evaluations_ = 0;
};

Status MissingTotal(const std::string& what) {
  return Status(StatusCode::kFailedPrecondition,
                what + ": its total is missing, so there is no change to split");
}

bool Missing(double v) { return IsMissing(v) || std::isnan(v); }

// Exact Shapley values: every subset, Gray-code order (one input set per step; the context
// bit is the highest so that the world changes once).
StatusOr<std::vector<double>> ExactShapley(Game& game) {
  const std::size_t n = game.size();
  const std::uint64_t count = 1ULL << n;
  std::vector<double> f(count);
  std::vector<std::uint8_t> in(n, 0);
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::uint64_t mask = k ^ (k >> 1);
    for (std::size_t i = 0; i < n; ++i) in[i] = (mask >> i) & 1;
    StatusOr<double> v = game.Eval(in);
    if (!v.ok()) return v.status();
    if (Missing(*v)) {
      return Status(StatusCode::kFailedPrecondition,
                    "a mix of the two rows' inputs has no total (a missing value the standard "
                    "cannot score), so Shapley values are not defined");
    }
    f[mask] = *v;
  }
  // weight[s] = s! (n - s - 1)! / n!
  std::vector<double> weight(n, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    double w = 1.0 / static_cast<double>(n);
    // 1 / (n * C(n-1, s))
    double c = 1;
    for (std::size_t j = 1; j <= s; ++j) c = c * static_cast<double>(n - 1 - s + j) / j;
    weight[s] = w / c;
  }
  std::vector<double> phi(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t bit = 1ULL << i;
    double sum = 0;
    for (std::uint64_t mask = 0; mask < count; ++mask) {
      if (mask & bit) continue;
      sum += weight[static_cast<std::size_t>(std::popcount(mask))] * (f[mask | bit] - f[mask]);
    }
    phi[i] = sum;
  }
  return phi;
}

// Sampled Shapley values: `pairs` antithetic pairs of permutations (a permutation and its
// reverse). Each permutation's marginal contributions telescope to f(N) - f(empty).
StatusOr<std::vector<double>> SampledShapley(Game& game, std::size_t pairs, std::uint64_t seed,
                                             std::vector<double>* standard_error) {
  const std::size_t n = game.size();
  std::mt19937_64 random(seed);
  std::vector<std::size_t> order(n);
  std::vector<double> sum(n, 0.0), sum_sq(n, 0.0), pair_value(n, 0.0), marginal(n, 0.0);
  std::vector<std::uint8_t> in(n, 0);
  StatusOr<double> empty = game.Eval(in);
  if (!empty.ok()) return empty.status();
  for (std::size_t p = 0; p < pairs; ++p) {
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    // Fisher-Yates with the generator's raw output (the same on every platform).
    for (std::size_t i = n; i > 1; --i) {
      std::swap(order[i - 1], order[static_cast<std::size_t>(random() % i)]);
    }
    std::fill(pair_value.begin(), pair_value.end(), 0.0);
    for (int direction = 0; direction < 2; ++direction) {
      std::fill(in.begin(), in.end(), 0);
      double previous = *empty;
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t player = direction == 0 ? order[j] : order[n - 1 - j];
        in[player] = 1;
        StatusOr<double> v = game.Eval(in);
        if (!v.ok()) return v.status();
        if (Missing(*v)) {
          return Status(StatusCode::kFailedPrecondition,
                        "a mix of the two rows' inputs has no total (a missing value the "
                        "standard cannot score), so Shapley values are not defined");
        }
        marginal[player] = *v - previous;
        previous = *v;
      }
      for (std::size_t i = 0; i < n; ++i) pair_value[i] += 0.5 * marginal[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      sum[i] += pair_value[i];
      sum_sq[i] += pair_value[i] * pair_value[i];
    }
  }
  std::vector<double> phi(n);
  standard_error->assign(n, 0.0);
  const double m = static_cast<double>(pairs);
  for (std::size_t i = 0; i < n; ++i) {
    phi[i] = sum[i] / m;
    if (pairs > 1) {
      const double var = std::max(0.0, (sum_sq[i] - m * phi[i] * phi[i]) / (m - 1));
      (*standard_error)[i] = std::sqrt(var / m);
    }
  }
  return phi;
}

struct Ranked {
  std::map<std::string, double> totals;  // entity -> total of its ranked row
};

Ranked RankedRows(const Session& session, std::int64_t period) {
  Ranked out;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!session.live(row) || session.period(row) != period || !session.scorable(row) ||
        session.vetoed(row)) {
      continue;
    }
    const double t = session.total(row);
    if (Missing(t)) continue;
    out.totals[session.entity(row)] = t;
  }
  return out;
}

int RankOf(const Ranked& ranked, const std::string& entity) {
  auto it = ranked.totals.find(entity);
  if (it == ranked.totals.end()) return 0;
  int rank = 1;
  for (const auto& [other, t] : ranked.totals) {
    if (t > it->second) ++rank;
  }
  return rank;
}

Status Validate(const AttributionOptions& options) {
  if (options.entity.empty()) {
    return Status(StatusCode::kInvalidArgument, "attribution: the entity is empty");
  }
  if (options.exact_players > kMaxExactPlayers) {
    return Status(StatusCode::kInvalidArgument,
                  "attribution: exact_players is at most 20 (2^20 totals), not " +
                      std::to_string(options.exact_players));
  }
  if (options.samples < 2 || options.samples > kMaxSamples) {
    return Status(
        StatusCode::kInvalidArgument,
        "attribution: samples is between 2 and 10000000, not " + std::to_string(options.samples));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<AttributionResult> Attribute(Session& session, const AttributionOptions& options) {
  return Attribute(session, session, options);
}

StatusOr<AttributionResult> Attribute(Session& from, Session& to,
                                      const AttributionOptions& options) {
  if (Status s = Validate(options); !s.ok()) return s;
  const std::optional<std::size_t> r0 = from.FindRow(options.entity, options.from);
  const std::optional<std::size_t> r1 = to.FindRow(options.entity, options.to);
  if (!r0 || !r1) {
    return Status(StatusCode::kNotFound, "attribution: no row for entity '" + options.entity +
                                             "', period " +
                                             std::to_string(!r0 ? options.from : options.to) +
                                             (&from != &to && r0 ? " (in the \"to\" data)" : ""));
  }
  if (&from == &to && *r0 == *r1) {
    return Status(StatusCode::kInvalidArgument,
                  "attribution: the two rows are the same row (give two periods)");
  }
  const Standard& std0 = from.standard();
  const Standard& std1 = to.standard();
  const bool same_standard = &std0.compiled() == &std1.compiled();

  AttributionResult result;
  result.entity = options.entity;
  result.from_period = options.from;
  result.to_period = options.to;
  result.total_from = from.total(*r0);
  result.total_to = to.total(*r1);
  if (Missing(result.total_from)) {
    return MissingTotal("attribution: the row of period " + std::to_string(options.from));
  }
  if (Missing(result.total_to)) {
    return MissingTotal("attribution: the row of period " + std::to_string(options.to));
  }
  result.change = result.total_to - result.total_from;

  // Nodes' values, read before any input is moved.
  const auto nodes0 = std0.nodes();
  for (std::size_t n = 0; n < nodes0.size(); ++n) {
    NodeContribution node;
    node.node = n;
    node.id = nodes0[n].id;
    node.label = nodes0[n].label;
    node.depth = nodes0[n].depth;
    node.from = from.node_value(*r0, n);
    const std::optional<std::size_t> n1 = same_standard ? n : std1.FindNode(nodes0[n].id);
    node.to = n1 ? to.node_value(*r1, *n1) : MissingValue();
    node.change = Missing(node.from) || Missing(node.to) ? MissingValue() : node.to - node.from;
    result.nodes.push_back(std::move(node));
  }

  // Nodes only the "to" standard has (a variant's additions), after the others.
  if (!same_standard) {
    const auto nodes1 = std1.nodes();
    for (std::size_t n = 0; n < nodes1.size(); ++n) {
      if (std0.FindNode(nodes1[n].id)) continue;
      NodeContribution node;
      node.node = n;
      node.id = nodes1[n].id;
      node.label = nodes1[n].label;
      node.depth = nodes1[n].depth;
      node.from = MissingValue();
      node.to = to.node_value(*r1, n);
      node.change = MissingValue();
      node.only_in_to = true;
      result.nodes.push_back(std::move(node));
    }
  }

  // Ranks, before any input is moved.
  const Ranked ranked0 = RankedRows(from, options.from);
  const Ranked ranked1 = RankedRows(to, options.to);
  result.rank_from = RankOf(ranked0, options.entity);
  result.rank_to = RankOf(ranked1, options.entity);
  if (result.rank_from > 0 && result.rank_to > 0) {
    const double e0 = ranked0.totals.at(options.entity);
    const double e1 = ranked1.totals.at(options.entity);
    std::set<std::string> entities;
    for (const auto& [e, t] : ranked0.totals) entities.insert(e);
    for (const auto& [e, t] : ranked1.totals) entities.insert(e);
    for (const std::string& e : entities) {
      if (e == options.entity) continue;
      auto a = ranked0.totals.find(e);
      auto b = ranked1.totals.find(e);
      RankMover mover;
      mover.entity = e;
      if (a != ranked0.totals.end()) mover.total_from = a->second;
      if (b != ranked1.totals.end()) mover.total_to = b->second;
      const bool above0 = mover.total_from && *mover.total_from > e0;
      const bool above1 = mover.total_to && *mover.total_to > e1;
      if (mover.total_from && mover.total_to) {
        mover.change = *mover.total_to - *mover.total_from;
        if (above0 == above1) continue;
        mover.how = above1 ? "passed" : "passed by";
      } else if (mover.total_to) {
        if (!above1) continue;
        mover.how = "entered above";
      } else {
        if (!above0) continue;
        mover.how = "left from above";
      }
      result.movers.push_back(std::move(mover));
    }
  }

  // The players: inputs whose value differs (matched by id across standards).
  std::vector<Player> players;
  const auto inputs0 = std0.inputs();
  for (std::size_t i = 0; i < inputs0.size(); ++i) {
    const std::optional<std::size_t> i1 = same_standard ? i : std1.FindInput(inputs0[i].id);
    if (!i1 || std1.inputs()[*i1].type != inputs0[i].type) continue;
    Player p;
    p.input0 = i;
    p.input1 = *i1;
    p.v0 = ReadInput(from, *r0, i);
    p.v1 = ReadInput(to, *r1, *i1);
    if (SameValue(p.v0, p.v1)) continue;
    players.push_back(std::move(p));
  }
  const bool standards_differ = !same_standard && !DiffStandards(std0, std1).empty();
  bool context = !same_standard || ReadsOtherRows(std0) || &from != &to;
  // Without other rows to read, world 0 with every input moved must give the "to" total; if
  // it does not, the context is a player after all.
  std::vector<double> phi, error;
  for (int attempt = 0; attempt < 2; ++attempt) {
    Game game(&from, *r0, &to, *r1, players, context);
    const std::size_t n = game.size();
    if (n == 0) break;
    if (!context) {
      StatusOr<double> full = game.Eval(std::vector<std::uint8_t>(n, 1));
      if (!full.ok()) return full.status();
      if (*full != result.total_to) {
        if (Status s = game.Restore(); !s.ok()) return s;
        context = true;
        continue;
      }
    }
    StatusOr<std::vector<double>> values = Status();
    if (n <= options.exact_players) {
      result.method = "exact";
      values = ExactShapley(game);
      error.assign(n, 0.0);
    } else {
      result.method = "sampled";
      const std::size_t pairs = (options.samples + 1) / 2;
      result.permutations = pairs * 2;
      values = SampledShapley(game, pairs, options.seed, &error);
    }
    result.evaluations = game.evaluations();
    if (Status s = game.Restore(); !s.ok()) return s;
    if (!values.ok()) return values.status();
    phi = std::move(*values);
    break;
  }
  if (result.method.empty()) result.method = "exact";
  result.context_player = context && !phi.empty();
  result.players = phi.size();

  // Efficiency: the values add up to the change; the rounding residual goes to the largest.
  if (!phi.empty()) {
    double sum = 0;
    for (double v : phi) sum += v;
    const double residual = result.change - sum;
    result.residual = std::abs(residual);
    std::size_t largest = 0;
    for (std::size_t i = 1; i < phi.size(); ++i) {
      if (std::abs(phi[i]) > std::abs(phi[largest])) largest = i;
    }
    phi[largest] += residual;
  }

  for (std::size_t k = 0; k < phi.size(); ++k) {
    InputContribution c;
    if (k < players.size()) {
      const Player& p = players[k];
      c.input = p.input0;
      c.id = inputs0[p.input0].id;
      c.label = inputs0[p.input0].label;
      c.from = Shown(from, p.input0, p.v0);
      c.to = Shown(to, p.input1, p.v1);
    } else {
      c.id = "(context)";
      c.label = &from == &to       ? "the other rows: cohorts and previous periods"
                : standards_differ ? "the standard (" + std1.id() + ") and the other rows"
                                   : "the other data: other rows and previous periods";
    }
    c.contribution = phi[k];
    c.standard_error = error.empty() ? 0 : error[k];
    result.inputs.push_back(std::move(c));
  }

  // Node shares: each input's value split equally among the nodes whose own rule reads it;
  // a group's share is its own plus its children's.
  std::vector<double> own(nodes0.size(), 0.0);
  double unassigned = 0;
  // Per node: its own rule reads other rows (a cohort function, prev()); its subtree does.
  std::vector<std::uint8_t> reads_context(nodes0.size(), 0);
  std::vector<std::uint8_t> dropped(nodes0.size(), 0);
  if (!result.inputs.empty()) {
    std::vector<std::vector<std::size_t>> readers(inputs0.size());
    for (std::size_t n = 0; n < nodes0.size(); ++n) {
      StatusOr<Explanation> e = from.Explain(*r0, n);
      if (!e.ok()) continue;
      reads_context[n] = !e->cohorts.empty();
      dropped[n] = e->dropped;
      std::set<std::size_t> seen;
      for (const InputUse& use : e->inputs) {
        if (use.previous_period) reads_context[n] = 1;
        if (use.previous_period || !seen.insert(use.input).second) continue;
        readers[use.input].push_back(n);
      }
    }
    for (const InputContribution& c : result.inputs) {
      if (!c.input || readers[*c.input].empty()) {
        unassigned += c.contribution;
        continue;
      }
      const double share = c.contribution / static_cast<double>(readers[*c.input].size());
      for (std::size_t n : readers[*c.input]) own[n] += share;
    }
  }
  // Pre-order: children follow their parent; accumulate bottom-up.
  for (std::size_t n = nodes0.size(); n-- > 0;) {
    double v = own[n];
    for (int child : nodes0[n].children) {
      const auto c = static_cast<std::size_t>(child);
      v += result.nodes[c].contribution;
      reads_context[n] |= reads_context[c];
      dropped[n] |= dropped[c];
    }
    result.nodes[n].contribution = v;
  }
  // Why a share differs from the change, in words.
  for (std::size_t n = 0; n < nodes0.size() && !result.inputs.empty(); ++n) {
    NodeContribution& node = result.nodes[n];
    if (Missing(node.change)) {
      // Dropped on one side by missing data: what became of its points, in the engine's
      // words ("missing data; its points go to its siblings").
      const bool to_side = Missing(node.to);
      const std::optional<std::size_t> m =
          to_side && !same_standard ? std1.FindNode(nodes0[n].id) : std::optional<std::size_t>(n);
      if (!m) continue;
      StatusOr<Explanation> e = to_side ? to.Explain(*r1, *m) : from.Explain(*r0, *m);
      if (e.ok() && e->dropped && !e->dropped_effect.empty()) {
        node.note =
            std::string(to_side ? "dropped in the \"to\" row: " : "dropped in the \"from\" row: ") +
            e->dropped_effect;
      }
      continue;
    }
    if (std::abs(node.contribution - node.change) <= 1e-9 * std::max(1.0, std::abs(node.change))) {
      continue;
    }
    bool sibling_dropped = false;
    if (const int parent = nodes0[n].parent; parent >= 0) {
      for (int sibling : nodes0[static_cast<std::size_t>(parent)].children) {
        const auto m = static_cast<std::size_t>(sibling);
        const std::optional<std::size_t> m1 = same_standard ? m : std1.FindNode(nodes0[m].id);
        StatusOr<Explanation> e1 = m1 ? to.Explain(*r1, *m1) : StatusOr<Explanation>(Status());
        sibling_dropped |= dropped[m] || (e1.ok() && e1->dropped);
      }
    }
    if (reads_context[n]) {
      node.note = "its rules read other rows (cohort, prev()): that part is the context's";
    } else if (sibling_dropped || dropped[n]) {
      node.note = "missing data: dropped points redistributed over the present siblings";
    } else {
      node.note = "a non-additive step above or within it (weights, mean, cap, value rule)";
    }
  }
  result.unassigned = unassigned;
  // Depth-1 nodes, the unassigned part and the change: make them add up exactly too.
  {
    double sum = unassigned;
    for (const NodeContribution& node : result.nodes) {
      if (node.depth == 1 && !node.only_in_to) sum += node.contribution;
    }
    result.unassigned += result.change - sum;
  }

  // A standard against its variant on the same values: the context (the standard) is the
  // only player. Where the points add up (the depth-1 nodes' changes, a removed node's
  // points lost and an added one's gained, make the change of the total), each node's
  // share is its change.
  if (standards_differ && players.empty()) {
    auto value_or_zero = [](double v) { return Missing(v) ? 0.0 : v; };
    double sum = 0;
    for (const NodeContribution& node : result.nodes) {
      if (node.depth == 1) sum += value_or_zero(node.to) - value_or_zero(node.from);
    }
    if (std::abs(sum - result.change) <= 1e-9 * std::max(1.0, std::abs(result.change))) {
      for (NodeContribution& node : result.nodes) {
        node.contribution = value_or_zero(node.to) - value_or_zero(node.from);
      }
      result.unassigned = result.change - sum;
    }
  }

  std::stable_sort(result.inputs.begin(), result.inputs.end(),
                   [](const InputContribution& a, const InputContribution& b) {
                     if (std::abs(a.contribution) != std::abs(b.contribution)) {
                       return std::abs(a.contribution) > std::abs(b.contribution);
                     }
                     return a.id < b.id;
                   });
  return result;
}

StatusOr<AttributionResult> AttributeStandards(const Standard& from, const Standard& to,
                                               std::string_view data_from,
                                               std::string_view file_from, std::string_view data_to,
                                               std::string_view file_to, const CsvOptions& csv,
                                               const AttributionOptions& options) {
  if (Status s = Validate(options); !s.ok()) return s;
  internal::LoadedSession a = internal::Load(from, to, data_from, file_from, csv);
  internal::LoadedSession b = internal::Load(to, from, data_to, file_to, csv);
  if (!a.errors.empty() || !b.errors.empty()) {
    std::vector<Diagnostic> errors = std::move(a.errors);
    const std::size_t from_a = errors.size();
    for (Diagnostic& d : b.errors) {  // one data file: most errors are the same for both
      const bool repeated =
          std::any_of(errors.begin(), errors.begin() + from_a, [&](const Diagnostic& e) {
            return e.code == d.code && e.line == d.line && e.message == d.message;
          });
      if (!repeated) errors.push_back(std::move(d));
    }
    return Status(StatusCode::kDataError, RenderAll(errors));
  }
  return Attribute(*a.session, *b.session, options);
}

namespace {

nlohmann::ordered_json Num(double v) {
  if (Missing(v) || !std::isfinite(v)) return nullptr;
  return v;
}

nlohmann::ordered_json Opt(const std::optional<double>& v) {
  return v ? Num(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string AttributionToJson(const AttributionResult& r) {
  nlohmann::ordered_json j;
  j["entity"] = r.entity;
  j["from"] = r.from_period;
  j["to"] = r.to_period;
  j["total_from"] = Num(r.total_from);
  j["total_to"] = Num(r.total_to);
  j["change"] = Num(r.change);
  j["method"] = r.method;
  j["players"] = r.players;
  j["evaluations"] = r.evaluations;
  j["permutations"] = r.permutations;
  j["context_player"] = r.context_player;
  j["residual"] = Num(r.residual);
  auto& inputs = j["inputs"] = nlohmann::ordered_json::array();
  for (const InputContribution& c : r.inputs) {
    nlohmann::ordered_json o;
    o["id"] = c.id;
    o["label"] = c.label;
    o["from"] = c.input ? nlohmann::ordered_json(c.from) : nlohmann::ordered_json(nullptr);
    o["to"] = c.input ? nlohmann::ordered_json(c.to) : nlohmann::ordered_json(nullptr);
    o["contribution"] = Num(c.contribution);
    o["standard_error"] = Num(c.standard_error);
    inputs.push_back(std::move(o));
  }
  auto& nodes = j["nodes"] = nlohmann::ordered_json::array();
  for (const NodeContribution& n : r.nodes) {
    nlohmann::ordered_json o;
    o["id"] = n.id;
    o["label"] = n.label;
    o["depth"] = n.depth;
    o["from"] = Num(n.from);
    o["to"] = Num(n.to);
    o["change"] = Num(n.change);
    o["contribution"] = Num(n.contribution);
    if (n.only_in_to) o["only_in_to"] = true;
    if (!n.note.empty()) o["note"] = n.note;
    nodes.push_back(std::move(o));
  }
  j["unassigned"] = Num(r.unassigned);
  nlohmann::ordered_json rank;
  rank["from"] =
      r.rank_from == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.rank_from);
  rank["to"] = r.rank_to == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.rank_to);
  auto& movers = rank["movers"] = nlohmann::ordered_json::array();
  for (const RankMover& m : r.movers) {
    nlohmann::ordered_json o;
    o["entity"] = m.entity;
    o["how"] = m.how;
    o["total_from"] = Opt(m.total_from);
    o["total_to"] = Opt(m.total_to);
    o["change"] = m.total_from && m.total_to ? Num(m.change) : nlohmann::ordered_json(nullptr);
    movers.push_back(std::move(o));
  }
  j["rank"] = std::move(rank);
  return j.dump(2) + "\n";
}

StatusOr<AttributionOptions> AttributionOptionsFromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(StatusCode::kInvalidArgument, "attribution options: not a JSON object");
  }
  AttributionOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    auto bad = [&](const char* what) {
      return Status(StatusCode::kInvalidArgument,
                    "attribution options: \"" + key + "\" takes " + what);
    };
    if (key == "entity") {
      if (!v.is_string()) return bad("a string");
      o.entity = v.get<std::string>();
    } else if (key == "from" || key == "to") {
      if (!v.is_number_integer()) return bad("a whole number (a period)");
      (key == "from" ? o.from : o.to) = v.get<std::int64_t>();
    } else if (key == "exact_players" || key == "exact-players" || key == "samples" ||
               key == "seed") {
      if (!v.is_number_unsigned()) return bad("a whole number not below 0");
      const auto n = v.get<std::uint64_t>();
      if (key == "seed") {
        o.seed = n;
      } else {
        (key == "samples" ? o.samples : o.exact_players) = static_cast<std::size_t>(n);
      }
    } else {
      return Status(StatusCode::kInvalidArgument,
                    "attribution options: unknown key \"" + key +
                        "\" (entity, from, to, exact_players, samples, seed)");
    }
  }
  if (Status s = Validate(o); !s.ok()) return s;
  return o;
}

namespace {

std::string Fixed(double v, int decimals = 4) {
  if (Missing(v)) return "-";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << (v == 0 ? 0.0 : v);  // no "-0.0000"
  std::string s = out.str();
  if (s.find_first_not_of("-0.") == std::string::npos)
    s = (decimals ? "0." + std::string(decimals, '0') : "0");
  return s;
}

std::string Signed(double v) {
  std::string s = Fixed(v);
  if (!Missing(v) && s[0] != '-' && s != "-") s = "+" + s;
  return s;
}

// Display width of UTF-8 text: one per code point, two for East Asian wide ones (CJK).
std::size_t Width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xC0) {
      len = 2;
      cp = c & 0x1F;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

void Table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right,
           std::ostringstream& out) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], Width(row[c]));
  }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(widths[c] - Width(row[c]), ' ');
      line += c < right.size() && right[c] ? pad + row[c] : row[c] + pad;
      if (c + 1 < row.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace

std::string RenderAttribution(const AttributionResult& r, std::size_t max_inputs) {
  std::ostringstream out;
  out << r.entity << ": " << r.from_period << " -> " << r.to_period << ": total "
      << Fixed(r.total_from) << " -> " << Fixed(r.total_to) << " (" << Signed(r.change) << ")\n";
  out << "method: Shapley values over " << r.players << " player" << (r.players == 1 ? "" : "s")
      << (r.context_player ? " (changed inputs and the context)" : " (changed inputs)") << ", "
      << r.method;
  if (r.method == "sampled") out << " (" << r.permutations << " antithetic permutations)";
  out << ", " << r.evaluations << " totals\n";
  if (!r.inputs.empty()) {
    out << "\nby input\n";
    std::vector<std::vector<std::string>> rows = {{"INPUT", "FROM", "TO", "CONTRIBUTION"}};
    const bool sampled = r.method == "sampled";
    if (sampled) rows[0].push_back("SE");
    std::size_t shown = 0;
    double rest = 0;
    for (const InputContribution& c : r.inputs) {
      if (shown++ >= max_inputs) {
        rest += c.contribution;
        continue;
      }
      std::vector<std::string> row = {c.input ? c.id : c.id + " " + c.label,
                                      c.input ? (c.from.empty() ? "(missing)" : c.from) : "",
                                      c.input ? (c.to.empty() ? "(missing)" : c.to) : "",
                                      Signed(c.contribution)};
      if (sampled) row.push_back(Fixed(c.standard_error));
      rows.push_back(std::move(row));
    }
    if (r.inputs.size() > max_inputs) {
      rows.push_back(
          {"(" + std::to_string(r.inputs.size() - max_inputs) + " more)", "", "", Signed(rest)});
    }
    Table(rows, {false, true, true, true, true}, out);
  }
  out << "\nby node\n";
  std::vector<std::vector<std::string>> rows = {{"NODE", "FROM", "TO", "CHANGE", "CONTRIBUTION"}};
  for (const NodeContribution& n : r.nodes) {
    if (n.contribution == 0 && (n.change == 0 || (Missing(n.from) && Missing(n.to)))) continue;
    rows.push_back({std::string(static_cast<std::size_t>(2 * (n.depth - 1)), ' ') + n.id +
                        (n.only_in_to ? " (added)" : ""),
                    Fixed(n.from), Fixed(n.to), Signed(n.change), Signed(n.contribution)});
  }
  if (r.unassigned != 0) rows.push_back({"(not in a node)", "", "", "", Signed(r.unassigned)});
  Table(rows, {false, true, true, true, true}, out);
  bool first_note = true;
  for (const NodeContribution& n : r.nodes) {
    if (n.note.empty()) continue;
    out << (first_note ? "  where the contribution is not the change:\n" : "") << "    " << n.id
        << ": " << n.note << "\n";
    first_note = false;
  }
  out << "\nrank: " << (r.rank_from ? std::to_string(r.rank_from) : "-") << " -> "
      << (r.rank_to ? std::to_string(r.rank_to) : "-") << "\n";
  if (!r.movers.empty()) {
    std::vector<std::vector<std::string>> movers = {{"ENTITY", "HOW", "FROM", "TO", "CHANGE"}};
    for (const RankMover& m : r.movers) {
      movers.push_back({m.entity, m.how, m.total_from ? Fixed(*m.total_from) : "-",
                        m.total_to ? Fixed(*m.total_to) : "-",
                        m.total_from && m.total_to ? Signed(m.change) : "-"});
    }
    Table(movers, {false, false, true, true, true}, out);
  }
  return out.str();
}

}  // namespace rubric
