// SPDX-License-Identifier: Apache-2.0
// The epoll calls of the raw Linux backend (epoll.h): the system calls
// epoll_create1, epoll_ctl and epoll_pwait (with no mask: epoll_wait, which
// arm64 and riscv64 do not have).

#include "sysgate/kernel_types.h"
#include "sysgate/kernel/signal.h"
#include "sysgate/poll/epoll.h"
#include "sysgate/syscalls.h"

namespace sysgate::backend {

Result<Word> EpollCreate(int flags) { return sys::epoll_create1(flags); }

Result<Word> EpollControl(int epfd, int op, int fd, kernel::epoll_event* event) {
  return sys::epoll_ctl(epfd, op, fd, event);
}

Result<int> EpollWait(int epfd, kernel::epoll_event* events, int max, int timeout_ms) {
  auto n = sys::epoll_pwait(epfd, events, max, timeout_ms, nullptr, kernel::kSigsetSize);
  if (!n.ok()) return Result<int>::Error(n.error());
  return Result<int>::Ok(static_cast<int>(n.value()));  // at most `max`
}

}  // namespace sysgate::backend
