#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Runs freestanding_core (the uniform API without libc) and checks that every
# check it prints passed and that it exited with 42.
#
# In a cross build the program is foreign: $SYSGATE_TARGET_RUNNER (set by
# toolchains/ for --config=aarch64 and riscv64) names the emulator to run it.
set -u
output=$(${SYSGATE_TARGET_RUNNER:-} "$1")
code=$?
echo "$output"
fail=0
if [[ $code -ne 42 ]]; then
  echo "exit code: got $code, want 42"; fail=1
fi
if [[ $(grep -c '^ok: ' <<<"$output") -ne 6 ]]; then
  echo "want six 'ok:' lines"; fail=1
fi
exit $fail
