// rubric check STANDARD...: compiles each standard and reports its diagnostics.
#include "cli_support.h"

namespace rubric::cli {

int Check(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  int worst = kOk;
  for (const std::string& path : args) {
    int status = kOk;
    std::optional<rubric::Standard> standard = CompileFile(path, &status);
    if (standard) {
      std::cerr << path << ": ok: standard '" << standard->id() << "', "
                << standard->inputs().size() << " inputs, " << standard->nodes().size()
                << " nodes, " << standard->vetoes().size() << " vetoes\n";
    }
    worst = std::max(worst, status);
  }
  return worst;
}

}  // namespace rubric::cli
