// SPDX-License-Identifier: Apache-2.0
// Conversions from sysgate::Result to absl::Status, for the friendly layer.
//
// These allocate and format messages, so unlike Result they are not
// async-signal-safe: use them outside signal handlers and raw threads.

#ifndef SYSGATE_STATUS_H_
#define SYSGATE_STATUS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sysgate/result.h"

namespace sysgate {

// An error status for `errnum` whose message names the call and the errno,
// e.g. "openat: ENOENT (No such file or directory)", or "openat: errno 999"
// for a number sysgate's errno table lacks (sysgate/errno_name.h); the code
// follows absl::ErrnoToStatusCode.
absl::Status ErrnoStatus(int errnum, absl::string_view call);

template <typename T>
absl::Status ToStatus(Result<T> result, absl::string_view call) {
  return result.ok() ? absl::OkStatus() : ErrnoStatus(result.error(), call);
}

template <typename T>
absl::StatusOr<T> ToStatusOr(Result<T> result, absl::string_view call) {
  if (!result.ok()) return ErrnoStatus(result.error(), call);
  return result.value();
}

}  // namespace sysgate

#endif  // SYSGATE_STATUS_H_
