// The kernel's time structs, completing the opaque declarations of the raw
// layer (sysgate::kernel::kernel_timespec is the uapi struct
// __kernel_timespec, and so on). Layouts from <linux/time_types.h>; on the
// 64-bit ABIs sysgate supports they equal glibc's timespec and timeval.

#ifndef SYSGATE_KERNEL_TIME_H_
#define SYSGATE_KERNEL_TIME_H_

namespace sysgate::kernel {

struct kernel_timespec {
  long long tv_sec;
  long long tv_nsec;
};

struct kernel_itimerspec {
  kernel_timespec it_interval;
  kernel_timespec it_value;
};

struct kernel_old_timeval {
  long tv_sec;
  long tv_usec;
};

struct kernel_old_itimerval {
  kernel_old_timeval it_interval;
  kernel_old_timeval it_value;
};

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_TIME_H_
