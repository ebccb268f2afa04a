// SPDX-License-Identifier: Apache-2.0
// The record's home on Linux: a raw thread's lives beside its RawThread
// (raw_thread_linux.cc points the thread's block at it), because a raw
// thread has no libc thread-local storage and an access there would fault
// on the guard pages around its block; every other thread's lives in
// initial-exec thread-local storage.

#include "sysgate/libcall/call_site_record.h"
#include "sysgate/thread/raw_thread_block.h"

namespace sysgate {
namespace {

// Initial-exec: a fixed offset from the thread pointer, so a signal handler's
// access never calls __tls_get_addr, which may allocate. Zero-initialized, so
// no thread_local constructor runs either.
__attribute__((tls_model("initial-exec"))) thread_local CallSiteRecord libc_thread_record;

}  // namespace

CallSiteRecord* ThisThreadCallSiteRecord() noexcept {
  if (RawThreadBlock* block = CurrentRawThreadBlock()) return block->call_sites;
  return &libc_thread_record;
}

}  // namespace sysgate
