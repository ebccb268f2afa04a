// The kernel's struct epoll_event, completing the raw layer's opaque
// declaration. <linux/eventpoll.h> packs it on x86-64 only (12 bytes, for
// compatibility with the 32-bit ABI); elsewhere it is 16 bytes, or 12 where
// a 64-bit integer is 4-byte aligned (i386). tables/linux/ARCH.abi's
// epoll_event key says which (SYSGATE_ARCH_EPOLL_PACKED).

#ifndef SYSGATE_KERNEL_EPOLL_H_
#define SYSGATE_KERNEL_EPOLL_H_

#include "sysgate/generated/linux/core_abi.h"

namespace sysgate::kernel {

struct
#ifdef SYSGATE_ARCH_EPOLL_PACKED
    __attribute__((packed))
#endif
    epoll_event {
  unsigned int events;
  unsigned long long data;
};

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_EPOLL_H_
