#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# `sysgate diff` against this machine's kernel headers (6.1) and against
# fixtures made from the tables: each difference is listed exactly, in order,
# with exit status 1; agreement exits 0; a bad file or argument exits 2 with
# `FILE:LINE:`.
set -euo pipefail
tool="$1"
tables="$PWD/tables/linux"  # //:tables, in the runfiles
tmp="$TEST_TMPDIR"

# Runs `sysgate diff ARGS...` and sets $out (stdout without its summary line),
# $summary, $err (stderr) and $status. Captured first, not piped into grep:
# under pipefail a grep that exits at its match fails the pipeline.
run_diff() {
  status=0
  out="$("$tool" diff "$@" 2>"$tmp/stderr")" || status=$?
  err="$(cat "$tmp/stderr")"
  summary="$(tail -n 1 <<<"$out")"
  out="$(sed '$d' <<<"$out")"
}

fail() {
  echo "FAIL: $*"
  echo "--- stdout:"
  echo "$out"
  echo "$summary"
  echo "--- stderr:"
  echo "$err"
  exit 1
}

expect() {  # expect STATUS EXPECTED_OUTPUT WHAT
  [[ "$status" == "$1" ]] || fail "$3: exit status $status, expected $1"
  [[ "$out" == "$2" ]] || fail "$3: differences are not the expected ones"
}

# Each architecture's table against its uapi header (6.1 here, so the tables
# have rows beyond it), as the preprocessor's -dM output of <asm/unistd.h>
# from the architecture's compiler (tables/linux/ARCH.abi's gnu_triple), and
# amd64's header as it is. The expected differences are worked out here on
# their own, from the table file and the numbers the preprocessor gives each
# __NR_ name, so no count or row list goes stale when a row is added.

# NAME NUMBER for each system call the compiler's <asm/unistd.h> defines:
# __NR_name, and ARM's private __ARM_NR_name (asm-generic defines some
# through others: the preprocessor expands them, and bash's arithmetic adds
# them up). Upper-case names are bases and masks, not calls.
header_numbers() {  # header_numbers COMPILER
  local macros
  macros=$("$1" -E -dM -include asm/unistd.h - </dev/null |
    sed -n 's/^#define \(__\(ARM_\)\{0,1\}NR_[a-z0-9_]*\) .*/\1/p' |
    grep -vx -e __NR_syscalls -e __NR_arch_specific_syscall)
  { echo '#include <asm/unistd.h>'; for m in $macros; do echo "sysgate_nr ${m#__*NR_} $m"; done; } |
    "$1" -E -P -x c - | while read -r tag name expression; do
      [[ "$tag" == sysgate_nr ]] && echo "$name $((expression))"
    done
}

# What `sysgate diff` must print for TABLE against NAME NUMBER lines: the
# header's names the table lacks, the table's names the header lacks, then
# the names numbered differently, each in number order. The header's numbers
# are the kernel's, which add the ABI's number_offset (mips n64: 5000) to the
# table's; the tool reports them as the table numbers them, less OFFSET.
expected_diff() {  # expected_diff TABLE NUMBERS_FILE [OFFSET]
  awk -v numbers="$2" -v offset="${3:-0}" '
    BEGIN { while ((getline line < numbers) > 0) { split(line, f, " "); file[f[1]] = f[2] - offset } }
    /^[0-9]/ { table[$3] = $1 }
    END {
      for (n in file) if (!(n in table)) printf "0 %012d missing  %d %s\n", file[n], file[n], n
      for (n in table) if (!(n in file)) printf "1 %012d extra    %d %s\n", table[n], table[n], n
      for (n in table) if ((n in file) && file[n] != table[n])
        printf "2 %012d number   %s table=%d file=%d\n", table[n], n, table[n], file[n]
    }' "$1" | sort | cut -d' ' -f3-
}

for abi in "$tables"/*.abi; do
  arch=$(basename "$abi" .abi)
  compiler="$(awk '$1 == "gnu_triple" { print $2 }' "$abi")-gcc"
  offset="$(awk '$1 == "number_offset" { print $2 }' "$abi")"
  header_numbers "$compiler" >"$tmp/$arch.numbers"
  "$compiler" -E -dM -include asm/unistd.h - </dev/null >"$tmp/$arch.h"
  want=$(expected_diff "$tables/$arch.tbl" "$tmp/$arch.numbers" "$offset")
  run_diff --arch "$arch" "$tmp/$arch.h"
  expect 1 "$want" "$arch against $compiler -dM <asm/unistd.h>"
  rows=$(grep -c '^[0-9]' "$tables/$arch.tbl")
  in_header=$(wc -l <"$tmp/$arch.numbers")
  [[ "$summary" == "$(wc -l <<<"$want") differences ("*") between linux/$arch ($rows rows) and $tmp/$arch.h ($in_header rows)" ]] ||
    fail "$arch summary"
  # The table's own file agrees with the compiled-in table.
  run_diff --arch="$arch" "$tables/$arch.tbl"
  expect 0 "" "$arch against $tables/$arch.tbl"
  [[ "$summary" == "no differences between linux/$arch "* ]] || fail "$arch summary"
done
header=/usr/include/x86_64-linux-gnu/asm/unistd_64.h
run_diff "$header"
expect 1 "$(expected_diff "$tables/amd64.tbl" "$tmp/amd64.numbers")" "amd64 against $header"

# The header as it is, before the preprocessor: refused, pointing at -dM.
run_diff --arch arm64 /usr/aarch64-linux-gnu/include/asm/unistd.h
[[ "$status" == 2 && "$err" == "/usr/aarch64-linux-gnu/include/asm/unistd.h:"*"-dM"* ]] ||
  fail "raw asm/unistd.h"

# A syscall_64.tbl of a newer kernel: a call one above the table's highest
# number, the highest row gone, the first row renumbered; the x32 row is not
# amd64's and is only counted.
read -r first_number first_name < <(awk '/^[0-9]/ { print $1, $3; exit }' "$tables/amd64.tbl")
read -r last_number last_name < <(awk '/^[0-9]/ { n = $1; name = $3 } END { print n, name }' "$tables/amd64.tbl")
next=$((last_number + 1))
moved=$((next + 100))
awk -v first="$first_name" -v last="$last_name" -v next_number="$next" -v moved="$moved" '
  $3 == first { $1 = moved } $3 != last { print }
  END { print next_number "\tcommon\tsysgate_new_call\t\t\tsys_sysgate_new_call"
        print "512\tx32\trt_sigaction\t\tcompat_sys_rt_sigaction" }' \
  "$tables/amd64.tbl" >"$tmp/syscall_64.tbl"
run_diff "$tmp/syscall_64.tbl"
expect 1 "$(printf 'missing  %d sysgate_new_call\nextra    %d %s\nnumber   %s table=%d file=%d' \
  "$next" "$last_number" "$last_name" "$first_name" "$first_number" "$moved")" "changed syscall_64.tbl"
[[ "$summary" == "3 differences (1 missing, 1 extra, 1 number) between linux/amd64 ("*"; not compared: 1 x32)" ]] ||
  fail "changed syscall_64.tbl summary"

# scripts/syscall.tbl: riscv64 counts the riscv rows but not the 32-bit,
# renameat (arm64's) or other architectures' rows.
cat "$tables/riscv64.tbl" - >"$tmp/syscall.tbl" <<'EOF'
4	time32	io_getevents			sys_io_getevents_time32
38	renameat renameat			sys_renameat
244	csky	cacheflush			sys_cacheflush
EOF
run_diff --arch riscv64 "$tmp/syscall.tbl"
expect 0 "" "riscv64 against scripts/syscall.tbl rows"
[[ "$summary" == *"; not compared: 1 csky, 1 renameat, 1 time32)" ]] || fail "syscall.tbl summary"

# Malformed files: exit 2 naming the file and line.
sed '20s/.*/19\tcommon/' "$tables/amd64.tbl" >"$tmp/short_row.tbl"
run_diff "$tmp/short_row.tbl"
[[ "$status" == 2 && "$err" == "$tmp/short_row.tbl:20: "* ]] || fail "short row"
printf '#define __NR_read 0\n#define __NR_write (__NR_read + \n' >"$tmp/bad.h"
run_diff "$tmp/bad.h"
[[ "$status" == 2 && "$err" == "$tmp/bad.h:2: __NR_write "* ]] || fail "bad expression"

# A missing file, a bad architecture, no file.
run_diff "$tmp/no_such_file"
[[ "$status" == 2 && "$err" == "$tmp/no_such_file: "* ]] || fail "missing file"
run_diff --arch mips "$tables/amd64.tbl"
[[ "$status" == 2 ]] || fail "unknown architecture"
run_diff
[[ "$status" == 2 ]] || fail "no file"
# Files that are no syscall table, each refused with exit 2 and a message
# naming it, within 10 s and 256 MiB of address space: the tool must neither
# wait on a FIFO nor read a device or a huge file into memory.
# A sanitizer's runtime reserves terabytes of address space for its shadow
# memory, so under --config=asan or tsan only the time is bounded.
memory_limit=262144  # KiB
tool_symbols="$(nm "$tool" 2>/dev/null || true)"  # captured: grep -q under pipefail
if grep -q -e __asan_init -e __tsan_init <<<"$tool_symbols"; then
  memory_limit=unlimited
fi
bounded_diff() {
  status=0
  out="$( (ulimit -v "$memory_limit"; timeout 10 "$tool" diff "$@") 2>"$tmp/stderr")" || status=$?
  err="$(cat "$tmp/stderr")"
}
bounded_diff /dev/zero
[[ "$status" == 2 && "$err" == "/dev/zero: a character device, not a syscall table or header" ]] ||
  fail "/dev/zero"
mkfifo "$tmp/fifo"
bounded_diff "$tmp/fifo"
[[ "$status" == 2 && "$err" == "$tmp/fifo: a FIFO, not a syscall table or header" ]] || fail "FIFO"
bounded_diff "$tmp"
[[ "$status" == 2 && "$err" == "$tmp: a directory, not a syscall table or header" ]] || fail "directory"
: >"$tmp/empty"
bounded_diff "$tmp/empty"
[[ "$status" == 2 && "$err" == "$tmp/empty: no rows of ABI 64 or common" ]] || fail "empty file"
truncate -s 1G "$tmp/huge"
bounded_diff "$tmp/huge"
[[ "$status" == 2 && "$err" == "$tmp/huge: larger than 16 MiB, more than any syscall table or header" ]] ||
  fail "huge file"
# A file that grows past the limit as it is read: a size of 0 from stat
# (as /proc files report) must not lift the bound. Here, a sparse file just
# over the limit, whose stat size would pass a check made on st_size alone.
truncate -s $((16 * 1024 * 1024 + 1)) "$tmp/just_over"
bounded_diff "$tmp/just_over"
[[ "$status" == 2 && "$err" == "$tmp/just_over: larger than 16 MiB"* ]] || fail "just over the limit"
# Binary bytes are not echoed: a NUL is refused by line, and a control or
# non-ASCII byte in a quoted row comes back escaped.
printf '0\tcommon\tread\tsys_read\n\x7fELF\x00\x01\n' >"$tmp/binary"
bounded_diff "$tmp/binary"
[[ "$status" == 2 && "$err" == "$tmp/binary:2: a NUL byte: a binary file, not a syscall table or header" ]] ||
  fail "binary file"
printf '0\tcommon\tre\x1b[31mad\xff\tsys_read\n' >"$tmp/escape.tbl"
bounded_diff "$tmp/escape.tbl"
[[ "$status" == 2 && "$err" == "$tmp/escape.tbl:1: bad system call name \`re\\x1b[31mad\\xff\`" ]] ||
  fail "escaped bytes"

# --help: the usage on stdout, exit 0; a wrong argument: on stderr, exit 2.
status=0
out="$("$tool" --help 2>"$tmp/stderr")" || status=$?
[[ "$status" == 0 && "$out" == "usage: sysgate "* && ! -s "$tmp/stderr" ]] || fail "--help"
status=0
out="$("$tool" diff --help 2>"$tmp/stderr")" || status=$?
[[ "$status" == 0 && "$out" == "usage: sysgate "* ]] || fail "diff --help"
status=0
"$tool" --frobnicate >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
[[ "$status" == 2 && ! -s "$tmp/stdout" && "$(cat "$tmp/stderr")" == "usage: sysgate "* ]] || fail "bad option"
echo PASS
