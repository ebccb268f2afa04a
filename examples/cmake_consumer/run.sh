#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Builds sysgate with CMake, installs it into a temporary prefix, builds this
# consumer against the installed package (find_package and pkg-config) and
# runs its tests. .ci/run runs it; so can anyone, from any folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$work/sysgate" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/sysgate"
cmake --install "$work/sysgate" --prefix "$work/prefix" >/dev/null

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
cmake -S "$here" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer"
ctest --test-dir "$work/consumer" --output-on-failure
