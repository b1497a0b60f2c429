// The built-in functions of the language as the editor shows them: a signature and one line
// of meaning (docs/language.md "Functions" and "Cohort functions" say the rest).
#ifndef RUBRIC_LIB_LSP_BUILTINS_H_
#define RUBRIC_LIB_LSP_BUILTINS_H_

#include <span>
#include <string_view>

namespace rubric::lsp {

struct Builtin {
  std::string_view name;
  std::string_view signature;
  std::string_view meaning;
};

std::span<const Builtin> Builtins();
// The built-in function `name`, or nullptr.
const Builtin* FindBuiltin(std::string_view name);

}  // namespace rubric::lsp

#endif  // RUBRIC_LIB_LSP_BUILTINS_H_
