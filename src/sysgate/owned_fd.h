// SPDX-License-Identifier: Apache-2.0
// OwnedFd: a file descriptor closed when its owner goes away.
//
// A thin, move-only layer over the int descriptors of sysgate/file.h, which
// stay the API: no heap, no exceptions, and its destructor is one Close, so
// it may live on a raw thread (raw backend) and in a signal handler. The
// destructor cannot report the close's error; call Close() where that
// matters (a file written through NFS reports write-back errors there).
//
// reset() and Close() are not noexcept, as the libc backends' calls are not
// (libc_call_guard.h: thread cancellation unwinds through close). The
// destructor and move assignment are, as a destructor and what containers
// move with must be: a cancellation unwinding out of them ends the process.

#ifndef SYSGATE_OWNED_FD_H_
#define SYSGATE_OWNED_FD_H_

#include "sysgate/file.h"
#include "sysgate/result.h"

namespace sysgate {

class OwnedFd {
 public:
  constexpr OwnedFd() noexcept = default;
  // Takes `fd` (or nothing, for a negative one).
  constexpr explicit OwnedFd(int fd) noexcept : fd_(fd) {}

  OwnedFd(OwnedFd&& other) noexcept : fd_(other.release()) {}
  OwnedFd& operator=(OwnedFd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;

  ~OwnedFd() { reset(); }

  // The descriptor, -1 when empty; still owned.
  int get() const noexcept { return fd_; }

  // Gives the descriptor up without closing it, leaving this empty.
  [[nodiscard]] int release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

  // Closes the descriptor held, if any and not `fd`, and takes `fd`.
  void reset(int fd = -1) {
    const int old = fd_;
    fd_ = fd;
    // On Linux close releases the descriptor even when it fails (EINTR, EIO),
    // so there is nothing to retry, and no caller to tell: Close() is for
    // those who want the error.
    if (old >= 0 && old != fd) (void)sysgate::Close(old);
  }

  // Closes the descriptor, leaving this empty, and says how the close went
  // (EBADF when empty).
  Result<void> Close() { return sysgate::Close(release()); }

 private:
  int fd_ = -1;
};

}  // namespace sysgate

#endif  // SYSGATE_OWNED_FD_H_
