#!/bin/bash
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

# The rows every table has beyond the 6.1 uapi headers: the generic
# table's additions up to 6.18, which x86-64 numbers the same way.
after_6_1="$(
  cat <<'EOF'
extra    451 cachestat
extra    452 fchmodat2
extra    453 map_shadow_stack
extra    454 futex_wake
extra    455 futex_wait
extra    456 futex_requeue
extra    457 statmount
extra    458 listmount
extra    459 lsm_get_self_attr
extra    460 lsm_set_self_attr
extra    461 lsm_list_modules
extra    462 mseal
extra    463 setxattrat
extra    464 getxattrat
extra    465 listxattrat
extra    466 removexattrat
extra    467 open_tree_attr
extra    468 file_getattr
extra    469 file_setattr
EOF
)"

# The uapi header itself, and the same numbers as the preprocessor's -dM
# output; amd64 also has uretprobe and uprobe (6.11, 6.14) beyond 6.1.
amd64_expected="$(printf 'extra    335 uretprobe\nextra    336 uprobe\n%s' "$after_6_1")"
run_diff /usr/include/x86_64-linux-gnu/asm/unistd_64.h
expect 1 "$amd64_expected" "amd64 against <asm/unistd_64.h>"
[[ "$summary" == "21 differences (0 missing, 21 extra, 0 number) between linux/amd64 ("*" rows) and /usr/include/x86_64-linux-gnu/asm/unistd_64.h (362 rows)" ]] ||
  fail "summary"

# arm64 and riscv64: asm-generic's unistd.h, whose rows depend on the
# architecture's #defines, through the cross compiler's preprocessor.
declare -A compiler=([amd64]=x86_64-linux-gnu-gcc [arm64]=aarch64-linux-gnu-gcc
  [riscv64]=riscv64-linux-gnu-gcc)
declare -A expected=([amd64]="$amd64_expected" [arm64]="$after_6_1"
  [riscv64]="$(printf 'extra    258 riscv_hwprobe\n%s' "$after_6_1")")
for arch in amd64 arm64 riscv64; do
  "${compiler[$arch]}" -E -dM -include asm/unistd.h - </dev/null >"$tmp/$arch.h"
  run_diff --arch "$arch" "$tmp/$arch.h"
  expect 1 "${expected[$arch]}" "$arch against $arch-linux -dM <asm/unistd.h>"
  # The table's own file agrees with the compiled-in table.
  run_diff --arch="$arch" "$tables/$arch.tbl"
  expect 0 "" "$arch against $tables/$arch.tbl"
  [[ "$summary" == "no differences between linux/$arch "* ]] || fail "$arch summary"
done

# The header as it is, before the preprocessor: refused, pointing at -dM.
run_diff --arch arm64 /usr/aarch64-linux-gnu/include/asm/unistd.h
[[ "$status" == 2 && "$err" == "/usr/aarch64-linux-gnu/include/asm/unistd.h:"*"-dM"* ]] ||
  fail "raw asm/unistd.h"

# A syscall_64.tbl of a newer kernel: tuxcall renumbered, file_setattr gone,
# listns new; the x32 row is not amd64's and is only counted.
awk '$3 == "tuxcall" { $1 = 600 } $3 != "file_setattr" { print }
  END { print "470\tcommon\tlistns\t\t\tsys_listns"
        print "512\tx32\trt_sigaction\t\tcompat_sys_rt_sigaction" }' \
  "$tables/amd64.tbl" >"$tmp/syscall_64.tbl"
run_diff "$tmp/syscall_64.tbl"
expect 1 "$(printf 'missing  470 listns\nextra    469 file_setattr\nnumber   tuxcall table=184 file=600')" \
  "changed syscall_64.tbl"
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
bounded_diff() {
  status=0
  out="$( (ulimit -v 262144; timeout 10 "$tool" diff "$@") 2>"$tmp/stderr")" || status=$?
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
