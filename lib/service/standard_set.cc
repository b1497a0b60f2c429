#include "service/standard_set.h"

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include "rubric/report.h"

namespace rubric::service {

// The one place that says how a standard's hash is made: the content hash of its meaning
// (rubric/standard.h), the same `rubric check` prints and every output carries.
std::string ContentHash(const Standard& standard, std::string_view source) {
  (void)source;
  return standard.content_hash();
}

const LoadedStandard* Catalog::Find(std::string_view id) const {
  for (const LoadedStandard& loaded : standards) {
    if (loaded.standard.id() == id) return &loaded;
  }
  return nullptr;
}

StandardSet::StandardSet(std::vector<std::string> paths) : paths_(std::move(paths)) {}

std::shared_ptr<const Catalog> StandardSet::current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

LoadOutcome StandardSet::Load() {
  LoadOutcome outcome;
  std::unique_lock<std::mutex> reload(reload_mutex_, std::try_to_lock);
  if (!reload.owns_lock()) {
    outcome.busy = true;
    outcome.message = "a reload is already running";
    return outcome;
  }
  auto catalog = std::make_shared<Catalog>();
  std::set<std::string> ids;
  std::size_t failed = 0;
  for (const std::string& path : paths_) {
    CompileResult compiled = Standard::CompileFile(path);
    for (Diagnostic& diagnostic : compiled.diagnostics) {
      outcome.diagnostics.push_back(std::move(diagnostic));
    }
    if (!compiled.ok()) {
      ++failed;
      continue;
    }
    std::ifstream file(path, std::ios::binary);
    std::string source((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const Standard& standard = *compiled.standard;
    if (!ids.insert(standard.id()).second) {
      Diagnostic duplicate;
      duplicate.code = "E0102";
      duplicate.file = path;
      duplicate.message = "standard '" + standard.id() + "' is loaded from two files";
      outcome.diagnostics.push_back(duplicate);
      ++failed;
      continue;
    }
    catalog->standards.push_back({standard, path, ContentHash(standard, source)});
  }
  if (failed > 0) {
    outcome.message = std::to_string(failed) + " of " + std::to_string(paths_.size()) +
                      " standards cannot be loaded";
    if (current()) outcome.message += "; the loaded standards stay";
    return outcome;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  catalog->generation = current_ ? current_->generation + 1 : 1;
  current_ = std::move(catalog);
  outcome.ok = true;
  return outcome;
}

}  // namespace rubric::service
