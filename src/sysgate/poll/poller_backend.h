// SPDX-License-Identifier: Apache-2.0
// What each backend supplies for sysgate/poller.h: making the OS's poller,
// changing what it watches, and waiting on it. poller.cc writes the Poller
// once over these. On Linux both backends implement them with epoll in
// poller_epoll.cc, over the three epoll calls of epoll.h; on Darwin
// poller_darwin.cc implements them with a kqueue.

#ifndef SYSGATE_POLL_POLLER_BACKEND_H_
#define SYSGATE_POLL_POLLER_BACKEND_H_

#include "sysgate/poller.h"
#include "sysgate/result.h"

namespace sysgate::backend {

// The most events WaitPoller is asked for at once: each backend converts
// them from the OS's events in a buffer of this many on its stack.
inline constexpr int kPollBatch = 64;

enum class PollerChange { kAdd, kModify, kRemove };

// A new poller's descriptor, close-on-exec.
Result<Word> OpenPoller();

// Adds `fd` to `poller`, or changes or removes its entry, as `change` says;
// `interest` and `token` are Poller::Add's (unused by kRemove). The errors
// are epoll_ctl's: EEXIST, ENOENT, EBADF, EPERM.
Result<Word> ChangePoller(int poller, PollerChange change, int fd, unsigned interest,
                          unsigned long long token);

// Waits on `poller` as Poller::Wait says (timeout_nanos negative: no limit;
// 0: just look) and fills up to `max` (<= kPollBatch) events; returns how
// many.
Result<int> WaitPoller(int poller, PollEvent* events, int max, int64_t timeout_nanos);

}  // namespace sysgate::backend

#endif  // SYSGATE_POLL_POLLER_BACKEND_H_
