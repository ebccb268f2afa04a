// SPDX-License-Identifier: Apache-2.0
// The poller primitives on Darwin (poller_backend.h): a kqueue, through
// libSystem's kqueue and kevent.
//
// kqueue watches a descriptor with one filter per direction (EVFILT_READ,
// EVFILT_WRITE) where epoll keeps one entry with both, so Add, Modify and
// Remove change up to two filters in one kevent call, and a descriptor ready
// both ways comes out of Wait as two events with the same token. Filters are
// level-triggered (no EV_CLEAR), as epoll's default is.

#include <errno.h>
#include <fcntl.h>
#include <sys/event.h>
#include <time.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/poll/poller_backend.h"
#include "sysgate/poller.h"

namespace sysgate::backend {
namespace {

// Darwin's kevent refuses a timeout that is too long with EINVAL; the Go
// runtime's netpoll_kqueue.go cuts its timeouts to 10^6 seconds for that
// reason, and so does Wait.
constexpr long kMaxTimeoutSeconds = 1'000'000;

struct kevent Change(int fd, short filter, unsigned short flags, unsigned long long token) {
  struct kevent change = {};
  change.ident = static_cast<unsigned long>(fd);
  change.filter = filter;
  // EV_RECEIPT: each change comes back with its own status (EV_ERROR, the
  // errno in data, 0 when it succeeded) instead of one error for the call.
  change.flags = flags | EV_RECEIPT;
  change.udata = reinterpret_cast<void*>(token);
  return change;
}

// Applies `count` changes. Deleting a filter that was not registered
// (ENOENT) is not an error unless every change was such a delete: the
// descriptor was not registered at all, as epoll would say.
Result<Word> Apply(int kq, struct kevent* changes, int count) {
  if (count == 0) return Result<Word>::Ok(0);
  struct kevent receipts[2];
  auto applied = libc::kevent(kq, changes, count, receipts, count, nullptr);
  if (!applied.ok()) return applied;
  int missing = 0;
  for (int i = 0; i < applied.value(); ++i) {
    const int error = static_cast<int>(receipts[i].data);
    if (error == ENOENT && (changes[i].flags & EV_DELETE)) {
      ++missing;
    } else if (error != 0) {
      return Result<Word>::Error(error);
    }
  }
  return missing == count ? Result<Word>::Error(ENOENT) : Result<Word>::Ok(0);
}

// Adds (or updates, token and all) the filters `interest` wants and, when
// `delete_others`, deletes the others. A filter is never registered for a
// direction nobody asked about: kqueue may refuse EVFILT_WRITE on a
// descriptor open only for reading.
Result<Word> Register(int kq, int fd, unsigned interest, unsigned long long token,
                      bool delete_others) {
  constexpr short kFilters[2] = {EVFILT_READ, EVFILT_WRITE};
  constexpr unsigned kInterests[2] = {kReadable, kWritable};
  struct kevent changes[2];
  int count = 0;
  for (int i = 0; i < 2; ++i) {
    if (interest & kInterests[i]) {
      changes[count++] = Change(fd, kFilters[i], EV_ADD, token);
    } else if (delete_others) {
      changes[count++] = Change(fd, kFilters[i], EV_DELETE, token);
    }
  }
  return Apply(kq, changes, count);
}

}  // namespace

Result<Word> OpenPoller() {
  auto kq = libc::kqueue();
  if (!kq.ok()) return kq;
  // kqueue has no close-on-exec flag of its own.
  auto set = libc::fcntl(kq.value(), F_SETFD, FD_CLOEXEC);
  if (!set.ok()) {
    // Of no use to the caller, and the fcntl error is the one to report.
    (void)libc::close(kq.value());
    return set;
  }
  return kq;
}

Result<Word> ChangePoller(int poller, PollerChange change, int fd, unsigned interest,
                          unsigned long long token) {
  if (change == PollerChange::kRemove) {
    struct kevent changes[2] = {Change(fd, EVFILT_READ, EV_DELETE, 0),
                                Change(fd, EVFILT_WRITE, EV_DELETE, 0)};
    return Apply(poller, changes, 2);
  }
  return Register(poller, fd, interest, token, /*delete_others=*/change == PollerChange::kModify);
}

Result<int> WaitPoller(int poller, PollEvent* events, int max, int64_t timeout_nanos) {
  struct kevent ready[kPollBatch];
  timespec timeout = {};
  if (timeout_nanos >= 0) timeout = {timeout_nanos / 1'000'000'000, timeout_nanos % 1'000'000'000};
  if (timeout.tv_sec > kMaxTimeoutSeconds) timeout = {kMaxTimeoutSeconds, 0};
  auto n = libc::kevent(poller, nullptr, 0, ready, max, timeout_nanos >= 0 ? &timeout : nullptr);
  if (!n.ok()) return n;
  for (int i = 0; i < n.value(); ++i) {
    const bool eof = (ready[i].flags & EV_EOF) != 0;
    events[i].token = reinterpret_cast<unsigned long long>(ready[i].udata);
    events[i].readable = ready[i].filter == EVFILT_READ;
    events[i].writable = ready[i].filter == EVFILT_WRITE;
    events[i].hangup = eof;
    // With EV_EOF, fflags holds a socket's pending error, if it has one.
    events[i].error = (ready[i].flags & EV_ERROR) != 0 || (eof && ready[i].fflags != 0);
  }
  return n;
}

}  // namespace sysgate::backend
