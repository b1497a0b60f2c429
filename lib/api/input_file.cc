// ReadInputFile: the one check of every file rubric reads, then the read.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "rubric/file.h"

namespace rubric {
namespace {

constexpr std::string_view kCannotRead = "cannot read ";

std::string Reason(const std::string& path, std::string_view why) {
  return std::string(kCannotRead) + path + ": " + std::string(why);
}

// 256 MiB, 4 GiB, or bytes when the limit is not a whole number of either.
std::string Size(std::uint64_t bytes) {
  if (bytes >= (std::uint64_t{1} << 30) && bytes % (std::uint64_t{1} << 30) == 0) {
    return std::to_string(bytes >> 30) + " GiB";
  }
  if (bytes >= (std::uint64_t{1} << 20) && bytes % (std::uint64_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

const char* KindOf(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

Status TooLarge(const std::string& path, std::uint64_t size, std::uint64_t max_bytes) {
  return Status(StatusCode::kOutOfRange, Reason(path, "the file is larger than " + Size(max_bytes) +
                                                          " (" + std::to_string(size) + " bytes)"));
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

StatusOr<std::string> ReadInputFile(const std::string& path, std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a pipe that has no writer returns at once (and is refused below).
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (file.get() < 0) return Status(StatusCode::kIoError, Reason(path, std::strerror(errno)));
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) {
    return Status(StatusCode::kIoError, Reason(path, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    return Status(StatusCode::kInvalidArgument, Reason(path, std::strerror(EISDIR)));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status(StatusCode::kInvalidArgument,
                  Reason(path, std::string(KindOf(info.st_mode)) + ", not a regular file"));
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes) return TooLarge(path, size, max_bytes);

  std::string text(static_cast<std::size_t>(size), '\0');
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      // The file may have grown since fstat: read on, up to the limit.
      if (used >= max_bytes + 1) return TooLarge(path, used, max_bytes);
      text.resize(static_cast<std::size_t>(
          std::min<std::uint64_t>(max_bytes + 1, std::max<std::uint64_t>(used * 2, 4096))));
    }
    const ssize_t got = ::read(file.get(), text.data() + used, text.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status(StatusCode::kIoError, Reason(path, std::strerror(errno)));
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > max_bytes) return TooLarge(path, used, max_bytes);
  text.resize(used);
  return text;
}

Diagnostic StandardFileDiagnostic(const std::string& path, const Status& status) {
  std::string_view reason = status.message();
  const std::string prefix = std::string(kCannotRead) + path + ": ";
  if (reason.substr(0, prefix.size()) == prefix) reason.remove_prefix(prefix.size());
  Diagnostic d;
  d.file = path;
  if (status.code() == StatusCode::kOutOfRange) {
    d.code = "E0005";
    d.message = std::string(reason);
    d.hint = "split the standard";
  } else {
    d.code = "E0009";
    d.message = "cannot read the file: " + std::string(reason);
  }
  return d;
}

}  // namespace rubric
