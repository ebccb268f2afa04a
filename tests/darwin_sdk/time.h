// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <time.h>: see README.md.
#ifndef SYSGATE_DARWIN_SDK_TIME_H_
#define SYSGATE_DARWIN_SDK_TIME_H_

struct timespec {
  long tv_sec;  // __darwin_time_t
  long tv_nsec;
};

typedef enum {
  _CLOCK_REALTIME = 0,
  _CLOCK_MONOTONIC = 6,
} clockid_t;
#define CLOCK_REALTIME _CLOCK_REALTIME
#define CLOCK_MONOTONIC _CLOCK_MONOTONIC

#endif
