// rubric::Session: the values of many entities over several periods for one Standard, and
// their results. A session belongs to one thread at a time; several sessions may share one
// Standard across threads.
#ifndef RUBRIC_SESSION_H_
#define RUBRIC_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/explain.h"
#include "rubric/standard.h"
#include "rubric/status.h"

namespace rubric {

class Session;

namespace internal {
class SessionState;
// The storage behind a session, for rubric's own analyses (lib/analysis): not part of the
// public API.
SessionState& StateOf(const Session& session);
}  // namespace internal

class Session {
 public:
  explicit Session(Standard standard);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Standard& standard() const;

  // ---- Rows: one entity in one period. Periods are integers (years). ----

  // Makes room for `rows` rows in total, so that adding rows up to that count moves no
  // column (loading a file of known size: fewer copies and no spare capacity).
  void Reserve(std::size_t rows);

  // Adds a row with every input missing. kAlreadyExists when (entity, period) exists;
  // kInvalidArgument for an entity that is empty (or only spaces) or holds a control
  // character (U+0000-U+001F, U+007F-U+009F); kInvalidUtf8 when it is not UTF-8. Entities
  // are kept as given: the CSV loader trims the spaces around them first.
  StatusOr<std::size_t> AddRow(std::string_view entity, std::int64_t period);
  std::optional<std::size_t> FindRow(std::string_view entity, std::int64_t period) const;
  // Removes a row: it leaves its cohort, and prev() in the entity's next period no longer
  // finds it. Row indices stay stable: a removed row keeps its index, is no longer live and
  // is skipped by the writers. kNotFound for an index that is not a live row.
  Status RemoveRow(std::size_t row);
  // Removes every row of an entity / of a period; returns how many were removed.
  std::size_t RemoveEntity(std::string_view entity);
  std::size_t RemovePeriod(std::int64_t period);
  bool live(std::size_t row) const;
  // Rows ever added, removed ones included (indices run from 0 to row_count() - 1).
  std::size_t row_count() const;
  const std::string& entity(std::size_t row) const;
  std::int64_t period(std::size_t row) const;

  // ---- Input values. `input` is an index into standard().inputs(). ----

  // bool (0/1), number, percent, integer and rank inputs; checks the type and the bounds.
  Status SetNumber(std::size_t row, std::size_t input, double value);
  // enum inputs: by option index (0 = lowest) or by label.
  Status SetOption(std::size_t row, std::size_t input, std::size_t option);
  // text inputs.
  Status SetText(std::size_t row, std::size_t input, std::string_view text);
  // Any input from its textual form in data (see docs/language.md); empty text = missing.
  Status SetFromString(std::size_t row, std::size_t input, std::string_view text);
  // Makes the value missing.
  Status Clear(std::size_t row, std::size_t input);

  // Columnar: one number input's values for many rows in one call. Sets values[i] on
  // rows[i], in order (a row given twice keeps its last value), with the checks and effects
  // of SetNumber for each pair. Everything is checked before anything is set: on an error
  // nothing changes, and the status names the first bad row and the input.
  // kInvalidArgument when the spans differ in size; empty spans are fine.
  Status SetNumbers(std::size_t input, std::span<const std::size_t> rows,
                    std::span<const double> values);
  // Every row in order: values[r] for row r, with values.size() == row_count() (else
  // kInvalidArgument). Values for removed rows are ignored.
  Status SetNumbers(std::size_t input, std::span<const double> values);

  bool is_missing(std::size_t row, std::size_t input) const;
  // The value used by rules: the default when missing; enum inputs give the option index.
  double value(std::size_t row, std::size_t input) const;
  const std::string& text(std::size_t row, std::size_t input) const;

  // ---- Evaluation and results ----

  // Computes every result from scratch, column by column. With threads > 1 the rows are
  // split between that many threads; results are identical, bit for bit, for any count.
  void Evaluate(unsigned threads = 1);

  // Results always reflect the current values: after edits, reading a result first brings
  // the session up to date incrementally, recomputing only what depends on the edits (the
  // first read after creating a session evaluates everything).
  bool scorable(std::size_t row) const;
  // Why a row is not scorable (names the missing input); empty for a scorable row.
  std::string unscorable_reason(std::size_t row) const;
  // The points (or value) of node `node` (index into standard().nodes()). Either may be the
  // missing value (rubric/missing.h: IsMissing), computed from missing inputs.
  double node_value(std::size_t row, std::size_t node) const;
  double total(std::size_t row) const;
  // The value of output `output` (index into standard().outputs()), like node_value.
  double output_value(std::size_t row, std::size_t output) const;
  // The value of an output as text: a named band's name, else the number in shortest
  // form; empty when missing or when the row is not scorable.
  std::string output_text(std::size_t row, std::size_t output) const;
  // Why the total of a scorable row is missing (names the missing inputs of the row whose
  // missing value flows); empty when the total has a value.
  std::string missing_reason(std::size_t row) const;
  // The grade's name, or nullptr when the standard has no grades, the row is not scorable,
  // or its total is missing (and it is not vetoed).
  const std::string* grade(std::size_t row) const;
  bool vetoed(std::size_t row) const;
  // Indices into standard().vetoes() of the vetoes that fired, in declaration order.
  std::vector<std::size_t> fired_vetoes(std::size_t row) const;

  // Why `row` earned what it did: for `node` (index into standard().nodes()), or for the
  // whole standard when node is nullopt. kNotFound / kOutOfRange for bad indices.
  StatusOr<Explanation> Explain(std::size_t row, std::optional<std::size_t> node = {}) const;
  // The values `impute` estimated in `row` (each imputed expression once), in the order of
  // the standard; empty for a row that is not scorable.
  std::vector<Imputation> imputations(std::size_t row) const;

  // Brings results up to date now (reads do it on demand).
  void Update();
  // Kernel runs for one row since the session was created: full evaluations count one per
  // kernel and row; incremental updates count only what they recompute.
  std::uint64_t ops() const;

  // Memory held by the session's per-row storage, in bytes: value columns, missing flags,
  // texts, entity names, the row index, links and the evaluation engine's state, counted by
  // capacity (containers' spare room included; the allocator's own bookkeeping is not).
  // The compiled standard, shared between sessions, is not counted. Walks every row.
  std::size_t memory_bytes() const;
  // The raw values: one 8-byte value per slot (inputs and every computed value,
  // intermediates included) and row, i.e. slots x row_count() x 8.
  std::size_t raw_value_bytes() const;

  // Checks the incremental results: evaluates the current values from scratch on a copy and
  // compares every computed value of every live row, bit for bit. Returns kInternal naming
  // the first difference. Costs a full evaluation; meant for tests and `rubric whatif
  // --verify`.
  Status VerifyAgainstFullEvaluation() const;

 private:
  friend internal::SessionState& internal::StateOf(const Session& session);
  std::unique_ptr<internal::SessionState> state_;
};

}  // namespace rubric

#endif  // RUBRIC_SESSION_H_
