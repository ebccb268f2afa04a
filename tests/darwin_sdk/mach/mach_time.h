// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <mach/mach_time.h>: see README.md.
#ifndef SYSGATE_DARWIN_SDK_MACH_MACH_TIME_H_
#define SYSGATE_DARWIN_SDK_MACH_MACH_TIME_H_

struct mach_timebase_info {
  unsigned int numer;
  unsigned int denom;
};
typedef struct mach_timebase_info* mach_timebase_info_t;
typedef struct mach_timebase_info mach_timebase_info_data_t;

#endif
