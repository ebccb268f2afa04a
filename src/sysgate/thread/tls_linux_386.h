// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/386: the base of the segment %gs selects, one
// of the three GDT entries each thread has for TLS (from GDT_ENTRY_TLS_MIN:
// 6 under a 32-bit kernel, 12 under a 64-bit one). set_thread_area and
// clone's CLONE_SETTLS take a user_desc for it, not an address. See
// tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_386_H_
#define SYSGATE_THREAD_TLS_LINUX_386_H_

#include "sysgate/kernel_types.h"
#include "sysgate/result.h"
#include "sysgate/syscalls.h"

namespace sysgate::tls {

// A descriptor for `base` in `entry`, as glibc's pthread_create makes for a
// new thread: 32-bit, limit 4 GiB, so that the variant II data below the
// thread pointer is reached by wrapping around.
inline kernel::user_desc TlsDescriptor(unsigned int entry, unsigned long base) {
  kernel::user_desc desc = {};
  desc.entry_number = entry;
  desc.base_addr = static_cast<unsigned int>(base);
  desc.limit = 0xfffff;
  desc.seg_32bit = 1;
  desc.limit_in_pages = 1;
  desc.useable = 1;
  return desc;
}

// The child gets the creator's entry with its own base. Every thread that
// may call the core has one: libc's, or SetThreadPointer's, without which
// even reading a clock faults (%gs:0 through a null selector).
inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

struct CloneTls {
  explicit CloneTls(unsigned long tp) {
    unsigned int selector;
    asm volatile("movl %%gs, %0" : "=r"(selector));
    desc = TlsDescriptor(selector >> 3, tp);
    argument = reinterpret_cast<unsigned long>(&desc);
  }
  CloneTls(const CloneTls&) = delete;  // argument points into it
  CloneTls& operator=(const CloneTls&) = delete;

  kernel::user_desc desc;
  unsigned long argument;
};

inline Result<void> SetThreadPointer(unsigned long tp) {
  kernel::user_desc desc = TlsDescriptor(~0U, tp);  // any free entry
  auto set = sys::set_thread_area(&desc);
  if (!set.ok()) return Result<void>(set);
  const unsigned int selector = desc.entry_number << 3 | 3;  // GDT, ring 3
  asm volatile("movw %w0, %%gs" : : "r"(selector) : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_386_H_
