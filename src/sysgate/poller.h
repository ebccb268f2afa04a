// SPDX-License-Identifier: Apache-2.0
// Readiness polling, the same on every OS: epoll on Linux (the system calls
// in the raw backend, glibc's epoll_create1, epoll_ctl and epoll_wait in the
// libc backend), kqueue on Darwin. Level-triggered. Each call is one system
// call, and Wait converts events in a fixed buffer on the stack: no
// allocation, and in the raw backend safe on a raw thread.
//
// A Poller owns its descriptor: it is move-only, and closes it when
// destroyed (Close reports the close's error, for those who want it).
//
// On Darwin a descriptor ready to read and to write comes out of Wait as two
// events with the same token (kqueue has a filter per direction), and Wait's
// timeout is not rounded.

#ifndef SYSGATE_POLLER_H_
#define SYSGATE_POLLER_H_

#include "sysgate/int64.h"
#include "sysgate/owned_fd.h"
#include "sysgate/result.h"

namespace sysgate {

enum Interest : unsigned {
  kReadable = 1,
  kWritable = 2,
};

struct PollEvent {
  unsigned long long token;  // as given to Add or Modify
  bool readable;
  bool writable;
  bool hangup;  // the peer closed; reads will return what is left, then 0
  bool error;
};

class Poller {
 public:
  Poller() = default;
  Poller(Poller&&) = default;
  Poller& operator=(Poller&&) = default;

  // Creates the OS's poller (close-on-exec), closing the one this had.
  Result<void> Open();

  // Watches `fd` for `interest` (kReadable | kWritable); events carry `token`.
  Result<void> Add(int fd, unsigned interest, unsigned long long token);
  Result<void> Modify(int fd, unsigned interest, unsigned long long token);
  Result<void> Remove(int fd);

  // Waits for at most `timeout_nanos` (negative: no limit, 0: just look),
  // rounded up to milliseconds, and fills up to `capacity` events. Returns
  // how many: 0 on timeout. EINTR when a handler ran. A timeout longer than
  // the OS takes is cut to its limit, and ends as a timeout would, with 0:
  // INT_MAX milliseconds (about 24.8 days) for epoll, 10^6 seconds (about
  // 11.6 days) for kqueue.
  Result<int> Wait(PollEvent* events, int capacity, int64_t timeout_nanos);

  // Closes the descriptor now (EBADF before Open); the destructor does it
  // otherwise.
  Result<void> Close();

  // The epoll or kqueue descriptor, -1 before Open and after Close.
  int fd() const { return fd_.get(); }

 private:
  OwnedFd fd_;
};

}  // namespace sysgate

#endif  // SYSGATE_POLLER_H_
