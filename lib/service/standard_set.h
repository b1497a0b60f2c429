// The standards a service scores with, loaded at start and reloaded atomically: a reload
// compiles every file again and swaps the whole catalog in one step, or keeps the old one
// when any file no longer compiles. A request holds the catalog it started with, so
// requests in flight finish on their version.
#ifndef RUBRIC_SERVICE_STANDARD_SET_H_
#define RUBRIC_SERVICE_STANDARD_SET_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/diagnostic.h"
#include "rubric/standard.h"

namespace rubric::service {

struct LoadedStandard {
  Standard standard;
  std::string path;
};

struct Catalog {
  std::vector<LoadedStandard> standards;  // in the order of the files
  std::uint64_t generation = 0;           // 1 for the first load, +1 per reload
  // By id; nullptr when unknown.
  const LoadedStandard* Find(std::string_view id) const;
};

struct LoadOutcome {
  bool ok = false;
  bool busy = false;                    // another reload was running: nothing was done
  std::vector<Diagnostic> diagnostics;  // errors and warnings of every file
  std::string message;                  // what went wrong, in one line
};

class StandardSet {
 public:
  explicit StandardSet(std::vector<std::string> paths);

  // Compiles every file; on success the new catalog replaces the old one.
  LoadOutcome Load();
  // nullptr before the first successful Load.
  std::shared_ptr<const Catalog> current() const;

 private:
  std::vector<std::string> paths_;
  std::mutex reload_mutex_;   // one reload at a time
  mutable std::mutex mutex_;  // guards current_
  std::shared_ptr<const Catalog> current_;
};

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_STANDARD_SET_H_
