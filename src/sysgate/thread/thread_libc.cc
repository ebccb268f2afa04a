// SPDX-License-Identifier: Apache-2.0
// The thread primitives of the libc backends (thread_backend.h), glibc's and
// libSystem's, the part every C library does alike (thread_glibc.cc and
// thread_darwin.cc have the rest): an OsThread is a joinable pthread, made the
// way the Go runtime's newosproc makes one through libc (pthread_attr_init,
// pthread_attr_setstacksize, pthread_attr_setdetachstate, pthread_create),
// with every signal blocked while it is created and the caller's mask
// restored by the new thread itself.

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/thread.h"
#include "sysgate/thread/thread_backend.h"

namespace sysgate {

// The record of one thread. Spawn maps it (one page, with libc::mmap) rather
// than calling malloc, so that it allocates nothing but mappings, as the raw
// backend does, and is safe where malloc is not (a signal handler, a
// sanitizer's allocator not yet set up); Join unmaps it. pthread_create
// allocates the stack and the C library's thread descriptor, which
// pthread_join releases.
struct OsThread {
  pthread_t handle;
  void (*function)(void*);
  void* arg;
  sigset_t signal_mask;  // the creator's, which the thread starts with
};

namespace {

// pthread_create rounds the stack size up to pages and adds a guard, static
// TLS and its descriptor; glibc catches only some of the sizes for which
// that wraps (others fail with EAGAIN), so sysgate refuses all of them.
constexpr unsigned long kLargestStackSize = ~0UL - (1UL << 20);

libc::sigset_t* LibcSet(sigset_t* set) { return reinterpret_cast<libc::sigset_t*>(set); }

libc::pthread_attr_t* LibcAttr(pthread_attr_t* attr) {
  return reinterpret_cast<libc::pthread_attr_t*>(attr);
}

// pthread_create's start routine: it starts with every signal blocked (the
// creator's mask at pthread_create) and takes the creator's own mask only
// now that it is running.
void* RunThread(void* record) {
  auto* thread = static_cast<OsThread*>(record);
  // Fails only for a bad `how`.
  (void)libc::pthread_sigmask(SIG_SETMASK, LibcSet(&thread->signal_mask), nullptr);
  thread->function(thread->arg);
  return nullptr;
}

// pthread_create with `attr` made from `options`, signals blocked meanwhile.
Result<int> CreateThread(const ThreadOptions& options, OsThread* thread) {
  pthread_attr_t attr;
  auto made = libc::pthread_attr_init(LibcAttr(&attr));
  if (!made.ok()) return made;
  made = libc::pthread_attr_setstacksize(LibcAttr(&attr), options.stack_size);
  if (made.ok()) made = libc::pthread_attr_setdetachstate(LibcAttr(&attr), PTHREAD_CREATE_JOINABLE);
  if (made.ok()) {
    // sigfillset fails only for a null set, pthread_sigmask only for a bad
    // `how`.
    sigset_t all;
    (void)libc::sigfillset(LibcSet(&all));
    (void)libc::pthread_sigmask(SIG_SETMASK, LibcSet(&all), LibcSet(&thread->signal_mask));
    made = libc::pthread_create(&thread->handle, LibcAttr(&attr), RunThread, thread);
    (void)libc::pthread_sigmask(SIG_SETMASK, LibcSet(&thread->signal_mask), nullptr);
  }
  (void)libc::pthread_attr_destroy(LibcAttr(&attr));  // cannot fail in glibc or libSystem
  return made;
}

}  // namespace

namespace backend {

Result<OsThread*> StartThread(const ThreadOptions& options, void (*function)(void*), void* arg) {
  if (options.stack_size > kLargestStackSize) return Result<OsThread*>::Error(EINVAL);
  auto record = libc::mmap(nullptr, sizeof(OsThread), PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (!record.ok()) return Result<OsThread*>::Error(record.error());
  auto* thread = static_cast<OsThread*>(record.value());
  thread->function = function;
  thread->arg = arg;
  auto created = CreateThread(options, thread);
  if (!created.ok()) {
    // The creation's error is the one to report; a page just mapped unmaps.
    (void)libc::munmap(thread, sizeof(OsThread));
    return Result<OsThread*>::Error(created.error());
  }
  return Result<OsThread*>::Ok(thread);
}

Result<void> WaitForThread(OsThread* thread) {
  auto joined = libc::pthread_join(thread->handle, nullptr);
  if (!joined.ok()) return Result<void>(joined);
  return Result<void>(libc::munmap(thread, sizeof(OsThread)));
}

void YieldCpu() {
  (void)libc::sched_yield();  // cannot fail in glibc or libSystem
}

}  // namespace backend
}  // namespace sysgate
