// rubric serve --standard FILE... [--listen 127.0.0.1:8080] [--token-file F]
//              [--log decisions.jsonl] [limits]: scoring as an HTTP service
// (docs/service.md). The service itself is lib/service/; this file reads the flags.
#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli_support.h"
#include "service/http_server.h"
#include "service/service.h"

namespace rubric::cli {
namespace {

// A whole number of at least `minimum`; false after saying why.
bool WholeFlag(const std::string& flag, const std::string& text, std::size_t minimum,
               std::size_t* out) {
  std::size_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < minimum) {
    std::cerr << "rubric: " << flag << " takes a whole number of at least " << minimum << ", not '"
              << text << "'\n";
    return false;
  }
  *out = value;
  return true;
}

// Seconds, more than 0 (fractions allowed); false after saying why.
bool SecondsFlag(const std::string& flag, const std::string& text, double* out) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value <= 0 ||
      value > 86400 * 365) {
    std::cerr << "rubric: " << flag << " takes a number of seconds above 0, not '" << text << "'\n";
    return false;
  }
  *out = value;
  return true;
}

// The token: the file's first line, without surrounding spaces; it must not be empty.
std::optional<std::string> ReadToken(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "rubric: cannot read the token file " << path << "\n";
    return std::nullopt;
  }
  std::string token;
  std::getline(file, token);
  const auto first = token.find_first_not_of(" \t\r");
  const auto last = token.find_last_not_of(" \t\r");
  token = first == std::string::npos ? "" : token.substr(first, last - first + 1);
  if (token.empty()) {
    std::cerr << "rubric: the token file " << path << " is empty\n";
    return std::nullopt;
  }
  return token;
}

}  // namespace

int Serve(const std::vector<std::string>& args) {
  service::ServiceOptions options;
  service::Limits& limits = options.limits;
  std::string listen = "127.0.0.1:8080";
  std::string token_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      // Further standards after --standard FILE: --standard A B C.
      if (i > 0 && !options.standard_paths.empty()) {
        options.standard_paths.push_back(arg);
        continue;
      }
      std::cerr << "rubric: unexpected argument '" << arg << "'\n" << kUsageText;
      return kUsage;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "rubric: " << arg << " needs a value\n";
      return kUsage;
    }
    const std::string& value = args[++i];
    bool ok = true;
    if (arg == "--standard") {
      options.standard_paths.push_back(value);
      continue;
    } else if (arg == "--listen") {
      listen = value;
    } else if (arg == "--token-file") {
      token_file = value;
    } else if (arg == "--log") {
      options.log_path = value;
    } else if (arg == "--max-body-bytes") {
      ok = WholeFlag(arg, value, 1, &limits.max_body_bytes);
    } else if (arg == "--max-header-bytes") {
      ok = WholeFlag(arg, value, 256, &limits.max_header_bytes);
    } else if (arg == "--max-rows") {
      ok = WholeFlag(arg, value, 1, &limits.max_rows);
    } else if (arg == "--max-connections") {
      ok = WholeFlag(arg, value, 1, &limits.max_connections);
    } else if (arg == "--max-sessions") {
      ok = WholeFlag(arg, value, 0, &limits.max_sessions);
    } else if (arg == "--max-session-memory") {
      ok = WholeFlag(arg, value, 0, &limits.max_session_bytes);
    } else if (arg == "--request-timeout") {
      ok = SecondsFlag(arg, value, &limits.request_timeout_seconds);
    } else if (arg == "--session-idle-timeout") {
      ok = SecondsFlag(arg, value, &limits.session_idle_seconds);
    } else if (arg == "--threads") {
      std::size_t threads = 0;
      ok = WholeFlag(arg, value, 1, &threads) && threads <= 1024;
      limits.threads = static_cast<unsigned>(threads);
    } else {
      std::cerr << "rubric: unknown option " << arg << " (rubric help serve)\n";
      return kUsage;
    }
    if (!ok) return kUsage;
    // A value flag ends a list of standards.
    if (!options.standard_paths.empty() && i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      std::cerr << "rubric: unexpected argument '" << args[i + 1] << "'\n";
      return kUsage;
    }
  }
  if (options.standard_paths.empty()) {
    std::cerr << "rubric: serve needs --standard FILE (rubric help serve)\n";
    return kUsage;
  }
  service::ListenAddress address;
  std::string error;
  if (!service::ParseListenAddress(listen, &address, &error)) {
    std::cerr << "rubric: " << error << "\n";
    return kUsage;
  }
  if (!token_file.empty()) {
    options.token = ReadToken(token_file);
    if (!options.token) return kUsage;
  }
  if (!service::IsLoopback(address.host) && !options.token) {
    std::cerr << "rubric: warning: listening on " << address.host
              << " (not loopback) without --token-file\n";
  }
  service::Service service(options);
  service::LoadOutcome outcome;
  if (!service.Start(&outcome, &error)) {
    std::cerr << RenderAll(outcome.diagnostics) << "rubric: " << error << "\n";
    return outcome.ok ? kUsage : kErrors;
  }
  std::cerr << RenderAll(outcome.diagnostics);
  const bool served = service::RunHttpServer(
      service, address,
      [&](const std::string& bound) {
        std::cerr << "rubric serve: listening on http://" << bound << " ("
                  << options.standard_paths.size() << " standards)" << std::endl;
      },
      [](const service::LoadOutcome& reload) {
        std::cerr << RenderAll(reload.diagnostics) << "rubric serve: reload "
                  << (reload.ok ? "done" : "refused: " + reload.message) << std::endl;
      },
      &error);
  if (!served) {
    std::cerr << "rubric: " << error << "\n";
    return kUsage;
  }
  std::cerr << "rubric serve: stopped" << std::endl;
  return kOk;
}

}  // namespace rubric::cli
