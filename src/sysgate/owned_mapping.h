// SPDX-License-Identifier: Apache-2.0
// OwnedMapping: address space from Reserve, released when its owner goes
// away.
//
// A thin, move-only layer over the pointers and sizes of sysgate/memory.h,
// which stay the API (Commit, Protect and the rest take get() and size()):
// no heap, no exceptions, and its destructor is one Release (munmap), so it
// may live on a raw thread (raw backend) and in a signal handler. reset() is
// not noexcept, as the libc backends' calls are not (libc_call_guard.h); the
// destructor and move assignment are, as OwnedFd's are.

#ifndef SYSGATE_OWNED_MAPPING_H_
#define SYSGATE_OWNED_MAPPING_H_

#include "sysgate/memory.h"

namespace sysgate {

class OwnedMapping {
 public:
  constexpr OwnedMapping() noexcept = default;
  // Takes [address, address + size), page-aligned, as Reserve returned it.
  constexpr OwnedMapping(void* address, unsigned long size) noexcept
      : address_(address), size_(size) {}

  OwnedMapping(OwnedMapping&& other) noexcept : address_(other.address_), size_(other.size_) {
    other.Forget();
  }
  OwnedMapping& operator=(OwnedMapping&& other) noexcept {
    if (this != &other) {
      reset(other.address_, other.size_);
      other.Forget();
    }
    return *this;
  }
  OwnedMapping(const OwnedMapping&) = delete;
  OwnedMapping& operator=(const OwnedMapping&) = delete;

  ~OwnedMapping() { reset(); }

  // The range, still owned; null and 0 when empty.
  void* get() const noexcept { return address_; }
  unsigned long size() const noexcept { return size_; }

  // Gives the range up without releasing it, leaving this empty; read
  // size() first.
  [[nodiscard]] void* release() noexcept {
    void* address = address_;
    Forget();
    return address;
  }

  // Releases the range held, if any and not at `address`, and takes
  // [address, address + size).
  void reset(void* address = nullptr, unsigned long size = 0) {
    void* const old = address_;
    const unsigned long old_size = size_;
    address_ = address;
    size_ = size;
    // munmap fails only for a range that is not page-aligned or is empty
    // (EINVAL), which Reserve never returned: nothing to report.
    if (old != nullptr && old != address) (void)Release(old, old_size);
  }

 private:
  void Forget() noexcept {
    address_ = nullptr;
    size_ = 0;
  }

  void* address_ = nullptr;
  unsigned long size_ = 0;
};

}  // namespace sysgate

#endif  // SYSGATE_OWNED_MAPPING_H_
