// Units of measure: which dimension a unit measures and its factor to that dimension's base
// unit. The built-in table (unit_table.cc) holds the units of Chinese evaluation standards;
// a standard adds its own with `unit` statements.
#ifndef RUBRIC_LIB_SEMA_UNIT_TABLE_H_
#define RUBRIC_LIB_SEMA_UNIT_TABLE_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/node_hash_map.h"

namespace rubric::sema {

struct Unit {
  std::string name;       // as written between the brackets, trimmed: "万元"
  std::string dimension;  // units convert only within one dimension: "money"
  double factor = 1;      // value in the dimension's base unit = value x factor
};

class UnitTable {
 public:
  // The built-in units.
  UnitTable();

  const Unit* Find(std::string_view name) const;

  // Adds a unit of a dimension of its own (named after it). False when the name is taken.
  bool AddDimension(std::string_view name);
  // Adds `name` = `factor` x `base`. False when the name is taken or `base` is unknown.
  bool AddMultiple(std::string_view name, double factor, std::string_view base);

  // `did you mean '万元'?` for a unit that is not known, or `otherwise` when no known unit
  // is close.
  std::string Suggest(std::string_view name, std::string otherwise) const;

 private:
  void Add(Unit unit);
  absl::node_hash_map<std::string, Unit> units_;  // node map: Unit pointers stay valid
};

// The text between brackets without surrounding spaces.
std::string TrimUnit(std::string_view text);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_UNIT_TABLE_H_
