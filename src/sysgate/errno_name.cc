// SPDX-License-Identifier: Apache-2.0
#include "sysgate/errno_name.h"

#if defined(__linux__)
// Linux architectures number their errors differently too (mips: ENOSYS is
// 89, not 38): errno_names.inc holds each architecture's table (its .abi's
// errno key) under #if of its macro.
#include "sysgate/generated/linux/arch.h"
#endif

namespace sysgate {
namespace {

struct ErrnoText {
  const char* name;
  const char* description;
};

// Indexed by errno value; a constant array, so it lives in .rodata and
// needs no initialization at run time.
constexpr ErrnoText kErrnoTexts[] = {
// Each OS numbers its errors its own way (EAGAIN is 11 on Linux, 35 on
// Darwin and FreeBSD), so the table is the one of the OS being compiled for.
#if defined(__linux__)
#include "sysgate/generated/linux/errno_names.inc"
#elif defined(__APPLE__)
#include "sysgate/generated/darwin/errno_names.inc"
#elif defined(__FreeBSD__)
#include "sysgate/generated/freebsd/errno_names.inc"
#else
#error "sysgate has no errno table for this OS"
#endif
};

constexpr int kErrnoCount = sizeof(kErrnoTexts) / sizeof(kErrnoTexts[0]);

}  // namespace

const char* ErrnoName(int e) { return e >= 0 && e < kErrnoCount ? kErrnoTexts[e].name : nullptr; }

const char* ErrnoDescription(int e) {
  return e >= 0 && e < kErrnoCount ? kErrnoTexts[e].description : nullptr;
}

}  // namespace sysgate
