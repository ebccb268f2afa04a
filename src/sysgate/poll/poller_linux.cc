#include <linux/eventpoll.h>
#include <linux/fcntl.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/kernel/epoll.h"
#include "sysgate/kernel/signal.h"
#include "sysgate/poller.h"
#include "sysgate/syscalls.h"

namespace sysgate {
namespace {

// Events converted per epoll_pwait call; Wait asks for no more than this.
constexpr int kBatch = 64;

unsigned EpollEvents(unsigned interest) {
  return ((interest & kReadable) ? EPOLLIN | EPOLLRDHUP : 0u) | ((interest & kWritable) ? EPOLLOUT : 0u);
}

Result<long> Control(int epfd, int op, int fd, unsigned interest, unsigned long long token) {
  kernel::epoll_event event = {EpollEvents(interest), token};
  return sys::epoll_ctl(epfd, op, fd, &event);
}

}  // namespace

Result<long> Poller::Open() {
  auto fd = sys::epoll_create1(O_CLOEXEC);
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
  kernel::epoll_event unused = {};
  return sys::epoll_ctl(fd_, EPOLL_CTL_DEL, fd, &unused);
}

Result<int> Poller::Wait(PollEvent* events, int capacity, long timeout_nanos) {
  kernel::epoll_event ready[kBatch];
  const int max = capacity < kBatch ? capacity : kBatch;
  int timeout_ms = -1;
  if (timeout_nanos >= 0) {
    const long ms = internal::DivideRoundingUp(timeout_nanos, 1'000'000);
    timeout_ms = ms > 0x7fffffff ? 0x7fffffff : static_cast<int>(ms);
  }
  auto n = sys::epoll_pwait(fd_, ready, max, timeout_ms, nullptr, kernel::kSigsetSize);
  if (!n.ok()) return Result<int>::Error(n.error());
  for (long i = 0; i < n.value(); ++i) {
    const unsigned bits = ready[i].events;
    events[i].token = ready[i].data;
    events[i].readable = (bits & (EPOLLIN | EPOLLPRI)) != 0;
    events[i].writable = (bits & EPOLLOUT) != 0;
    events[i].hangup = (bits & (EPOLLHUP | EPOLLRDHUP)) != 0;
    events[i].error = (bits & EPOLLERR) != 0;
  }
  return Result<int>(n.value());
}

Result<long> Poller::Close() { return sys::close(fd_); }

}  // namespace sysgate
