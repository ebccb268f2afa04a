#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The freestanding program prints its arguments and is a static executable.
set -euo pipefail
program=$1
out=$("$program" one two)
[[ "$out" == $'one\ntwo' ]] || { echo "printed: $out"; exit 1; }
if readelf -l "$program" | grep -q -e INTERP -e DYNAMIC; then
  echo "$program is not a static executable"; exit 1
fi
