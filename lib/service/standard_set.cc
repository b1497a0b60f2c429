#include "service/standard_set.h"

#include <set>
#include <utility>

namespace rubric::service {

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
    catalog->standards.push_back({standard, path});
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
