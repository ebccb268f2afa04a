// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <sys/time.h> (xnu bsd/sys/time.h,
// bsd/sys/_types/_timeval.h): see README.md.
#ifndef SYSGATE_DARWIN_SDK_SYS_TIME_H_
#define SYSGATE_DARWIN_SDK_SYS_TIME_H_

struct timeval {
  long tv_sec;  // __darwin_time_t
  int tv_usec;  // __darwin_suseconds_t
};

struct itimerval {
  struct timeval it_interval;
  struct timeval it_value;
};

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

#endif
