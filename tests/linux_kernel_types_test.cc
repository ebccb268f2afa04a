// SPDX-License-Identifier: Apache-2.0
// sysgate::kernel's structs against the uapi headers of the architecture
// being compiled for: the generated .inc static_asserts each struct's size
// and alignment and each member's offset and type, so most of the test has
// passed once it compiles; what runs checks the bit-fields, which have no
// offset. sysgate/kernel_types.h comes first, the uapi headers after it (the
// .inc includes them), and no libc header at all (the .inc says why).

#include "sysgate/kernel_types.h"

#include "sysgate/generated/linux/kernel_types_check.inc"

int main(int argc, char**) {
  // All ones, from a value the compiler cannot see, so that storing it in
  // a narrower bit-field is no constant overflow.
  const unsigned long long ones = argc > 0 ? ~0ULL : 0;
  const char* wrong = sysgate_kernel_types_check::CheckBitFields(ones);
  if (wrong != nullptr) {
    __builtin_puts(wrong);
    return 1;
  }
  return 0;
}
