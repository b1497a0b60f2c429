// Collects diagnostics with byte spans during analysis.
#ifndef RUBRIC_LIB_SEMA_DIAGNOSTIC_SINK_H_
#define RUBRIC_LIB_SEMA_DIAGNOSTIC_SINK_H_

#include <string>
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

 private:
  void Add(Severity severity, std::string code, Span span, std::string message, std::string hint) {
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
};

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_DIAGNOSTIC_SINK_H_
