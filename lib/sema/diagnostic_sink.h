// Collects diagnostics with byte spans during analysis.
#ifndef RUBRIC_LIB_SEMA_DIAGNOSTIC_SINK_H_
#define RUBRIC_LIB_SEMA_DIAGNOSTIC_SINK_H_

#include <string>
#include <utility>
#include <vector>

#include "rubric/diagnostic.h"
#include "sema/model.h"

namespace rubric::sema {

class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::vector<Diagnostic>* out) : out_(out) {}

  void Error(std::string code, Span span, std::string message, std::string hint = {}) {
    Add(Severity::kError, std::move(code), span, std::move(message), std::move(hint));
  }
  void Warning(std::string code, Span span, std::string message, std::string hint = {}) {
    Add(Severity::kWarning, std::move(code), span, std::move(message), std::move(hint));
  }
  int error_count() const { return errors_; }

  // While a call of a user function is expanded: diagnostics at `span` (the call's, which
  // the expanded body's expressions take) say which function's body they come from.
  void PushFunction(Span span, std::string name) { functions_.push_back({span, std::move(name)}); }
  void PopFunction() { functions_.pop_back(); }

 private:
  void Add(Severity severity, std::string code, Span span, std::string message, std::string hint) {
    // The body's expressions begin where the call does (an argument begins after its
    // name); an operation of the body with an argument as its last operand ends inside it.
    std::string within;
    for (auto it = functions_.rbegin(); it != functions_.rend(); ++it) {
      if (it->first.begin != span.begin || span.end > it->first.end) continue;
      span = it->first;
      within += within.empty() ? " (in the body of function '" : ", called by '";
      within += it->second + "'";
    }
    if (!within.empty()) message += within + ")";
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.hint = std::move(hint);
    d.offset = span.begin;
    d.length = span.end > span.begin ? span.end - span.begin : 0;
    out_->push_back(std::move(d));
    if (severity == Severity::kError) ++errors_;
  }

  std::vector<Diagnostic>* out_;
  int errors_ = 0;
  std::vector<std::pair<Span, std::string>> functions_;
};

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_DIAGNOSTIC_SINK_H_
