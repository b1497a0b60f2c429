// The service's counters, rendered in the Prometheus text format (version 0.0.4) for
// GET /metrics: requests by route and status, latency histograms by route, errors by
// status, connections, sessions, rows scored, reloads and the process's memory.
#ifndef RUBRIC_SERVICE_METRICS_H_
#define RUBRIC_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace rubric::service {

class Metrics {
 public:
  // The upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};

  void Request(const std::string& route, int status, double seconds);
  void ConnectionOpened() {
    ++connections_;
    ++connections_total_;
  }
  void ConnectionClosed() { --connections_; }
  void ConnectionRefused() { ++connections_refused_; }
  void RequestTimedOut() { ++timeouts_; }
  void RowsScored(std::size_t rows) { rows_scored_ += rows; }
  void Reload(bool ok) { ++(ok ? reloads_ok_ : reloads_failed_); }
  std::int64_t connections() const { return connections_; }

  // `sessions` and `session_bytes` are read from the session store by the caller.
  std::string Render(std::size_t sessions, std::size_t session_bytes,
                     std::uint64_t generation) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status)
  std::map<std::string, Histogram> latency_;                       // by route
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::uint64_t> connections_total_{0};
  std::atomic<std::uint64_t> connections_refused_{0};
  std::atomic<std::uint64_t> timeouts_{0};
  std::atomic<std::uint64_t> rows_scored_{0};
  std::atomic<std::uint64_t> reloads_ok_{0};
  std::atomic<std::uint64_t> reloads_failed_{0};
};

// The resident memory of this process in bytes (from /proc/self/statm), or 0.
std::size_t ResidentMemoryBytes();

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_METRICS_H_
