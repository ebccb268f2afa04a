// SPDX-License-Identifier: Apache-2.0
// The epoll calls of the libc backend (epoll.h): glibc's epoll_create1,
// epoll_ctl and epoll_wait, whose struct epoll_event is the kernel's.

#include <stddef.h>
#include <sys/epoll.h>

#include "sysgate/kernel_types.h"
#include "sysgate/libcall/libc.h"
#include "sysgate/poll/epoll.h"

namespace sysgate::backend {
namespace {

static_assert(sizeof(epoll_event) == sizeof(kernel::epoll_event) &&
                  offsetof(epoll_event, data) == offsetof(kernel::epoll_event, data),
              "glibc's struct epoll_event is the kernel's");

epoll_event* Libc(kernel::epoll_event* event) { return reinterpret_cast<epoll_event*>(event); }

}  // namespace

Result<Word> EpollCreate(int flags) { return libc::epoll_create1(flags); }

Result<Word> EpollControl(int epfd, int op, int fd, kernel::epoll_event* event) {
  return libc::epoll_ctl(epfd, op, fd, Libc(event));
}

Result<int> EpollWait(int epfd, kernel::epoll_event* events, int max, int timeout_ms) {
  return libc::epoll_wait(epfd, Libc(events), max, timeout_ms);
}

}  // namespace sysgate::backend
