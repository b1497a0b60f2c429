// Stateful sessions of the service: each holds a rubric::Session on the standard it was
// created with, is used by one request at a time, and is dropped after an idle timeout.
// The number of sessions and the memory of all of them together are bounded.
#ifndef RUBRIC_SERVICE_SESSION_STORE_H_
#define RUBRIC_SERVICE_SESSION_STORE_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "rubric/session.h"
#include "service/standard_set.h"

namespace rubric::service {

struct StoredSession {
  StoredSession(Session s, std::shared_ptr<const Catalog> c, const LoadedStandard* l)
      : session(std::move(s)), catalog(std::move(c)), loaded(l) {}
  std::mutex mutex;  // held by the request using the session
  Session session;
  std::shared_ptr<const Catalog> catalog;  // keeps `loaded` alive across reloads
  const LoadedStandard* loaded;
  std::size_t memory = 0;  // bytes accounted for this session (guarded by the store)
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;

  SessionStore(std::size_t max_sessions, std::size_t max_bytes, double idle_seconds);

  enum class Refusal { kNone, kTooMany, kMemory };

  // A new session on `loaded` (of `catalog`), or why none: kTooMany at max_sessions,
  // kMemory when its memory would not fit.
  Refusal Create(std::shared_ptr<const Catalog> catalog, const LoadedStandard& loaded,
                 std::string* id);
  // The session, marked as used now; nullptr when unknown or expired.
  std::shared_ptr<StoredSession> Find(const std::string& id);
  bool Remove(const std::string& id);
  // Whether `extra` more bytes fit in the memory limit now.
  bool Fits(std::size_t extra) const;
  // Records the session's memory after a change (it may go past the limit by the estimate's
  // error; the next request is then refused).
  void Account(const std::string& id, std::size_t bytes);
  // Drops the sessions idle for longer than the timeout; returns how many.
  std::size_t Sweep();

  std::size_t count() const;
  std::size_t memory() const;
  double idle_seconds() const { return idle_seconds_; }

 private:
  struct Slot {
    std::shared_ptr<StoredSession> session;
    Clock::time_point last_used;
  };
  const std::size_t max_sessions_;
  const std::size_t max_bytes_;
  const double idle_seconds_;
  mutable std::mutex mutex_;
  std::map<std::string, Slot> slots_;
  std::size_t memory_ = 0;

  bool Expired(const Slot& slot, Clock::time_point now) const;
};

// 128 random bits as 32 hex digits.
std::string NewSessionId();

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_SESSION_STORE_H_
