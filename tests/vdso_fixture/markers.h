// SPDX-License-Identifier: Apache-2.0
// What each function of the vDSO fixture returns, so that a test calling
// the address ParseVdso found knows it found that function and no other.
// Shared by vdso_fixture.c and tests/vdso_fixture_test.cc.

#ifndef SYSGATE_TESTS_VDSO_FIXTURE_MARKERS_H_
#define SYSGATE_TESTS_VDSO_FIXTURE_MARKERS_H_

#define SYSGATE_VDSO_MARK_CLOCK_GETTIME 0x5d501
#define SYSGATE_VDSO_MARK_GETTIMEOFDAY 0x5d502
#define SYSGATE_VDSO_MARK_TIME 0x5d503
#define SYSGATE_VDSO_MARK_GETRANDOM 0x5d504
// Defined under a version other than the architecture's: must not be found.
#define SYSGATE_VDSO_MARK_GETCPU_WRONG_VERSION 0x5d5f1
// The other architectures' prefix, right version: must not be found.
#define SYSGATE_VDSO_MARK_CLOCK_GETRES_WRONG_PREFIX 0x5d5f2

#endif  // SYSGATE_TESTS_VDSO_FIXTURE_MARKERS_H_
