// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <sys/mman.h> (xnu bsd/sys/mman.h): see
// README.md.
#ifndef SYSGATE_DARWIN_SDK_SYS_MMAN_H_
#define SYSGATE_DARWIN_SDK_SYS_MMAN_H_

#define PROT_NONE 0x00
#define PROT_READ 0x01
#define PROT_WRITE 0x02
#define PROT_EXEC 0x04

#define MAP_SHARED 0x0001
#define MAP_PRIVATE 0x0002
#define MAP_FIXED 0x0010
#define MAP_NORESERVE 0x0040
#define MAP_ANON 0x1000
#define MAP_ANONYMOUS MAP_ANON
#define MAP_FAILED ((void*)-1)

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 5
#define MADV_FREE_REUSABLE 7
#define MADV_FREE_REUSE 8

#endif
