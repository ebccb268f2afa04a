// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <sys/event.h> (xnu bsd/sys/event.h): see
// README.md.
#ifndef SYSGATE_DARWIN_SDK_SYS_EVENT_H_
#define SYSGATE_DARWIN_SDK_SYS_EVENT_H_

struct kevent {
  unsigned long ident;  // uintptr_t
  short filter;
  unsigned short flags;
  unsigned int fflags;
  long data;  // intptr_t
  void* udata;
};

#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)

#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_ENABLE 0x0004
#define EV_DISABLE 0x0008
#define EV_ONESHOT 0x0010
#define EV_CLEAR 0x0020
#define EV_RECEIPT 0x0040
#define EV_ERROR 0x4000
#define EV_EOF 0x8000

#endif
