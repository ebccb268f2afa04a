// The poller in the libc backend: epoll through glibc's epoll_create1,
// epoll_ctl and epoll_wait, with glibc's struct epoll_event (packed on
// x86-64, as the kernel's is).

#include <sys/epoll.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/libcall/libc.h"
#include "sysgate/poller.h"

namespace sysgate {
namespace {

// Events converted per epoll_wait call; Wait asks for no more than this.
constexpr int kBatch = 64;

unsigned EpollEvents(unsigned interest) {
  return ((interest & kReadable) ? EPOLLIN | EPOLLRDHUP : 0u) |
         ((interest & kWritable) ? EPOLLOUT : 0u);
}

Result<long> Control(int epfd, int op, int fd, unsigned interest, unsigned long long token) {
  epoll_event event = {};
  event.events = EpollEvents(interest);
  event.data.u64 = token;
  return Result<long>(libc::epoll_ctl(epfd, op, fd, &event).raw());
}

}  // namespace

Result<long> Poller::Open() {
  auto fd = libc::epoll_create1(EPOLL_CLOEXEC);
  if (!fd.ok()) return Result<long>::Error(fd.error());
  fd_ = fd.value();
  return Result<long>(0);
}

Result<long> Poller::Add(int fd, unsigned interest, unsigned long long token) {
  return Control(fd_, EPOLL_CTL_ADD, fd, interest, token);
}

Result<long> Poller::Modify(int fd, unsigned interest, unsigned long long token) {
  return Control(fd_, EPOLL_CTL_MOD, fd, interest, token);
}

Result<long> Poller::Remove(int fd) {
  // A non-null event for kernels before 2.6.9, which required one.
  epoll_event unused = {};
  return Result<long>(libc::epoll_ctl(fd_, EPOLL_CTL_DEL, fd, &unused).raw());
}

Result<int> Poller::Wait(PollEvent* events, int capacity, long timeout_nanos) {
  epoll_event ready[kBatch];
  const int max = capacity < kBatch ? capacity : kBatch;
  int timeout_ms = -1;
  if (timeout_nanos >= 0) {
    const long ms = internal::DivideRoundingUp(timeout_nanos, 1'000'000);
    timeout_ms = ms > 0x7fffffff ? 0x7fffffff : static_cast<int>(ms);
  }
  auto n = libc::epoll_wait(fd_, ready, max, timeout_ms);
  if (!n.ok()) return n;
  for (int i = 0; i < n.value(); ++i) {
    const unsigned bits = ready[i].events;
    events[i].token = ready[i].data.u64;
    events[i].readable = (bits & (EPOLLIN | EPOLLPRI)) != 0;
    events[i].writable = (bits & EPOLLOUT) != 0;
    events[i].hangup = (bits & (EPOLLHUP | EPOLLRDHUP)) != 0;
    events[i].error = (bits & EPOLLERR) != 0;
  }
  return n;
}

Result<long> Poller::Close() { return Result<long>(libc::close(fd_).raw()); }

}  // namespace sysgate
