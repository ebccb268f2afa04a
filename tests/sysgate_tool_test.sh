#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# //tools:sysgate on x86-64: `list` prints the amd64 table, `probe` finds
# getpid implemented, a reserved row ENOSYS, and names
# the rows it does not call.
set -euo pipefail
tool="$1"
# Captured first: `tool | grep -q` would fail under pipefail whenever grep
# exits at its match before the tool has written everything (SIGPIPE).
list="$("$tool" list)"
grep -qx "getpid 39" <<<"$list"
grep -qx "read 0" <<<"$list"
probe="$("$tool" probe)"
grep -qE "^getpid +39 implemented$" <<<"$probe"
grep -qE "^afs_syscall +183 ENOSYS$" <<<"$probe"
grep -qE "^  rt_sigreturn 15: " <<<"$probe"
if "$tool" bogus 2>/dev/null; then exit 1; fi
echo PASS
