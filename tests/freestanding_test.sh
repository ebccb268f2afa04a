#!/bin/bash
# Runs the libc-free program and checks its output, exit code, that it is a
# static executable with no interpreter and no dynamic section, and that the
# linker kept the stubs it calls and dropped one it does not.
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
if command -v nm >/dev/null; then
  symbols=$(nm "$program")
  for kept in sysgate_linux_write sysgate_linux_exit_group; do
    grep -qw "$kept" <<<"$symbols" || { echo "stub $kept is missing"; fail=1; }
  done
  if grep -qw sysgate_linux_read <<<"$symbols"; then
    echo "sysgate_linux_read is linked in though nothing calls it"; fail=1
  fi
fi
exit $fail
