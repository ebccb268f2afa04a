#include "sysgate/errno_name.h"

namespace sysgate {
namespace {

struct ErrnoText {
  const char* name;
  const char* description;
};

// Indexed by errno value; a constant array, so it lives in .rodata and
// needs no initialization at run time.
constexpr ErrnoText kErrnoTexts[] = {
#if defined(__linux__)
#include "sysgate/generated/linux/errno_names.inc"
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
