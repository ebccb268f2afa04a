// SPDX-License-Identifier: Apache-2.0
// sysgate::Word, a system call's argument and result word: a register, as
// the kernel reads and writes it. That is a long on every ABI but one whose
// registers are wider than its long (x32: ILP32 on x86-64's 64-bit
// registers), whose kernel's long (__kernel_long_t) is a long long, so that
// lseek's 64-bit offset is not cut to 32 bits on its way in or out. The
// compiler says which: it has a 128-bit integer (two words) exactly where
// a register holds 64 bits. Each architecture's generated core_abi.h checks
// Word's width against its .abi's word_bits. Freestanding.

#ifndef SYSGATE_WORD_H_
#define SYSGATE_WORD_H_

namespace sysgate {

#if __SIZEOF_LONG__ == 4 && defined(__SIZEOF_INT128__)
using Word = long long;
using UnsignedWord = unsigned long long;
#else
using Word = long;
using UnsignedWord = unsigned long;
#endif

}  // namespace sysgate

#endif  // SYSGATE_WORD_H_
