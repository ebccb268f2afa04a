// SPDX-License-Identifier: Apache-2.0
// The three epoll calls under poller_epoll.cc, which each Linux backend
// supplies: poller_linux.cc with the raw system calls (EpollWait inline
// here), poller_libc.cc with glibc's functions. The events are the kernel's struct epoll_event, which
// glibc's has the layout of (packed on x86-64 in both).

#ifndef SYSGATE_POLL_EPOLL_H_
#define SYSGATE_POLL_EPOLL_H_

#include "sysgate/kernel_types.h"
#include "sysgate/result.h"

#if !defined(SYSGATE_LIBC_BACKEND)
#include "sysgate/kernel/signal.h"
#include "sysgate/syscalls.h"
#endif

namespace sysgate::backend {

// epoll_create1(flags): a new epoll descriptor.
Result<Word> EpollCreate(int flags);

// epoll_ctl(epfd, op, fd, event).
Result<Word> EpollControl(int epfd, int op, int fd, kernel::epoll_event* event);

// epoll_wait(epfd, events, max, timeout_ms), with no signal mask to change.
#if defined(SYSGATE_LIBC_BACKEND)
Result<int> EpollWait(int epfd, kernel::epoll_event* events, int max, int timeout_ms);
#else
// Inline in the raw backend, so that Poller::Wait's system call returns into
// WaitPoller itself: epoll_pwait with no mask (epoll_wait, which arm64 and
// riscv64 do not have).
inline Result<int> EpollWait(int epfd, kernel::epoll_event* events, int max, int timeout_ms) {
  auto n = sys::epoll_pwait(epfd, events, max, timeout_ms, nullptr, kernel::kSigsetSize);
  if (!n.ok()) return Result<int>::Error(n.error());
  return Result<int>::Ok(static_cast<int>(n.value()));  // at most `max`
}
#endif

}  // namespace sysgate::backend

#endif  // SYSGATE_POLL_EPOLL_H_
