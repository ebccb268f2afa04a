// The Poller of sysgate/poller.h, the same in every backend, over the
// primitives of poller_backend.h.

#include "sysgate/poller.h"

#include "sysgate/file.h"
#include "sysgate/poll/poller_backend.h"

namespace sysgate {

Result<long> Poller::Open() {
  auto fd = backend::OpenPoller();
  if (!fd.ok()) return fd;
  fd_ = static_cast<int>(fd.value());
  return Result<long>(0);
}

Result<long> Poller::Add(int fd, unsigned interest, unsigned long long token) {
  return backend::ChangePoller(fd_, backend::PollerChange::kAdd, fd, interest, token);
}

Result<long> Poller::Modify(int fd, unsigned interest, unsigned long long token) {
  return backend::ChangePoller(fd_, backend::PollerChange::kModify, fd, interest, token);
}

Result<long> Poller::Remove(int fd) {
  return backend::ChangePoller(fd_, backend::PollerChange::kRemove, fd, 0, 0);
}

Result<int> Poller::Wait(PollEvent* events, int capacity, int64_t timeout_nanos) {
  const int max = capacity < backend::kPollBatch ? capacity : backend::kPollBatch;
  return backend::WaitPoller(fd_, events, max, timeout_nanos);
}

Result<long> Poller::Close() { return sysgate::Close(fd_); }

}  // namespace sysgate
