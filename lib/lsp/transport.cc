// Content-Length framing of JSON-RPC over a stream pair (the base protocol of LSP).
#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

#include "rubric/lsp.h"

namespace rubric::lsp {
namespace {

constexpr std::size_t kMaxMessageBytes = std::size_t{256} << 20;

// Reads the headers and body of one message; false at the end of the stream or on a
// malformed header.
bool ReadMessage(std::istream& in, std::string* body) {
  std::size_t length = 0;
  bool has_length = false;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!has_length) continue;  // stray blank line between messages
      break;
    }
    constexpr std::string_view kLength = "Content-Length:";
    if (line.size() > kLength.size() && line.compare(0, kLength.size(), kLength) == 0) {
      try {
        length = std::stoul(line.substr(kLength.size()));
      } catch (const std::exception&) {
        return false;
      }
      has_length = true;
    }
  }
  if (!has_length || !in || length > kMaxMessageBytes) return false;
  body->assign(length, '\0');
  in.read(body->data(), static_cast<std::streamsize>(length));
  return static_cast<std::size_t>(in.gcount()) == length;
}

void WriteMessage(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace

int Serve(std::istream& in, std::ostream& out, ServerOptions options) {
  LanguageServer server(options);
  std::string body;
  while (!server.exited() && ReadMessage(in, &body)) {
    for (const std::string& reply : server.Handle(body)) WriteMessage(out, reply);
  }
  return server.exited() ? server.exit_code() : 1;
}

}  // namespace rubric::lsp
