// SPDX-License-Identifier: Apache-2.0
// sysgate::kernel's constants against the uapi headers of the architecture
// being compiled for: the generated .inc static_asserts each one's value and
// type, so the test has passed once it compiles. sysgate/constants.h comes
// first here, the uapi headers after it (the .inc includes them), and no
// libc header at all (the .inc says why).

#include "sysgate/constants.h"

#include "sysgate/generated/linux/constants_check.inc"

int main() { return 0; }
