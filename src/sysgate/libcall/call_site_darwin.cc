// SPDX-License-Identifier: Apache-2.0
// The record's home on Darwin, where every thread is the C library's: an
// ordinary thread_local. On Darwin dyld may allocate it on a thread's first
// access; sysgate's tests cannot check Darwin (see docs/darwin.md).

#include "sysgate/libcall/call_site_record.h"

namespace sysgate {
namespace {

thread_local CallSiteRecord record;

}  // namespace

CallSiteRecord* ThisThreadCallSiteRecord() noexcept { return &record; }

}  // namespace sysgate
