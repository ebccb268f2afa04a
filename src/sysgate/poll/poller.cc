// SPDX-License-Identifier: Apache-2.0
// The Poller of sysgate/poller.h, the same in every backend, over the
// primitives of poller_backend.h.

#include "sysgate/poller.h"

#include "sysgate/poll/poller_backend.h"

namespace sysgate {

Result<void> Poller::Open() {
  auto fd = backend::OpenPoller();
  if (!fd.ok()) return Result<void>(fd);
  fd_.reset(static_cast<int>(fd.value()));
  return Result<void>::Ok();
}

Result<void> Poller::Add(int fd, unsigned interest, unsigned long long token) {
  return Result<void>(
      backend::ChangePoller(fd_.get(), backend::PollerChange::kAdd, fd, interest, token));
}

Result<void> Poller::Modify(int fd, unsigned interest, unsigned long long token) {
  return Result<void>(
      backend::ChangePoller(fd_.get(), backend::PollerChange::kModify, fd, interest, token));
}

Result<void> Poller::Remove(int fd) {
  return Result<void>(backend::ChangePoller(fd_.get(), backend::PollerChange::kRemove, fd, 0, 0));
}

Result<int> Poller::Wait(PollEvent* events, int capacity, int64_t timeout_nanos) {
  const int max = capacity < backend::kPollBatch ? capacity : backend::kPollBatch;
  return backend::WaitPoller(fd_.get(), events, max, timeout_nanos);
}

Result<void> Poller::Close() { return fd_.Close(); }

}  // namespace sysgate
