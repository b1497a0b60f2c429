// rubric::Status: the error type of rubric's C++ API. Problems in a user's standard or data
// are reported as Diagnostics (diagnostic.h); Status reports whether a call succeeded.
#ifndef RUBRIC_STATUS_H_
#define RUBRIC_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace rubric {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,  // a bad value or identifier passed by the caller
  kNotFound = 2,         // an unknown input, node, entity or period
  kAlreadyExists = 3,    // a duplicate row
  kOutOfRange = 4,       // an index past the end
  kFailedPrecondition = 5,
  kDataError = 6,     // bad data (CSV) with diagnostics
  kCompileError = 7,  // a standard that does not compile, with diagnostics
  kIoError = 8,
  kInternal = 9,
  kInvalidUtf8 = 10,  // a string that is not valid UTF-8
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

const char* StatusCodeName(StatusCode code);

// A value or the Status that explains why there is none.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace rubric

#endif  // RUBRIC_STATUS_H_
