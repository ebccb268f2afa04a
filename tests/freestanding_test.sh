#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Runs the libc-free program and checks its output, exit code, that it is a
# static executable with no interpreter and no dynamic section, that it
# holds exactly the stubs its arguments after the program name (where
# sysgate::sys traps inline, none: tests/BUILD.bazel says which), every other
# stub of the syscalls.S it was linked with dropped by --gc-sections, and
# that it carries none of what a program nothing unwinds or identifies does
# not need (//:freestanding.bzl).
#
# In a cross build the program is foreign: $SYSGATE_TARGET_RUNNER (set by
# toolchains/ for --config=aarch64 and riscv64) names the emulator to run it.
set -u
program="$1"
shift
want_stubs="$*"
output=$(${SYSGATE_TARGET_RUNNER:-} "$program" first "second argument")
code=$?
want=$'sysgate: hello from a program without libc\nfirst\nsecond argument'
fail=0
if [[ "$output" != "$want" ]]; then
  echo "output: got '$output', want '$want'"; fail=1
fi
if [[ $code -ne 42 ]]; then
  echo "exit code: got $code, want 42"; fail=1
fi
if readelf -l "$program" | grep -q -e INTERP -e DYNAMIC; then
  echo "$program is not a static executable:"; readelf -l "$program" | grep -e INTERP -e DYNAMIC
  fail=1
fi
symbols=$(nm "$program")
grep -qw _start <<<"$symbols" || { echo "_start is missing"; fail=1; }
stubs=$(grep -ow 'sysgate_linux_[a-z0-9_]*' <<<"$symbols" | sort | tr '\n' ' ')
if [[ "${stubs% }" != "$want_stubs" ]]; then
  echo "stubs linked in: got '${stubs% }', want '$want_stubs'"; fail=1
fi
sections=$(readelf -SW "$program")
for dropped in .eh_frame .eh_frame_hdr .comment .note.gnu.build-id; do
  if grep -qF " $dropped " <<<"$sections"; then
    echo "$program has a $dropped section"; fail=1
  fi
done
exit $fail
