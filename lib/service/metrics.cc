#include "service/metrics.h"

#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

namespace rubric::service {

void Metrics::Request(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  Histogram& histogram = latency_[route];
  for (std::size_t k = 0; k < kBuckets.size(); ++k) {
    if (seconds <= kBuckets[k]) ++histogram.counts[k];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::size_t ResidentMemoryBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::string Metrics::Render(std::size_t sessions, std::size_t session_bytes,
                            std::uint64_t generation) const {
  std::ostringstream out;
  out.precision(17);
  std::lock_guard<std::mutex> lock(mutex_);
  out << "# HELP rubric_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE rubric_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out << "rubric_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} "
        << count << "\n";
  }
  out << "# HELP rubric_errors_total Requests answered with an error status, by status.\n"
         "# TYPE rubric_errors_total counter\n";
  std::map<int, std::uint64_t> errors;
  for (const auto& [key, count] : requests_) {
    if (key.second >= 400) errors[key.second] += count;
  }
  for (const auto& [status, count] : errors) {
    out << "rubric_errors_total{status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP rubric_request_duration_seconds Time to handle a request, by route.\n"
         "# TYPE rubric_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    for (std::size_t k = 0; k < kBuckets.size(); ++k) {
      out << "rubric_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[k]
          << "\"} " << histogram.counts[k] << "\n";
    }
    out << "rubric_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << histogram.count << "\n";
    out << "rubric_request_duration_seconds_sum{route=\"" << route << "\"} " << histogram.sum
        << "\n";
    out << "rubric_request_duration_seconds_count{route=\"" << route << "\"} " << histogram.count
        << "\n";
  }
  out << "# HELP rubric_connections Open client connections.\n"
         "# TYPE rubric_connections gauge\n"
      << "rubric_connections " << connections_.load() << "\n"
      << "# HELP rubric_connections_total Client connections accepted.\n"
         "# TYPE rubric_connections_total counter\n"
      << "rubric_connections_total " << connections_total_.load() << "\n"
      << "# HELP rubric_connections_refused_total Connections refused (503) at the limit.\n"
         "# TYPE rubric_connections_refused_total counter\n"
      << "rubric_connections_refused_total " << connections_refused_.load() << "\n"
      << "# HELP rubric_request_timeouts_total Connections cut off for a slow request.\n"
         "# TYPE rubric_request_timeouts_total counter\n"
      << "rubric_request_timeouts_total " << timeouts_.load() << "\n"
      << "# HELP rubric_rows_scored_total Rows scored by /v1/score.\n"
         "# TYPE rubric_rows_scored_total counter\n"
      << "rubric_rows_scored_total " << rows_scored_.load() << "\n"
      << "# HELP rubric_reloads_total Reloads of the standards, by result.\n"
         "# TYPE rubric_reloads_total counter\n"
      << "rubric_reloads_total{result=\"ok\"} " << reloads_ok_.load() << "\n"
      << "rubric_reloads_total{result=\"refused\"} " << reloads_failed_.load() << "\n"
      << "# HELP rubric_standards_generation The loaded catalog's generation (1 at start).\n"
         "# TYPE rubric_standards_generation gauge\n"
      << "rubric_standards_generation " << generation << "\n"
      << "# HELP rubric_sessions Open sessions.\n"
         "# TYPE rubric_sessions gauge\n"
      << "rubric_sessions " << sessions << "\n"
      << "# HELP rubric_session_memory_bytes Memory held by the sessions' rows.\n"
         "# TYPE rubric_session_memory_bytes gauge\n"
      << "rubric_session_memory_bytes " << session_bytes << "\n"
      << "# HELP process_resident_memory_bytes Resident memory of the process.\n"
         "# TYPE process_resident_memory_bytes gauge\n"
      << "process_resident_memory_bytes " << ResidentMemoryBytes() << "\n";
  return out.str();
}

}  // namespace rubric::service
