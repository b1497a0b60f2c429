// Helpers shared by the test suites: paths to the repository's files and the CLI, and
// running a command.
#ifndef RUBRIC_TESTS_TEST_SUPPORT_H_
#define RUBRIC_TESTS_TEST_SUPPORT_H_

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rubric::testing {

inline std::filesystem::path SourceDir() { return RUBRIC_SOURCE_DIR; }
inline std::filesystem::path CliPath() { return RUBRIC_CLI_PATH; }
// The shared reference material next to the repository, when present (never in a user's
// clone: tests that need it skip).
inline std::filesystem::path SharedDir() { return SourceDir().parent_path() / "shared"; }

// The names of the files in `folder` whose extension is `extension` (".rubric"), sorted:
// the cases of a golden test.
inline std::vector<std::string> FileNames(const std::filesystem::path& folder,
                                          const std::string& extension) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == extension) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string ReadFileOrDie(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout (stderr goes to `err` when captured)
  std::string err;
};

// Runs `command` with /bin/sh, capturing stdout and stderr through temporary files.
inline CommandResult RunCommand(const std::string& command) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem =
      "rubric-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const auto out_path = dir / (stem + ".out");
  const auto err_path = dir / (stem + ".err");
  const std::string full =
      command + " >" + out_path.string() + " 2>" + err_path.string() + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFileOrDie(out_path);
  result.err = ReadFileOrDie(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

inline std::string Quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Shell-quoted paths of the CLI and the bundled consortium example.
inline std::string Cli() { return Quote(CliPath()); }
inline std::string ConsortiumStandardArg() {
  return Quote(SourceDir() / "examples/consortium/standard.rubric");
}
inline std::string CitiesArg() { return Quote(SourceDir() / "examples/consortium/cities.csv"); }

}  // namespace rubric::testing

#endif  // RUBRIC_TESTS_TEST_SUPPORT_H_
