// The kernel's struct user_desc (arch/x86/include/uapi/asm/ldt.h),
// completing the raw layer's opaque declaration: a segment descriptor, as
// set_thread_area takes it, and as i386's clone takes it for CLONE_SETTLS.
// 386 only; x86-64 programs name their thread pointer by address.

#ifndef SYSGATE_KERNEL_LDT_H_
#define SYSGATE_KERNEL_LDT_H_

namespace sysgate::kernel {

struct user_desc {
  unsigned int entry_number;  // the GDT entry; ~0U asks set_thread_area for a free one
  unsigned int base_addr;
  unsigned int limit;
  unsigned int seg_32bit : 1;
  unsigned int contents : 2;
  unsigned int read_exec_only : 1;
  unsigned int limit_in_pages : 1;
  unsigned int seg_not_present : 1;
  unsigned int useable : 1;
};
static_assert(sizeof(user_desc) == 16);

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_LDT_H_
