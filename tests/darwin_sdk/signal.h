// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <signal.h> (xnu bsd/sys/signal.h and
// bsd/sys/_types/_sigaltstack.h): see README.md.
#ifndef SYSGATE_DARWIN_SDK_SIGNAL_H_
#define SYSGATE_DARWIN_SDK_SIGNAL_H_

typedef unsigned int sigset_t;  // __darwin_sigset_t: signals 1 to 31

typedef struct __siginfo siginfo_t;

union __sigaction_u {
  void (*__sa_handler)(int);
  void (*__sa_sigaction)(int, struct __siginfo*, void*);
};

// The user-space struct; libSystem's sigaction adds its _sigtramp itself.
struct sigaction {
  union __sigaction_u __sigaction_u;
  sigset_t sa_mask;
  int sa_flags;
};
#define sa_handler __sigaction_u.__sa_handler
#define sa_sigaction __sigaction_u.__sa_sigaction

#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)

#define SA_ONSTACK 0x0001
#define SA_RESTART 0x0002
#define SA_SIGINFO 0x0040

#define SIG_BLOCK 1
#define SIG_UNBLOCK 2
#define SIG_SETMASK 3

// Darwin's order: ss_size before ss_flags, unlike Linux's.
struct __darwin_sigaltstack {
  void* ss_sp;
  unsigned long ss_size;
  int ss_flags;
};
typedef struct __darwin_sigaltstack stack_t;

#define SS_ONSTACK 0x0001
#define SS_DISABLE 0x0004

#endif
