// SPDX-License-Identifier: Apache-2.0
#include "sysgate/status.h"

#include "absl/strings/str_cat.h"
#include "sysgate/errno_name.h"

namespace sysgate {

absl::Status ErrnoStatus(int errnum, absl::string_view call) {
  const absl::StatusCode code = absl::ErrnoToStatusCode(errnum);
  const char* name = ErrnoName(errnum);
  if (name == nullptr) {
    return absl::Status(code, absl::StrCat(call, ": errno ", errnum));
  }
  return absl::Status(code, absl::StrCat(call, ": ", name, " (", ErrnoDescription(errnum), ")"));
}

}  // namespace sysgate
