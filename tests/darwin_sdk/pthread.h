// SPDX-License-Identifier: Apache-2.0
// Stand-in for the Darwin SDK's <pthread.h> (libpthread's pthread.h and
// sys/_pthread/_pthread_types.h, 64-bit sizes): see README.md.
#ifndef SYSGATE_DARWIN_SDK_PTHREAD_H_
#define SYSGATE_DARWIN_SDK_PTHREAD_H_

struct __darwin_pthread_handler_rec;

struct _opaque_pthread_t {
  long __sig;
  struct __darwin_pthread_handler_rec* __cleanup_stack;
  char __opaque[8176];
};
typedef struct _opaque_pthread_t* pthread_t;

struct _opaque_pthread_attr_t {
  long __sig;
  char __opaque[56];
};
typedef struct _opaque_pthread_attr_t pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 1
#define PTHREAD_CREATE_DETACHED 2

#endif
