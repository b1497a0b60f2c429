// The arguments of a model expression (indices into Model::exprs). Nearly every operator
// takes one to three, so up to four are kept inside the expression itself and only longer
// lists (sum, mean, weighted means) get memory of their own: a large standard has millions
// of expressions, and an allocation each is much of the time its analysis takes.
#ifndef RUBRIC_LIB_SEMA_EXPR_ARGS_H_
#define RUBRIC_LIB_SEMA_EXPR_ARGS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>

namespace rubric::sema {

using ExprId = std::int32_t;

class ExprArgs {
 public:
  using value_type = ExprId;
  using iterator = ExprId*;
  using const_iterator = const ExprId*;

  ExprArgs() = default;
  ExprArgs(std::initializer_list<ExprId> ids) { assign(ids.begin(), ids.end()); }
  ExprArgs(const ExprArgs& other) { assign(other.begin(), other.end()); }
  ExprArgs(ExprArgs&& other) noexcept { Take(&other); }
  ExprArgs& operator=(const ExprArgs& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  ExprArgs& operator=(ExprArgs&& other) noexcept {
    if (this != &other) {
      Release();
      Take(&other);
    }
    return *this;
  }
  ExprArgs& operator=(std::initializer_list<ExprId> ids) {
    assign(ids.begin(), ids.end());
    return *this;
  }
  ~ExprArgs() { Release(); }

  template <typename It>
  void assign(It first, It last) {
    const auto n = static_cast<std::uint32_t>(std::distance(first, last));
    size_ = 0;
    Reserve(n);
    std::copy(first, last, data());
    size_ = n;
  }
  void push_back(ExprId id) {
    if (size_ == capacity()) Reserve(2 * capacity());
    data()[size_++] = id;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  ExprId* data() { return heap_capacity_ == 0 ? inline_ : heap_; }
  const ExprId* data() const { return heap_capacity_ == 0 ? inline_ : heap_; }
  ExprId* begin() { return data(); }
  ExprId* end() { return data() + size_; }
  const ExprId* begin() const { return data(); }
  const ExprId* end() const { return data() + size_; }
  ExprId& operator[](std::size_t i) { return data()[i]; }
  const ExprId& operator[](std::size_t i) const { return data()[i]; }
  ExprId& front() { return data()[0]; }
  const ExprId& front() const { return data()[0]; }
  ExprId& back() { return data()[size_ - 1]; }
  const ExprId& back() const { return data()[size_ - 1]; }

 private:
  static constexpr std::uint32_t kInline = 4;

  std::uint32_t capacity() const { return heap_capacity_ == 0 ? kInline : heap_capacity_; }
  void Reserve(std::uint32_t n) {
    if (n <= capacity()) return;
    auto* heap = new ExprId[n];
    std::copy(data(), data() + size_, heap);
    if (heap_capacity_ != 0) delete[] heap_;
    heap_ = heap;
    heap_capacity_ = n;
  }
  void Release() {
    if (heap_capacity_ != 0) delete[] heap_;
    heap_capacity_ = 0;
    size_ = 0;
  }
  // Takes `other`'s arguments, leaving it empty; this one holds none in memory of its own.
  void Take(ExprArgs* other) {
    size_ = other->size_;
    heap_capacity_ = other->heap_capacity_;
    if (heap_capacity_ == 0) {
      std::copy(other->inline_, other->inline_ + size_, inline_);
    } else {
      heap_ = other->heap_;
    }
    other->size_ = 0;
    other->heap_capacity_ = 0;
  }

  std::uint32_t size_ = 0;
  std::uint32_t heap_capacity_ = 0;  // 0: the arguments are in inline_
  union {
    ExprId inline_[kInline] = {};
    ExprId* heap_;
  };
};

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_EXPR_ARGS_H_
