#include "output_file.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "fd_stream.h"

namespace rubric::cli {
namespace {

Status CannotWrite(const std::string& path, int error) {
  return Status(StatusCode::kIoError, "cannot write " + path + ": " + std::strerror(error));
}

std::string Parent(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Whether `folder` is inside /proc: its links (/proc/self/fd/1, reached from /dev/stdout
// and /dev/fd/1) name open descriptors, which are written, not replaced.
bool InProc(const std::string& folder) {
  char resolved[PATH_MAX];
  if (::realpath(folder.c_str(), resolved) == nullptr) return false;
  return std::strncmp(resolved, "/proc/", 6) == 0;
}

struct Target {
  std::string path;  // where the output goes: the path with its symbolic links followed
  bool in_place = false;
  bool exists = false;
  struct stat info {};
};

// Follows the symbolic links of `path` one by one (so that a link to a missing file is
// followed too) to the file that the output replaces or is written into.
StatusOr<Target> Resolve(const std::string& path) {
  std::string current = path;
  for (int links = 0; links <= 40; ++links) {
    Target target;
    target.path = current;
    if (::lstat(current.c_str(), &target.info) != 0) {
      if (errno == ENOENT) return target;  // created (in an existing folder)
      return CannotWrite(path, errno);
    }
    target.exists = true;
    if (S_ISLNK(target.info.st_mode)) {
      if (InProc(Parent(current))) {
        target.path = path;
        target.in_place = true;
        return target;
      }
      std::string link(PATH_MAX, '\0');
      const ssize_t length = ::readlink(current.c_str(), link.data(), link.size());
      if (length < 0) return CannotWrite(path, errno);
      link.resize(static_cast<std::size_t>(length));
      current = link.front() == '/' ? link : Parent(current) + "/" + link;
      continue;
    }
    if (S_ISDIR(target.info.st_mode)) return CannotWrite(path, EISDIR);
    target.in_place = !S_ISREG(target.info.st_mode);
    return target;
  }
  return CannotWrite(path, ELOOP);
}

// Writes the output to `fd` and closes it; the errno of the first failure, or 0.
int WriteAndClose(int fd, const Writer& write, bool sync) {
  int error = 0;
  {
    FdStreamBuf buffer(fd);
    std::ostream out(&buffer);
    write(out);
    out.flush();
    error = buffer.error();
    if (error == 0 && !out) error = EIO;
  }
  // fsync: the rename must not reach the disk before the data. EINVAL: a file that
  // cannot be synced (some special file systems) is written all the same.
  if (error == 0 && sync && ::fsync(fd) != 0 && errno != EINVAL) error = errno;
  if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
  return error;
}

Status WriteInPlace(const std::string& path, const Writer& write) {
  // O_APPEND: a file reached through /dev/stdout keeps what the shell's `>>` keeps.
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return CannotWrite(path, errno);
  const int error = WriteAndClose(fd, write, /*sync=*/false);
  return error == 0 ? Status::Ok() : CannotWrite(path, error);
}

// The temporary file being written, removed by the signals that end the program.
const char* volatile temporary_file = nullptr;
constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void RemoveTemporaryFileAndStop(int signal_number) {
  const char* path = temporary_file;
  if (path != nullptr) ::unlink(path);
  // SA_RESETHAND made the action the default again: it ends the program once this returns.
  ::raise(signal_number);
}

// Signals that would remove the temporary file are held while it is created or renamed,
// so that it is either registered for removal or not there.
class HeldSignals {
 public:
  HeldSignals() {
    sigset_t held;
    sigemptyset(&held);
    for (int s : kCleanupSignals) sigaddset(&held, s);
    ::pthread_sigmask(SIG_BLOCK, &held, &previous_);
  }
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;
  ~HeldSignals() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

 private:
  sigset_t previous_;
};

// A temporary file beside `target`, created exclusively; removed unless Keep() was called,
// and removed by SIGINT, SIGTERM, SIGHUP and SIGQUIT meanwhile.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& target) : path_(target + ".rubric-tmp.XXXXXX") {
    struct sigaction action {};
    action.sa_handler = RemoveTemporaryFileAndStop;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(kCleanupSignals); ++i) {
      ::sigaction(kCleanupSignals[i], &action, &previous_[i]);
    }
    const HeldSignals held;
    fd_ = ::mkostemp(path_.data(), O_CLOEXEC);
    if (fd_ < 0) {
      error_ = errno;
    } else {
      temporary_file = path_.c_str();
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    {
      const HeldSignals held;
      if (fd_ >= 0 && !kept_) ::unlink(path_.c_str());
      temporary_file = nullptr;
    }
    for (std::size_t i = 0; i < std::size(kCleanupSignals); ++i) {
      ::sigaction(kCleanupSignals[i], &previous_[i], nullptr);
    }
  }

  int fd() const { return fd_; }
  int error() const { return error_; }
  const std::string& path() const { return path_; }

  // Renames the file to `target`; the errno of a failure, or 0.
  int RenameTo(const std::string& target) {
    const HeldSignals held;
    if (::rename(path_.c_str(), target.c_str()) != 0) return errno;
    kept_ = true;
    temporary_file = nullptr;
    return 0;
  }

 private:
  std::string path_;
  int fd_ = -1;
  int error_ = 0;
  bool kept_ = false;
  struct sigaction previous_[std::size(kCleanupSignals)]{};
};

mode_t CurrentUmask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

Status ReplaceAtomically(const std::string& path, const Target& target, const Writer& write) {
  TemporaryFile temporary(target.path);
  if (temporary.fd() < 0) return CannotWrite(path, temporary.error());
  if (target.exists) {
    // A replaced file keeps its owner (when the runner may give it) and its permissions.
    if (target.info.st_uid != ::geteuid() || target.info.st_gid != ::getegid()) {
      if (::fchown(temporary.fd(), target.info.st_uid, target.info.st_gid) != 0) {
        // Not allowed: the new file belongs to the runner, as any file it creates.
      }
    }
    ::fchmod(temporary.fd(), target.info.st_mode & 07777);
  } else {
    ::fchmod(temporary.fd(), 0666 & ~CurrentUmask());
  }
  int error = WriteAndClose(temporary.fd(), write, /*sync=*/true);
  if (error == 0) error = temporary.RenameTo(target.path);
  return error == 0 ? Status::Ok() : CannotWrite(path, error);
}

}  // namespace

Status WriteOutputFile(const std::string& path, const Writer& write) {
  StatusOr<Target> target = Resolve(path);
  if (!target.ok()) return target.status();
  if (target->in_place) return WriteInPlace(path, write);
  return ReplaceAtomically(path, *target, write);
}

Status CheckOutputIsNoInput(const std::string& output, const std::vector<std::string>& inputs) {
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0 || !S_ISREG(out.st_mode)) return Status::Ok();
  for (const std::string& input : inputs) {
    struct stat in {};
    if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      return Status(StatusCode::kInvalidArgument,
                    "--out " + output + " is the input " + input +
                        ": writing it would destroy the input; choose another output file");
    }
  }
  return Status::Ok();
}

}  // namespace rubric::cli
