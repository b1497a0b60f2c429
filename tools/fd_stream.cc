#include "fd_stream.h"

#include <unistd.h>

#include <cerrno>

namespace rubric::cli {

FdStreamBuf::FdStreamBuf(int fd) : fd_(fd), buffer_(std::size_t{1} << 16) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdStreamBuf::~FdStreamBuf() { Drain(); }

bool FdStreamBuf::WriteAll(const char* text, std::size_t count) {
  if (error_ != 0) return false;  // after a failure nothing more is written
  while (count > 0) {
    const ssize_t wrote = ::write(fd_, text, count);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return false;
    }
    text += wrote;
    count -= static_cast<std::size_t>(wrote);
  }
  return true;
}

bool FdStreamBuf::Drain() {
  const bool ok = WriteAll(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return ok;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type ch) {
  if (!Drain()) return traits_type::eof();
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  *pptr() = traits_type::to_char_type(ch);
  pbump(1);
  return ch;
}

std::streamsize FdStreamBuf::xsputn(const char* text, std::streamsize count) {
  const auto room = static_cast<std::streamsize>(epptr() - pptr());
  if (count <= room) {
    traits_type::copy(pptr(), text, static_cast<std::size_t>(count));
    pbump(static_cast<int>(count));
    return count;
  }
  // Larger than what is left: drain the buffer, then write the text directly.
  if (!Drain() || !WriteAll(text, static_cast<std::size_t>(count))) return 0;
  return count;
}

int FdStreamBuf::sync() { return Drain() ? 0 : -1; }

}  // namespace rubric::cli
