#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds and runs the peers' programs: sysgate's benchmarks written for musl,
nolibc, Go and rustix.

    python3 bench/peers/peers.py          print what it measured
    python3 bench/peers/peers.py --json   the same as JSON (run_benchmarks.py)

Every program is built here, offline, into a scratch folder: musl with
`musl-gcc -static`, nolibc from the kernel source's tools/include/nolibc
(--nolibc, or $SYSGATE_NOLIBC), Go with `go build` (no modules, so nothing
to download), rustix with `cargo build --offline` against Debian's packaged
crates in /usr/share/cargo/registry. These toolchains are for the benchmark
only: a peer whose toolchain is missing is reported missing, and nothing in
the library or its tests needs them.

Each timed program prints the median of five runs of COUNT calls (wall
time, in its own loop); instructions per call come from callgrind, as
run_benchmarks.py counts sysgate's.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOLIBC = "/work/ksrc/linux-source-6.1/tools/include/nolibc"
CARGO_REGISTRY = "/usr/share/cargo/registry"
COUNTS = {"getppid": 200_000, "clock": 2_000_000, "pingpong": 20_000}
CALLGRIND_COUNT = 100_000

# The flags bench/write_line_and_exit is linked with (//:freestanding.bzl and
# bench/BUILD.bazel), for the size row: the same layout on both sides.
SIZE_FLAGS = [
    "-Os",
    "-static",
    "-fno-asynchronous-unwind-tables",
    "-fno-ident",
    "-fno-stack-protector",
    "-Wl,--gc-sections",
    "-Wl,--build-id=none",
    "-Wl,-z,noseparate-code",
]


def run(command, **kwargs):
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def stripped_size(program, scratch):
    stripped = scratch / (program.name + ".stripped")
    run(["strip", "--strip-all", "-o", str(stripped), str(program)])
    return stripped.stat().st_size


def build_musl(scratch):
    peer = scratch / "peer_musl"
    run(["musl-gcc", "-O2", "-static", "-o", str(peer), str(HERE / "peer.c"), "-lpthread"])
    size = scratch / "write_line_musl"
    run(["musl-gcc", *SIZE_FLAGS, "-o", str(size), str(HERE / "write_line.c")])
    return peer, size


def build_nolibc(scratch, nolibc):
    nolibc_flags = ["-nostdlib", "-include", f"{nolibc}/nolibc.h", f"-I{nolibc}", "-fno-asynchronous-unwind-tables"]
    peer = scratch / "peer_nolibc"
    run(["gcc", "-O2", "-static", *nolibc_flags, "-o", str(peer), str(HERE / "peer.c"), "-lgcc"])
    size = scratch / "write_line_nolibc"
    run(["gcc", *SIZE_FLAGS, *nolibc_flags, "-o", str(size), str(HERE / "write_line.c"), "-lgcc"])
    return peer, size


def build_go(scratch):
    peer = scratch / "go_peer"
    env = dict(os.environ, GO111MODULE="off", GOCACHE=str(scratch / "gocache"), GOPATH=str(scratch / "gopath"))
    run(["go", "build", "-o", str(peer), str(HERE / "go" / "main.go")], env=env)
    return peer, peer


def build_rustix(scratch):
    project = scratch / "rustix"
    shutil.copytree(HERE / "rustix", project)
    config = project / ".cargo" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        '[source.crates-io]\nreplace-with = "debian"\n'
        f'[source.debian]\ndirectory = "{CARGO_REGISTRY}"\n'
        "[net]\noffline = true\n"
    )
    env = dict(os.environ, CARGO_HOME=str(scratch / "cargo-home"), CARGO_TARGET_DIR=str(project / "target"))
    run(["cargo", "build", "--release", "--offline"], cwd=project, env=env)
    peer = project / "target" / "release" / "rustix_peer"
    return peer, None


def version(command):
    try:
        output = run(command)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return (output.stdout or output.stderr).splitlines()[0].strip()


def musl_version():
    """musl's dynamic libc.so says its version when run; it lies beside the
    specs file that the musl-gcc wrapper script names."""
    try:
        wrapper = Path(shutil.which("musl-gcc")).read_text()
        specs = re.search(r'-specs\s+"?([^"\s]+)', wrapper)
        said = subprocess.run([str(Path(specs.group(1)).parent / "libc.so")], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True).stdout
    except (AttributeError, OSError, UnicodeDecodeError):
        return "musl"
    words = said.split()
    return "musl " + words[words.index("Version") + 1] if "Version" in words else "musl"


def callgrind_per_call(program, scratch):
    """User-space instructions per getppid call: 2N calls less N, over N."""
    totals = []
    for count in (CALLGRIND_COUNT, 2 * CALLGRIND_COUNT):
        out = scratch / f"callgrind.{program.name}.{count}"
        run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(program), "count", str(count)])
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                totals.append(int(line.split()[1]))
                break
    return (totals[1] - totals[0]) / CALLGRIND_COUNT


def measure(nolibc):
    peers = {
        "musl": (["musl-gcc"], build_musl, musl_version() + " (musl-gcc -static)"),
        "nolibc": (["gcc"], lambda scratch: build_nolibc(scratch, nolibc), f"nolibc from {nolibc}"),
        "go": (["go"], build_go, version(["go", "version"])),
        "rustix": (["cargo"], build_rustix, "rustix " + next(
            (p.name.split("-", 1)[1] for p in sorted(Path(CARGO_REGISTRY).glob("rustix-0.35*"))), "0.35") + ", " + version(["rustc", "--version"])),
    }
    results = {"toolchains": {}, "missing": {}, "getppid": {}, "clock": {}, "pingpong": {}, "size": {}, "instructions": {}}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for name, (tools, build, described) in peers.items():
            absent = [tool for tool in tools if shutil.which(tool) is None]
            if name == "nolibc" and not Path(nolibc, "nolibc.h").exists():
                absent.append(f"{nolibc}/nolibc.h")
            if absent:
                results["missing"][name] = "not installed: " + ", ".join(absent)
                continue
            print(f"building the {name} peer ...", file=sys.stderr, flush=True)
            try:
                peer, size_program = build(scratch)
            except subprocess.CalledProcessError as failure:
                results["missing"][name] = f"build failed: {failure.stderr.strip()[-300:]}"
                continue
            results["toolchains"][name] = described
            print(f"running the {name} peer ...", file=sys.stderr, flush=True)
            for mode, count in COUNTS.items():
                if name == "nolibc" and mode == "pingpong":
                    continue  # nolibc has no threads
                results[mode][name] = float(run([str(peer), mode, str(count)]).stdout.strip())
            if size_program is not None:
                if name == "go":
                    output = run([str(size_program), "write", "0"]).stdout
                else:
                    output = run([str(size_program)]).stdout
                if output == "sysgate\n":
                    results["size"][name] = stripped_size(size_program, scratch)
            if name == "nolibc" and shutil.which("valgrind"):
                results["instructions"][name] = callgrind_per_call(peer, scratch)
    return results


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--nolibc", default=os.environ.get("SYSGATE_NOLIBC", NOLIBC), help="nolibc's headers")
    args = parser.parse_args(argv)
    results = measure(args.nolibc)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for key, values in results.items():
            print(f"{key}: {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
