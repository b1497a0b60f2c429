// FdStreamBuf: a buffered std::streambuf that writes to a file descriptor and remembers why
// a write failed, so that the command line can say "No space left on device" (standard
// output, files written in place and temporary files all go through it).
#ifndef RUBRIC_TOOLS_FD_STREAM_H_
#define RUBRIC_TOOLS_FD_STREAM_H_

#include <streambuf>
#include <vector>

namespace rubric::cli {

class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd);
  FdStreamBuf(const FdStreamBuf&) = delete;
  FdStreamBuf& operator=(const FdStreamBuf&) = delete;
  ~FdStreamBuf() override;

  // The errno of the first write that failed; 0 while every write succeeded.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* text, std::streamsize count) override;
  int sync() override;

 private:
  // Writes `count` bytes, retrying short writes and EINTR; false (with error_) on failure.
  bool WriteAll(const char* text, std::size_t count);
  bool Drain();

  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_FD_STREAM_H_
