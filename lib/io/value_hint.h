// Hints for values that spreadsheets write but rubric does not read as numbers: a unit in
// the cell ('1.2万'), thousands separators ('13,500'), a percent sign ('85%'), full-width
// digits ('１２').
#ifndef RUBRIC_LIB_IO_VALUE_HINT_H_
#define RUBRIC_LIB_IO_VALUE_HINT_H_

#include <string>
#include <string_view>

#include "rubric/standard.h"

namespace rubric::io {

// What to write instead of `value` for number input `input` ("write 13500, without
// thousands separators"), or "" when `value` is not one of these habits.
std::string SpreadsheetHint(std::string_view value, const InputInfo& input);

}  // namespace rubric::io

#endif  // RUBRIC_LIB_IO_VALUE_HINT_H_
