// SPDX-License-Identifier: Apache-2.0
// sysgate::int64_t, the uniform API's type for nanoseconds: 64 bits on every
// architecture, so that a time after 2038 (or a timeout of years) fits on
// the 32-bit ones, where a long would not. The compiler's own name for
// <stdint.h>'s int64_t, and so the same type as std::int64_t, without that
// header: the core and its callers may be built with -nostdinc.

#ifndef SYSGATE_INT64_H_
#define SYSGATE_INT64_H_

namespace sysgate {

using int64_t = __INT64_TYPE__;
static_assert(sizeof(int64_t) == 8);

}  // namespace sysgate

#endif  // SYSGATE_INT64_H_
