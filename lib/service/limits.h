// The limits of `rubric serve`, each set by a flag (docs/service.md, "Limits").
#ifndef RUBRIC_SERVICE_LIMITS_H_
#define RUBRIC_SERVICE_LIMITS_H_

#include <cstddef>

namespace rubric::service {

struct Limits {
  std::size_t max_body_bytes = 16u << 20;      // --max-body-bytes: larger bodies get 413
  std::size_t max_header_bytes = 16u << 10;    // --max-header-bytes: 431
  std::size_t max_rows = 100000;               // --max-rows: rows per request, else 413
  std::size_t max_connections = 256;           // --max-connections: more get 503 and are closed
  std::size_t max_sessions = 1000;             // --max-sessions: more get 429
  std::size_t max_session_bytes = 256u << 20;  // --max-session-memory: all sessions, else 429
  double request_timeout_seconds = 10;         // --request-timeout: to read one request
  double session_idle_seconds = 600;           // --session-idle-timeout
  unsigned threads = 0;                        // --threads: 0 = one per core
};

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_LIMITS_H_
