// rubric lsp [--stdio]: the language server for editors over standard input and output
// (include/rubric/lsp.h, docs/editor.md). --allow-any-base and --strict (taken by every
// command) apply to the standards it compiles.
#include <iostream>

#include "cli_support.h"
#include "rubric/lsp.h"

namespace rubric::cli {

int Lsp(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg != "--stdio") {
      std::cerr << "rubric lsp: unknown option '" << arg << "'\n" << kUsageText;
      return kUsage;
    }
  }
  lsp::ServerOptions options;
  options.allow_any_base = allow_any_base;
  options.strict = strict;
  return lsp::Serve(std::cin, std::cout, options);
}

}  // namespace rubric::cli
