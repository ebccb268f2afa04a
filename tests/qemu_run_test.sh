#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# toolchains/qemu_run.sh decides between running a test's program itself and
# running it under qemu-user. `uname -m` alone cannot decide it: a big-endian
# and a little-endian MIPS kernel both say mips. This host is little-endian
# x86-64; a stand-in `uname` says what another host would, and a stand-in
# qemu says that it was asked.
set -euo pipefail
runner="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/sysroot/lib"

fake_uname() {
  printf '#!/bin/sh\necho %s\n' "$1" >"$work/bin/uname"
  chmod +x "$work/bin/uname"
}
printf '#!/bin/sh\necho "emulated by $0 $*"\n' >"$work/bin/qemu-fake"
chmod +x "$work/bin/qemu-fake"

# The first 20 bytes of an ELF header: class ELFCLASS32, the given EI_DATA,
# and e_machine 8 (EM_MIPS) in that byte order. Enough for the runner, which
# reads only the identification and the machine; exec'ing it would fail.
elf_header() {
  local data=$1 machine
  if ((data == 2)); then machine='\000\010'; else machine='\010\000'; fi
  printf "\177ELF\001\\$(printf %03o "$data")\001\000\000\000\000\000\000\000\000\000\002\000$machine" >"$2"
}
elf_header 1 "$work/mipsle.elf"
elf_header 2 "$work/mips.elf"

run() {  # DATA PROGRAM: what the runner does with a mips program of that byte order
  PATH="$work/bin:$PATH" "$runner" 8 "$1" qemu-fake "$work/sysroot" mips "$2" 2>&1 || true
}

# On a mips host that is little-endian, as this one is, a big-endian mips
# program needs qemu.
fake_uname mips
out=$(run 2 "$work/mips.elf")
[[ "$out" == "emulated by "*"qemu-fake -L $work/sysroot $work/mips.elf" ]] || {
  echo "big-endian program on a little-endian mips host: $out" >&2
  exit 1
}
# A little-endian one runs as it is (here: exec fails, which says it was tried
# directly, not through qemu).
out=$(run 1 "$work/mipsle.elf")
[[ "$out" != *emulated* ]] || {
  echo "little-endian program on a little-endian mips host went to qemu: $out" >&2
  exit 1
}
# On any other host both need qemu.
fake_uname x86_64
for data in 1 2; do
  program="$work/mips.elf"; ((data == 2)) || program="$work/mipsle.elf"
  out=$(run "$data" "$program")
  [[ "$out" == "emulated by "* ]] || {
    echo "EI_DATA $data program on x86_64: $out" >&2
    exit 1
  }
done
echo PASS
