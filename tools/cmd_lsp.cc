// rubric lsp [--stdio]: the language server for editors over standard input and output
// (include/rubric/lsp.h, docs/editor.md).
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
  return lsp::Serve(std::cin, std::cout);
}

}  // namespace rubric::cli
