// The language server (rubric lsp) on the bundled consortium standard: what an editor waits
// for. A keystroke is one incremental didChange: the standard is compiled again and its
// diagnostics published. Hover and completion answer from what the keystroke computed.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_support.h"
#include "rubric/lsp.h"

namespace {

using rubric_bench::ConsortiumSource;

// JSON string escaping for the standard's text.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

constexpr const char* kUri = "file:///bench/standard.rubric";

// A server with the consortium standard open.
void Open(rubric::lsp::LanguageServer& server) {
  server.Handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
  server.Handle(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  server.Handle(
      std::string(
          R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":")") +
      kUri + R"(","languageId":"rubric","version":1,"text":)" + Quoted(ConsortiumSource()) + "}}}");
}

// One keystroke: a space typed at the start of line 13 (`total 100`), or deleted again.
std::string Keystroke(int version, bool insert) {
  const std::string range =
      insert ? R"({"start":{"line":12,"character":0},"end":{"line":12,"character":0}})"
             : R"({"start":{"line":12,"character":0},"end":{"line":12,"character":1}})";
  return std::string(
             R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")") +
         kUri + R"(","version":)" + std::to_string(version) + R"(},"contentChanges":[{"range":)" +
         range + R"(,"text":")" + (insert ? " " : "") + R"("}]}})";
}

void BM_LspKeystrokeConsortium(benchmark::State& state) {
  rubric::lsp::LanguageServer server;
  Open(server);
  int version = 1;
  for (auto _ : state) {
    ++version;
    auto replies = server.Handle(Keystroke(version, version % 2 == 0));
    benchmark::DoNotOptimize(replies);
  }
}
BENCHMARK(BM_LspKeystrokeConsortium)->Unit(benchmark::kMillisecond);

// Hover on an input (p2_1_2a, line 42) and completion in an expression (line 45).
void BM_LspHoverConsortium(benchmark::State& state) {
  rubric::lsp::LanguageServer server;
  Open(server);
  const std::string hover =
      std::string(
          R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":")") +
      kUri + R"("},"position":{"line":41,"character":16}}})";
  for (auto _ : state) {
    auto replies = server.Handle(hover);
    benchmark::DoNotOptimize(replies);
  }
}
BENCHMARK(BM_LspHoverConsortium)->Unit(benchmark::kMicrosecond);

void BM_LspCompletionConsortium(benchmark::State& state) {
  rubric::lsp::LanguageServer server;
  Open(server);
  const std::string completion =
      std::string(
          R"({"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":")") +
      kUri + R"("},"position":{"line":44,"character":14}}})";
  for (auto _ : state) {
    auto replies = server.Handle(completion);
    benchmark::DoNotOptimize(replies);
  }
}
BENCHMARK(BM_LspCompletionConsortium)->Unit(benchmark::kMicrosecond);

}  // namespace
