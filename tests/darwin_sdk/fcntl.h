// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <fcntl.h> (xnu bsd/sys/fcntl.h): see README.md.
#ifndef SYSGATE_DARWIN_SDK_FCNTL_H_
#define SYSGATE_DARWIN_SDK_FCNTL_H_

#define O_RDONLY 0x0000
#define O_WRONLY 0x0001
#define O_RDWR 0x0002
#define O_NONBLOCK 0x0004
#define O_APPEND 0x0008
#define O_CREAT 0x0200
#define O_TRUNC 0x0400
#define O_EXCL 0x0800
#define O_CLOEXEC 0x01000000

#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define FD_CLOEXEC 1

#endif
