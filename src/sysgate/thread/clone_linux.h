/* The clone(2) number for the assembly in clone_linux_*.S, which cannot use
   the generated C++ constants; raw_thread_linux.cc checks it against them. */

#ifndef SYSGATE_THREAD_CLONE_LINUX_H_
#define SYSGATE_THREAD_CLONE_LINUX_H_

#if defined(__x86_64__)
#define SYSGATE_NR_CLONE 56
#elif defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define SYSGATE_NR_CLONE 220
#elif defined(__i386__) || defined(__arm__)
#define SYSGATE_NR_CLONE 120
#endif

#endif /* SYSGATE_THREAD_CLONE_LINUX_H_ */
