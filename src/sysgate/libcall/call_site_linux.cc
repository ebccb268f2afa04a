// SPDX-License-Identifier: Apache-2.0
// The record's home on Linux: a raw thread's lives beside its RawThread
// (raw_thread_linux.cc points the thread's block at it), because a raw
// thread has no libc thread-local storage and an access there would fault
// on the guard pages around its block; every other thread's lives in
// initial-exec thread-local storage, defined here (call_site_record.h finds
// either inline). Zero-initialized, so no thread_local constructor runs.

#include "sysgate/libcall/call_site_record.h"

namespace sysgate::call_site_internal {

__thread CallSiteRecord libc_thread_record __attribute__((tls_model("initial-exec")));

}  // namespace sysgate::call_site_internal
