#!/bin/bash
# Runs the libc-free program and checks its output, exit code, and that it is
# a static executable with no interpreter and no dynamic section.
set -u
program="$1"
output=$("$program")
code=$?
want="sysgate: hello from a program without libc"
fail=0
if [[ "$output" != "$want" ]]; then
  echo "output: got '$output', want '$want'"; fail=1
fi
if [[ $code -ne 42 ]]; then
  echo "exit code: got $code, want 42"; fail=1
fi
if command -v readelf >/dev/null && readelf -l "$program" | grep -q -e INTERP -e DYNAMIC; then
  echo "$program is not a static executable:"; readelf -l "$program" | grep -e INTERP -e DYNAMIC
  fail=1
fi
exit $fail
