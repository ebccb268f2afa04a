// SPDX-License-Identifier: Apache-2.0
// The kernel's struct mmap_arg_struct, completing the raw layer's opaque
// declaration: the one argument of old_mmap, the mmap of i386 (90) and of
// s390x (90; SYSGATE_ARCH_MMAP_TAKES_STRUCT), which copies the six words of
// a mapping in from it. Layout from the kernel's mm/mmap.c; `offset` is in
// bytes, a multiple of the page size.

#ifndef SYSGATE_KERNEL_MMAN_H_
#define SYSGATE_KERNEL_MMAN_H_

namespace sysgate::kernel {

struct mmap_arg_struct {
  unsigned long addr;
  unsigned long len;
  unsigned long prot;
  unsigned long flags;
  unsigned long fd;
  unsigned long offset;
};

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_MMAN_H_
