// rubric check [--canonical] STANDARD...: compiles each standard and reports its
// diagnostics, its content hash and how its weighted groups weigh their children.
#include <cstdio>

#include "cli_support.h"
#include "rubric/report.h"

namespace rubric::cli {
namespace {

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// How each weighted group weighs its children: the weights known at compile time (AHP,
// given) and each AHP matrix's consistency.
void PrintWeights(const rubric::Standard& standard) {
  for (const rubric::WeightedGroupInfo& group : standard.weighted_groups()) {
    std::cout << "group '" << standard.nodes()[group.node].id << "': " << group.aggregate
              << ", weights " << group.method;
    if (group.weights.empty()) {
      std::cout << ": from the data (rubric explain shows them row by row)\n";
      continue;
    }
    std::cout << ":";
    for (std::size_t j = 0; j < group.children.size(); ++j) {
      std::cout << (j > 0 ? ", " : " ") << standard.nodes()[group.children[j]].id << " "
                << Fixed(group.weights[j], 4);
    }
    for (const rubric::WeightedGroupInfo::Consistency& c : group.consistency) {
      std::cout << "; lambda_max " << Fixed(c.lambda_max, 4) << ", CI " << Fixed(c.ci, 4) << ", RI "
                << rubric::FormatNumber(c.ri) << ", CR " << Fixed(std::max(0.0, c.cr), 3);
    }
    std::cout << "\n";
  }
}

}  // namespace

int Check(const std::vector<std::string>& args) {
  bool canonical = false;
  std::vector<std::string> paths;
  for (const std::string& arg : args) {
    if (arg == "--canonical") {
      canonical = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "rubric: check: unknown option '" << arg << "'\n";
      return kUsage;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  int worst = kOk;
  for (const std::string& path : paths) {
    int status = kOk;
    std::optional<rubric::Standard> standard = CompileFile(path, &status);
    if (standard) {
      std::cerr << path << ": ok: standard '" << standard->id() << "', "
                << standard->inputs().size() << " inputs, " << standard->nodes().size()
                << " nodes, " << standard->vetoes().size() << " vetoes\n";
      if (canonical) {
        std::cout << standard->canonical_form();
        continue;
      }
      std::cout << "content hash " << standard->content_hash() << "\n";
      PrintWeights(*standard);
    }
    worst = std::max(worst, status);
  }
  return worst;
}

}  // namespace rubric::cli
