// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <sys/sysctl.h> (xnu bsd/sys/sysctl.h): see
// README.md.
#ifndef SYSGATE_DARWIN_SDK_SYS_SYSCTL_H_
#define SYSGATE_DARWIN_SDK_SYS_SYSCTL_H_

#define CTL_HW 6
#define HW_NCPU 3

#endif
