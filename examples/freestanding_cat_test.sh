#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Runs freestanding_cat on a small file and on one that does not exist, and
# checks what it writes and its exit code. In a cross build the program is
# foreign: $SYSGATE_TARGET_RUNNER (set by toolchains/ for each cross config)
# names the emulator that runs it.
set -u
program="$1"
dir="${TEST_TMPDIR:-$(mktemp -d)}"
# Longer than the program's 4 KiB buffer, so the copy takes several reads,
# and without a trailing newline, which $(...) would hide.
want=""
for i in $(seq 1 600); do want+="line $i of a file without libc"$'\n'; done
want+="no newline"
printf '%s' "$want" >"$dir/input"
fail=0
${SYSGATE_TARGET_RUNNER-} "$program" "$dir/input" >"$dir/output"
code=$?
if ! cmp -s "$dir/input" "$dir/output"; then
  echo "output differs from the input:"; cmp "$dir/input" "$dir/output"; fail=1
fi
if [[ $code -ne 0 ]]; then
  echo "exit code: got $code, want 0"; fail=1
fi
error=$(${SYSGATE_TARGET_RUNNER-} "$program" "$dir/missing" 2>&1 >/dev/null)
code=$?
if [[ "$error" != "freestanding_cat: $dir/missing: ENOENT" || $code -ne 1 ]]; then
  echo "missing file: got '$error' and exit code $code, want 'freestanding_cat: $dir/missing: ENOENT' and 1"
  fail=1
fi
exit $fail
