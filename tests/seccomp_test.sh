#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The libc-free program and the tour, each under a seccomp filter allowing
# only the system calls it is documented to make (tests/seccomp/*.allow),
# still succeed. And the filter bites: without `write` in the list, the
# libc-free program is killed with SIGSYS. The tour is `-` where it is not
# built (linux/386, whose core is not ported yet).
set -u
run=$1 freestanding=$2 tour=$3 allow_dir=$(dirname "$4")
# Under --config=libc, a fifth argument: the calls the libc backend adds.
cat "$allow_dir/tour.allow" ${5:+"$5"} >"$TEST_TMPDIR/tour.allow"
fail=0

output=$("$run" "$allow_dir/freestanding.allow" "$freestanding" one two)
code=$?
if [[ $code -ne 42 || "$output" != $'sysgate: hello from a program without libc\none\ntwo' ]]; then
  echo "freestanding_hello under its allowlist: exit $code, output '$output'"; fail=1
fi

grep -v '^write' "$allow_dir/freestanding.allow" >"$TEST_TMPDIR/no_write.allow"
"$run" "$TEST_TMPDIR/no_write.allow" "$freestanding" >/dev/null 2>&1
code=$?
if [[ $code -ne $((128 + 31)) ]]; then
  echo "without write in its allowlist, freestanding_hello should die of SIGSYS (159): exit $code"
  fail=1
fi

if [[ "$tour" != - ]]; then
  output=$("$run" "$TEST_TMPDIR/tour.allow" "$tour" 2>&1)
  code=$?
  if [[ $code -ne 0 || "$output" != *"system calls, "*"typed signatures"* ]]; then
    echo "tour under its allowlist: exit $code, output:"; echo "$output"; fail=1
  fi
fi
exit $fail
