#include "service/session_store.h"

#include <random>
#include <utility>

namespace rubric::service {

std::string NewSessionId() {
  static std::mutex mutex;
  static std::random_device device;
  std::lock_guard<std::mutex> lock(mutex);
  static const char* const kHex = "0123456789abcdef";
  std::string id;
  for (int word = 0; word < 4; ++word) {
    std::uint32_t bits = device();
    for (int k = 0; k < 8; ++k, bits >>= 4) id += kHex[bits & 15];
  }
  return id;
}

SessionStore::SessionStore(std::size_t max_sessions, std::size_t max_bytes, double idle_seconds)
    : max_sessions_(max_sessions), max_bytes_(max_bytes), idle_seconds_(idle_seconds) {}

bool SessionStore::Expired(const Slot& slot, Clock::time_point now) const {
  return std::chrono::duration<double>(now - slot.last_used).count() > idle_seconds_;
}

SessionStore::Refusal SessionStore::Create(std::shared_ptr<const Catalog> catalog,
                                           const LoadedStandard& loaded, std::string* id) {
  Sweep();
  auto stored =
      std::make_shared<StoredSession>(Session(loaded.standard), std::move(catalog), &loaded);
  stored->memory = stored->session.memory_bytes();
  std::lock_guard<std::mutex> lock(mutex_);
  if (slots_.size() >= max_sessions_) return Refusal::kTooMany;
  if (memory_ + stored->memory > max_bytes_) return Refusal::kMemory;
  *id = NewSessionId();
  memory_ += stored->memory;
  slots_[*id] = {std::move(stored), Clock::now()};
  return Refusal::kNone;
}

std::shared_ptr<StoredSession> SessionStore::Find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto slot = slots_.find(id);
  if (slot == slots_.end()) return nullptr;
  const Clock::time_point now = Clock::now();
  if (Expired(slot->second, now)) {
    memory_ -= slot->second.session->memory;
    slots_.erase(slot);
    return nullptr;
  }
  slot->second.last_used = now;
  return slot->second.session;
}

bool SessionStore::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto slot = slots_.find(id);
  if (slot == slots_.end()) return false;
  memory_ -= slot->second.session->memory;
  slots_.erase(slot);
  return true;
}

bool SessionStore::Fits(std::size_t extra) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return memory_ + extra <= max_bytes_;
}

void SessionStore::Account(const std::string& id, std::size_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto slot = slots_.find(id);
  if (slot == slots_.end()) return;  // deleted meanwhile: nothing is held for it
  memory_ = memory_ - slot->second.session->memory + bytes;
  slot->second.session->memory = bytes;
  slot->second.last_used = Clock::now();
}

std::size_t SessionStore::Sweep() {
  std::lock_guard<std::mutex> lock(mutex_);
  const Clock::time_point now = Clock::now();
  std::size_t dropped = 0;
  for (auto slot = slots_.begin(); slot != slots_.end();) {
    if (Expired(slot->second, now)) {
      memory_ -= slot->second.session->memory;
      slot = slots_.erase(slot);
      ++dropped;
    } else {
      ++slot;
    }
  }
  return dropped;
}

std::size_t SessionStore::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slots_.size();
}

std::size_t SessionStore::memory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return memory_;
}

}  // namespace rubric::service
