#include "sysgate/status.h"

namespace sysgate {

absl::Status ErrnoStatus(int errnum, absl::string_view call) {
  return absl::ErrnoToStatus(errnum, call);
}

}  // namespace sysgate
