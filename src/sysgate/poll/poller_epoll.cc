// SPDX-License-Identifier: Apache-2.0
// The poller primitives (poller_backend.h) on Linux, in both backends: epoll,
// with its calls from epoll.h. Interest and events translate one to one:
// epoll keeps one entry per descriptor with both directions in it.

#include <linux/eventpoll.h>
#include <linux/fcntl.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/kernel_types.h"
#include "sysgate/poll/epoll.h"
#include "sysgate/poll/poller_backend.h"

namespace sysgate::backend {
namespace {

unsigned EpollEvents(unsigned interest) {
  return ((interest & kReadable) ? EPOLLIN | EPOLLRDHUP : 0u) |
         ((interest & kWritable) ? EPOLLOUT : 0u);
}

}  // namespace

Result<Word> OpenPoller() { return EpollCreate(O_CLOEXEC); }

Result<Word> ChangePoller(int poller, PollerChange change, int fd, unsigned interest,
                          unsigned long long token) {
  // For kRemove too: a non-null event for kernels before 2.6.9, which
  // required one.
  kernel::epoll_event event = {};
  int op = EPOLL_CTL_DEL;
  if (change != PollerChange::kRemove) {
    op = change == PollerChange::kAdd ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    event = {EpollEvents(interest), token};
  }
  return EpollControl(poller, op, fd, &event);
}

Result<int> WaitPoller(int poller, PollEvent* events, int max, int64_t timeout_nanos) {
  kernel::epoll_event ready[kPollBatch];
  int timeout_ms = -1;
  if (timeout_nanos >= 0) {
    const int64_t ms = internal::DivideRoundingUp(timeout_nanos, 1'000'000);
    timeout_ms = ms > 0x7fffffff ? 0x7fffffff : static_cast<int>(ms);
  }
  auto n = EpollWait(poller, ready, max, timeout_ms);
  if (!n.ok()) return n;
  for (int i = 0; i < n.value(); ++i) {
    const unsigned bits = ready[i].events;
    events[i].token = ready[i].data;
    events[i].readable = (bits & (EPOLLIN | EPOLLPRI)) != 0;
    events[i].writable = (bits & EPOLLOUT) != 0;
    events[i].hangup = (bits & (EPOLLHUP | EPOLLRDHUP)) != 0;
    events[i].error = (bits & EPOLLERR) != 0;
  }
  return n;
}

}  // namespace sysgate::backend
