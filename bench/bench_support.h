// What the benchmark suites share: files of the source tree and the bundled standard.
#ifndef RUBRIC_BENCH_BENCH_SUPPORT_H_
#define RUBRIC_BENCH_BENCH_SUPPORT_H_

#include <fstream>
#include <sstream>
#include <string>

#include "rubric/standard.h"

namespace rubric_bench {

// A file of the source tree (RUBRIC_SOURCE_DIR), whole.
inline std::string ReadSourceFile(const std::string& relative_path) {
  std::ifstream in(std::string(RUBRIC_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline const std::string& ConsortiumSource() {
  static const std::string source = ReadSourceFile("examples/consortium/standard.rubric");
  return source;
}

// The bundled consortium standard, compiled once.
inline const rubric::Standard& Consortium() {
  static const rubric::Standard standard =
      std::move(*rubric::Standard::Compile(ConsortiumSource(), "standard.rubric").standard);
  return standard;
}

}  // namespace rubric_bench

#endif  // RUBRIC_BENCH_BENCH_SUPPORT_H_
