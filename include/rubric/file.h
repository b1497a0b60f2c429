// Reading the files rubric is given: standards, their bases, data and edits. Every reader
// (the command line, Standard::CompileFile, the bases of variants, the C ABI and the Python
// binding) goes through ReadInputFile, so every file is checked the same way before it is
// read: a regular file (no folder, device or pipe), within a size limit.
#ifndef RUBRIC_FILE_H_
#define RUBRIC_FILE_H_

#include <cstdint>
#include <string>

#include "rubric/diagnostic.h"
#include "rubric/status.h"

namespace rubric {

// The largest standard (or base) file: the parser's source limit, 256 MiB (E0005).
inline constexpr std::uint64_t kMaxStandardFileBytes = std::uint64_t{256} << 20;
// The largest data or edits file: 4 GiB.
inline constexpr std::uint64_t kMaxDataFileBytes = std::uint64_t{4} << 30;

// The whole file at `path`, when it is a regular file of at most `max_bytes`. It is opened
// without blocking (a pipe without a writer is refused, not waited for) and checked on the
// opened file, so what is checked is what is read. Errors, whose messages name the path
// and the reason (`cannot read data.csv: No such file or directory`):
//   kIoError          it cannot be opened or read (the system's reason)
//   kInvalidArgument  it is a folder, a device, a pipe or a socket
//   kOutOfRange       it is larger than `max_bytes` (the message gives its size)
StatusOr<std::string> ReadInputFile(const std::string& path, std::uint64_t max_bytes);

// The diagnostic for a standard's file that ReadInputFile refused with `status`: E0005
// when it is larger than kMaxStandardFileBytes, else E0009. It names `path`, no line.
Diagnostic StandardFileDiagnostic(const std::string& path, const Status& status);

}  // namespace rubric

#endif  // RUBRIC_FILE_H_
