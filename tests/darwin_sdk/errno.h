// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <errno.h> (xnu bsd/sys/errno.h): see README.md.
#ifndef SYSGATE_DARWIN_SDK_ERRNO_H_
#define SYSGATE_DARWIN_SDK_ERRNO_H_

#define ENOENT 2
#define EINTR 4
#define EINVAL 22
#define EAGAIN 35
#define ETIMEDOUT 60

#endif
