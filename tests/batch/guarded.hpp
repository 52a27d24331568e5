// Memory whose first and last bytes touch PROT_NONE pages, so a batch call that reads
// or writes even one element outside [p, p + n) dies with SIGSEGV instead of passing.
// SPDX-License-Identifier: MIT
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace actfn_test {

template <class T>
class guarded_region {
 public:
  explicit guarded_region(std::size_t max_elements) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t bytes = max_elements * sizeof(T);
    body_ = (bytes + page_ - 1) / page_ * page_;
    if (body_ == 0) body_ = page_;
    void* p = mmap(nullptr, body_ + 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
    base_ = static_cast<unsigned char*>(p);
    if (mprotect(base_, page_, PROT_NONE) != 0 ||
        mprotect(base_ + page_ + body_, page_, PROT_NONE) != 0) {
      munmap(base_, body_ + 2 * page_);
      throw std::runtime_error("mprotect failed");
    }
  }
  ~guarded_region() { munmap(base_, body_ + 2 * page_); }
  guarded_region(const guarded_region&) = delete;
  guarded_region& operator=(const guarded_region&) = delete;

  // n elements ending exactly at the upper guard page.
  T* at_end(std::size_t n) const {
    return reinterpret_cast<T*>(base_ + page_ + body_) - n;
  }
  // n elements starting exactly after the lower guard page.
  T* at_start() const { return reinterpret_cast<T*>(base_ + page_); }

 private:
  std::size_t page_ = 0;
  std::size_t body_ = 0;
  unsigned char* base_ = nullptr;
};

}  // namespace actfn_test
