#include "sema/unit_table.h"

#include <algorithm>
#include <vector>

#include "sema/closest_name.h"

namespace rubric::sema {
namespace {

// The built-in table, documented in docs/language.md ("Units"). Units that share a dimension
// convert by their factors; every other unit is a dimension of its own.
struct BuiltinUnit {
  const char* name;
  const char* dimension;
  double factor;
};
constexpr BuiltinUnit kBuiltinUnits[] = {
    {"元", "money", 1},
    {"千元", "money", 1e3},
    {"万元", "money", 1e4},
    {"百万元", "money", 1e6},
    {"亿元", "money", 1e8},
    {"人", "people", 1},
    {"万人", "people", 1e4},
    {"人次", "person-times", 1},
    {"万人次", "person-times", 1e4},
    {"人日", "person-days", 1},
    {"人月", "person-months", 1},
    {"小时/周", "hours per week", 1},
    {"%", "percent", 1},
    {"个", "个", 1},
    {"项", "项", 1},
    {"家", "家", 1},
    {"所", "所", 1},
    {"门", "门", 1},
    {"次", "次", 1},
    {"篇", "篇", 1},
    {"本", "本", 1},
    {"台", "台", 1},
    {"套", "套", 1},
    {"份", "份", 1},
    {"名", "名", 1},
    {"课时", "课时", 1},
    {"年", "年", 1},
    {"月", "月", 1},
    {"天", "天", 1},
    {"小时", "小时", 1},
};

}  // namespace

std::string TrimUnit(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

UnitTable::UnitTable() {
  for (const BuiltinUnit& unit : kBuiltinUnits) Add({unit.name, unit.dimension, unit.factor});
}

void UnitTable::Add(Unit unit) {
  std::string key = unit.name;
  units_.emplace(std::move(key), std::move(unit));
}

const Unit* UnitTable::Find(std::string_view name) const {
  auto it = units_.find(std::string(name));
  return it == units_.end() ? nullptr : &it->second;
}

bool UnitTable::AddDimension(std::string_view name) {
  if (Find(name) != nullptr) return false;
  Add({std::string(name), std::string(name), 1});
  return true;
}

bool UnitTable::AddMultiple(std::string_view name, double factor, std::string_view base) {
  const Unit* base_unit = Find(base);
  if (base_unit == nullptr || Find(name) != nullptr) return false;
  Add({std::string(name), base_unit->dimension, factor * base_unit->factor});
  return true;
}

std::string UnitTable::Suggest(std::string_view name, std::string otherwise) const {
  std::vector<std::string_view> names;
  names.reserve(units_.size());
  for (const auto& [unit_name, unit] : units_) names.push_back(unit_name);
  std::sort(names.begin(), names.end());  // deterministic tie-breaking
  std::string hint = DidYouMean(name, names);
  return hint.empty() ? otherwise : hint;
}

}  // namespace rubric::sema
