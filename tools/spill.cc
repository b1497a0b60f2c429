#include "spill.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <queue>

namespace rubric::cli {
namespace {

constexpr std::size_t kWriteBuffer = std::size_t{1} << 20;
constexpr std::size_t kReadBuffer = std::size_t{64} << 10;

Status IoError(const std::string& what, const std::string& path) {
  return Status(StatusCode::kIoError,
                "cannot " + what + " the temporary file " + path + ": " + std::strerror(errno));
}

void PutNumber(std::string* out, std::uint64_t value) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  out->append(bytes, 8);
}

// One run read back through a buffer: its records one at a time.
class RunReader {
 public:
  RunReader(int fd, std::uint64_t offset, std::uint64_t size)
      : fd_(fd), next_(offset), end_(offset + size) {}

  // Reads the next record; false at the end of the run. An error sets `*status`.
  bool Next(Status* status) {
    std::uint64_t sizes[3];
    for (std::uint64_t& size : sizes) {
      if (!Ensure(8, status)) return false;
      size = 0;
      for (int i = 0; i < 8; ++i) {
        size |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[at_ + i])) << (8 * i);
      }
      at_ += 8;
    }
    if (!Ensure(sizes[0] + sizes[2], status)) return false;
    key_.text = std::string_view(data_).substr(at_, sizes[0]);
    key_.number = static_cast<std::int64_t>(sizes[1]);
    payload_ = std::string_view(data_).substr(at_ + sizes[0], sizes[2]);
    at_ += sizes[0] + sizes[2];
    return true;
  }
  const SpillKey& key() const { return key_; }
  std::string_view payload() const { return payload_; }

 private:
  // At least `bytes` unread bytes in the buffer; false at the end of the run or on error.
  bool Ensure(std::uint64_t bytes, Status* status) {
    if (data_.size() - at_ >= bytes) return true;
    data_.erase(0, at_);
    at_ = 0;
    const std::uint64_t want = std::max<std::uint64_t>(bytes - data_.size(), kReadBuffer);
    const std::uint64_t left = end_ - next_;
    const std::size_t count = static_cast<std::size_t>(std::min(want, left));
    const std::size_t had = data_.size();
    data_.resize(had + count);
    std::size_t done = 0;
    while (done < count) {
      const ssize_t got =
          ::pread(fd_, data_.data() + had + done, count - done, static_cast<off_t>(next_ + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        *status = IoError("read", "of --stream");
        return false;
      }
      done += static_cast<std::size_t>(got);
    }
    next_ += count;
    return data_.size() - at_ >= bytes;
  }

  int fd_;
  std::uint64_t next_;
  std::uint64_t end_;
  std::string data_;
  std::size_t at_ = 0;
  SpillKey key_;
  std::string_view payload_;
};

}  // namespace

StatusOr<Spill> Spill::Create(const std::string& folder) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = !folder.empty()                        ? folder
                     : tmpdir != nullptr && *tmpdir != '\0' ? std::string(tmpdir)
                                                            : std::string("/tmp");
  path += "/rubric-stream.XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return IoError("create", path);
  ::unlink(path.c_str());  // removed when closed, whatever happens
  return Spill(fd, path);
}

Spill::Spill(Spill&& other) noexcept
    : fd_(other.fd_),
      path_(std::move(other.path_)),
      buffer_(std::move(other.buffer_)),
      written_(other.written_),
      run_start_(other.run_start_),
      runs_(std::move(other.runs_)),
      records_(other.records_),
      error_(std::move(other.error_)) {
  other.fd_ = -1;
}

Spill::~Spill() {
  if (fd_ >= 0) ::close(fd_);
}

void Spill::Add(SpillKey key, std::string_view payload) {
  PutNumber(&buffer_, key.text.size());
  PutNumber(&buffer_, static_cast<std::uint64_t>(key.number));
  PutNumber(&buffer_, payload.size());
  buffer_.append(key.text);
  buffer_.append(payload);
  ++records_;
  if (buffer_.size() >= kWriteBuffer && error_.ok()) error_ = Flush();
}

Status Spill::Flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t put = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return IoError("write", path_);
    done += static_cast<std::size_t>(put);
  }
  written_ += buffer_.size();
  buffer_.clear();
  return Status();
}

Status Spill::EndRun() {
  if (!error_.ok()) return error_;
  const std::uint64_t end = written_ + buffer_.size();
  if (end > run_start_) runs_.push_back({run_start_, end - run_start_});
  run_start_ = end;
  error_ = Flush();  // Merge reads the file
  return error_;
}

Status Spill::Merge(const Emit& emit) const {
  if (!error_.ok()) return error_;
  std::vector<RunReader> readers;
  readers.reserve(runs_.size());
  for (const Run& run : runs_) readers.emplace_back(fd_, run.offset, run.size);
  auto after = [&](std::size_t a, std::size_t b) {  // the queue's top is the least key
    const SpillKey& x = readers[a].key();
    const SpillKey& y = readers[b].key();
    if (x.text != y.text) return x.text > y.text;
    if (x.number != y.number) return x.number > y.number;
    return a > b;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(after)> queue(after);
  Status status;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    if (readers[i].Next(&status)) queue.push(i);
    if (!status.ok()) return status;
  }
  while (!queue.empty()) {
    const std::size_t i = queue.top();
    queue.pop();
    emit(readers[i].key(), readers[i].payload());
    if (readers[i].Next(&status)) queue.push(i);
    if (!status.ok()) return status;
  }
  return Status();
}

}  // namespace rubric::cli
