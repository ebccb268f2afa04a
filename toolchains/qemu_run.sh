#!/bin/bash
# Test runner for cross builds: `test:ARCH --run_under="//toolchains:qemu_run ARCH"`
# in .bazelrc. Bazel calls it as
#
#   qemu_run.sh ARCH TEST_EXECUTABLE [TEST_ARGS...]
#
# for every test, cc_test and sh_test alike. It runs TEST_EXECUTABLE under
# qemu-user when it is an ELF program for ARCH (a cc_test built by the cross
# toolchain), and runs it directly otherwise (a sh_test's script, or any
# program for the machine we are on). binfmt_misc is not relied upon.
#
# Foreign programs started BY a test. A sh_test that runs a cc_binary given as
# its argument (tests/freestanding_test.sh) cannot be helped from here: its
# script is a host bash script, and it execs the binary itself. For that this
# runner exports
#
#   SYSGATE_TARGET_RUNNER="qemu-ARCH -L /usr/TRIPLE"
#
# and such a script must start a target binary as
#
#   ${SYSGATE_TARGET_RUNNER-} "$program" args...     # unquoted: it is words
#
# The variable is unset in a native build (no --config) and when the machine
# runs the target's programs itself (its own architecture, or i386 on
# x86-64), so the same line runs the program directly.
# Only prefix it to programs built for the target (cc_binary in data), never to
# host tools or scripts. Host binutils (readelf, nm) read foreign ELF files.
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 ARCH TEST_EXECUTABLE [ARGS...]" >&2
  exit 2
fi
arch=$1
shift

# ELF e_machine: EM_AARCH64 = 183, EM_RISCV = 243, EM_386 = 3, EM_ARM = 40. `native` lists
# the machines (uname -m) that run ARCH's programs themselves.
case "$arch" in
  aarch64) machine=183 native=aarch64 qemu=qemu-aarch64 sysroot=/usr/aarch64-linux-gnu ;;
  riscv64) machine=243 native=riscv64 qemu=qemu-riscv64 sysroot=/usr/riscv64-linux-gnu ;;
  # An x86-64 kernel runs i386 programs itself (CONFIG_IA32_EMULATION) and
  # gives them its 32-bit vDSO, which qemu-i386 would not; their loader and
  # libraries are the host's multilib ones (/lib/ld-linux.so.2 from
  # libc6-i386, lib32stdc++6; ./bazelw installs them).
  i386) machine=3 native="i386 i686 x86_64" qemu=qemu-i386 sysroot=/usr/i686-linux-gnu ;;
  arm) machine=40 native="armv7l" qemu=qemu-arm sysroot=/usr/arm-linux-gnueabihf ;;
  *)
    echo "qemu_run.sh: unknown architecture '$arch'" >&2
    exit 2
    ;;
esac

if [[ " $native " == *" $(uname -m) "* ]]; then
  # Native after all: nothing to emulate, and no runner for sh_tests.
  unset SYSGATE_TARGET_RUNNER
  exec "$@"
fi

if ! command -v "$qemu" >/dev/null || [[ ! -d "$sysroot/lib" ]]; then
  echo "qemu_run.sh: $qemu or $sysroot missing; ./bazelw installs qemu-user and the cross toolchains" >&2
  exit 2
fi

export SYSGATE_TARGET_RUNNER="$qemu -L $sysroot"

# Prints the e_machine of an ELF file (little-endian, as all targets here
# are), or nothing for anything else.
elf_machine() {
  [[ -f "$1" && -r "$1" ]] || return 0
  [[ "$(od -An -tx1 -N4 -- "$1" | tr -d ' \n')" == 7f454c46 ]] || return 0
  od -An -tu2 -j18 -N2 -- "$1" | tr -d ' \n'
}

found=$(elf_machine "$1")
if [[ "$found" == "$machine" ]]; then
  exec $SYSGATE_TARGET_RUNNER "$@"
fi
if [[ -n "$found" && "$found" != "$(elf_machine "$BASH")" ]]; then
  echo "qemu_run.sh: $1 is an ELF program for machine $found, neither $arch ($machine) nor this host's" >&2
  exit 2
fi
exec "$@"
