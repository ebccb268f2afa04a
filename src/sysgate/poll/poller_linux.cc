// SPDX-License-Identifier: Apache-2.0
// The epoll calls of the raw Linux backend (epoll.h) that are not inline
// there: the system calls epoll_create1 and epoll_ctl.

#include "sysgate/kernel_types.h"
#include "sysgate/poll/epoll.h"
#include "sysgate/syscalls.h"

namespace sysgate::backend {

Result<Word> EpollCreate(int flags) { return sys::epoll_create1(flags); }

Result<Word> EpollControl(int epfd, int op, int fd, kernel::epoll_event* event) {
  return sys::epoll_ctl(epfd, op, fd, event);
}

}  // namespace sysgate::backend
