// The kernel's struct epoll_event, completing the raw layer's opaque
// declaration. <linux/eventpoll.h> packs it on x86-64 only (12 bytes, for
// compatibility with the 32-bit ABI); elsewhere it is 16 bytes.

#ifndef SYSGATE_KERNEL_EPOLL_H_
#define SYSGATE_KERNEL_EPOLL_H_

namespace sysgate::kernel {

struct
#if defined(__x86_64__)
    __attribute__((packed))
#endif
    epoll_event {
  unsigned int events;
  unsigned long long data;
};

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_EPOLL_H_
