#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Test runner for cross builds. generated/cross.bazelrc (from the build keys
# of tables/linux/ARCH.abi) sets, per architecture,
#   test:CPU --run_under="//toolchains:qemu_run MACHINE QEMU SYSROOT NATIVE"
# so Bazel calls it as
#
#   qemu_run.sh MACHINE QEMU SYSROOT NATIVE TEST_EXECUTABLE [TEST_ARGS...]
#
# for every test, cc_test and sh_test alike: MACHINE is the ELF e_machine of
# the architecture's programs, QEMU the qemu-user program that runs them,
# SYSROOT the folder of their loader and libraries, NATIVE the `uname -m`
# values (comma-separated) whose kernel runs them itself. It runs
# TEST_EXECUTABLE under qemu-user when it is an ELF program for MACHINE (a
# cc_test built by the cross toolchain), and runs it directly otherwise (a
# sh_test's script, or any program for the machine we are on). binfmt_misc
# is not relied upon.
#
# Foreign programs started BY a test. A sh_test that runs a cc_binary given as
# its argument (tests/freestanding_test.sh) cannot be helped from here: its
# script is a host bash script, and it execs the binary itself. For that this
# runner exports
#
#   SYSGATE_TARGET_RUNNER="QEMU -L SYSROOT"
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

if (($# < 6)); then
  echo "usage: $0 MACHINE DATA QEMU SYSROOT NATIVE TEST_EXECUTABLE [ARGS...]" >&2
  exit 2
fi
machine=$1 data=$2 qemu=$3 sysroot=$4 native=" ${5//,/ } "
shift 5

# Prints the EI_DATA byte of an ELF file (1 little-endian, 2 big-endian),
# or nothing for anything else.
elf_data() {
  [[ -f "$1" && -r "$1" ]] || return 0
  local ident
  ident=$(od -An -tx1 -N6 -- "$1" | tr -d ' \n')
  [[ "$ident" == 7f454c46* ]] || return 0
  echo $((10#${ident:10:2}))
}

# Prints the e_machine of an ELF file, read in the file's own byte order,
# or nothing for anything else.
elf_machine() {
  local data low high
  data=$(elf_data "$1")
  [[ -n "$data" ]] || return 0
  read -r low high < <(od -An -tu1 -j18 -N2 -- "$1")
  if ((data == 2)); then
    echo $((low * 256 + high))
  else
    echo $((high * 256 + low))
  fi
}

if [[ "$native" == *" $(uname -m) "* && "$(elf_data "$BASH")" == "$data" ]]; then
  # Native after all: nothing to emulate, and no runner for sh_tests.
  unset SYSGATE_TARGET_RUNNER
  exec "$@"
fi

if ! command -v "$qemu" >/dev/null || [[ ! -d "$sysroot/lib" ]]; then
  echo "qemu_run.sh: $qemu or $sysroot missing; ./bazelw installs qemu-user and the cross toolchains" >&2
  exit 2
fi

export SYSGATE_TARGET_RUNNER="$qemu -L $sysroot"

found=$(elf_machine "$1")
if [[ "$found" == "$machine" ]]; then
  exec $SYSGATE_TARGET_RUNNER "$@"
fi
if [[ -n "$found" && "$found" != "$(elf_machine "$BASH")" ]]; then
  echo "qemu_run.sh: $1 is an ELF program for machine $found, neither $machine (what $qemu runs) nor this host's" >&2
  exit 2
fi
exec "$@"
