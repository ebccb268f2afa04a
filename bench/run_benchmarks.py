#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs sysgate's benchmarks and its peers' and prints one table of targets.

    ./bazelw run -c opt //bench                      print the table
    ./bazelw run -c opt //bench -- --write-results   and rewrite bench/RESULTS.md
    ./bazelw run -c opt //bench -- --repetitions=40  more repetitions (20)

Bazel passes the binaries (bench/BUILD.bazel). Each Google Benchmark binary
runs with repetitions, randomly interleaved so that a slow spell of the
machine is spread over both sides of a pair, and only medians are compared.
Instruction counts come from valgrind's callgrind, which is not timing and
not noisy. The peers (musl, nolibc, Go, rustix) are built and run by
bench/peers/peers.py, where their toolchains are installed; --no-peers
leaves them out. --smoke (bench_smoke_test) only checks that every binary
starts and that every benchmark the table names exists, and needs no peer.
"""

import argparse
import dataclasses
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# What a benchmark's name may end in: who implements it.
SYSGATE_SUFFIXES = ("_sysgate", "_sysgate_inline")
BASELINE_SUFFIXES = ("_glibc", "_glibc_syscall", "_asm", "_pthread", "_std", "_futex")
CALLGRIND_COUNT = 100_000
GENERATE_RUNS = 5
REPETITIONS = 20
# The pipe ping-pong's ratio is the median of this many runs of its pair.
PING_PONG_RUNS = 5
PING_PONG_REPETITIONS = 5
RESULTS = "bench/RESULTS.md"
COMMAND = "./bazelw run -c opt //bench -- --write-results"


@dataclasses.dataclass(frozen=True)
class Pair:
    """A row comparing medians of two benchmarks of one binary."""

    what: str
    binary: str
    sysgate: str
    baseline: str
    max_ratio: float
    # "cpu": the calling thread's CPU time, for a loop on one thread, so that
    # time the thread spends preempted on a shared machine does not count.
    # "real": wall time, for work that two threads do together.
    clock: str = "real"
    counter: str = ""  # compare this counter instead of a time


# The targets, in their order in the table. Rows that are not a pair of
# benchmarks are measured by the functions that main() lists.
PAIRS = {
    "getppid": Pair("`getppid` loop, `sysgate::sys`", "syscall_bench", "BM_getppid_sysgate", "BM_getppid_asm", 1.02, "cpu"),
    "getppid_inline": Pair("`getppid` loop, `sysgate::sys_inline`", "syscall_bench", "BM_getppid_sysgate_inline", "BM_getppid_asm", 1.03, "cpu"),
    "libc_call": Pair("libc call through `LibcCall`", "libc_call_bench", "BM_libc_getppid_sysgate", "BM_libc_getppid_glibc", 1.03, "cpu"),
    "clock": Pair("monotonic clock", "clock_bench", "BM_monotonic_clock_sysgate", "BM_monotonic_clock_glibc", 1.00, "cpu"),
    "thread": Pair("spawn + join a thread", "thread_bench", "BM_spawn_join_sysgate", "BM_spawn_join_pthread", 0.80),
    "parker_one_cpu": Pair("parker ping-pong, pinned to one CPU, against a plain futex", "wait_bench", "BM_ping_pong_one_cpu_sysgate", "BM_ping_pong_one_cpu_futex", 1.00),
    "parker": Pair("parker ping-pong, unpinned, against std", "wait_bench", "BM_ping_pong_sysgate", "BM_ping_pong_std", 0.10),
    "poller_wait": Pair("`Poller::Wait`, ready, zero timeout, one thread", "poller_bench", "BM_wait_ready_sysgate", "BM_wait_ready_glibc", 1.02, "cpu"),
    "poller": Pair("pipe ping-pong through the poller", "poller_bench", "BM_pipe_ping_pong_sysgate", "BM_pipe_ping_pong_glibc", 1.00),
}
TWO_CPUS = Pair("parker ping-pong, pinned to two CPUs", "wait_bench", "BM_ping_pong_two_cpus_sysgate", "BM_ping_pong_two_cpus_futex", 0)
MAX_TWO_CPUS_NANOS = 1000
PARKED_CPU = Pair("CPU used by a parked waiter over 1 s", "wait_bench", "BM_parked_waiter_cpu_sysgate", "BM_parked_waiter_cpu_std", 0, counter="cpu_percent")
MAX_PARKED_CPU_PERCENT = 1.0
MAX_INSTRUCTION_RATIO = 1.00  # against nolibc
MAX_GENERATE_SECONDS = 0.5
MAX_FREESTANDING_RATIO = 1.00  # against nolibc
CALLGRIND_FORMS = ("sysgate", "sysgate_inline", "glibc_syscall", "glibc")


@dataclasses.dataclass
class Row:
    what: str
    sysgate: str
    baseline: str
    ratio: str
    target: str
    met: object  # True, False, or None when not measured

    def cells(self):
        met = {True: "yes", False: "**no**", None: "-"}[self.met]
        return [self.what, self.sysgate, self.baseline, self.ratio, self.target, met]


def format_nanos(nanos):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if nanos >= scale:
            return f"{nanos / scale:.3g} {unit}"
    return f"{nanos:.3g} ns"


def function_name(run_name):
    """BM_spawn_join_sysgate/real_time -> BM_spawn_join_sysgate."""
    return run_name.split("/", 1)[0]


def run_benchmarks(binary, repetitions, extra):
    """Median real time (ns), CPU time (ns) and counters per benchmark."""
    print(f"running {Path(binary).name} ...", file=sys.stderr, flush=True)
    command = [
        binary,
        f"--benchmark_repetitions={repetitions}",
        "--benchmark_report_aggregates_only=true",
        "--benchmark_enable_random_interleaving=true",
        "--benchmark_format=json",
        *extra,
    ]
    report = json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE).stdout)
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    medians = {}
    for entry in report["benchmarks"]:
        if entry.get("aggregate_name") != "median":
            continue
        unit = scale[entry["time_unit"]]
        medians[function_name(entry["run_name"])] = {
            "real": entry["real_time"] * unit,
            "cpu": entry["cpu_time"] * unit,
            **{k: v for k, v in entry.items() if k == "cpu_percent"},
        }
    return medians


def format_ratio(ratio, limit):
    """Two decimals, or three where two would round a ratio past its limit
    onto it (1.003 against <= 1.00 reads 1.003, not 1.00)."""
    two = f"{ratio:.2f}"
    return two if (ratio <= limit) == (float(two) <= limit) else f"{ratio:.3f}"


def pair_row(pair, medians):
    runs = medians.get(pair.binary, {})
    if pair.sysgate not in runs or pair.baseline not in runs:
        return Row(pair.what, "missing", "missing", "-", f"<= {pair.max_ratio:.2f}", False)
    ours, theirs = runs[pair.sysgate][pair.clock], runs[pair.baseline][pair.clock]
    ratio = ours / theirs
    what = f"{pair.what} ({'CPU' if pair.clock == 'cpu' else 'wall'} time)"
    return Row(what, format_nanos(ours), format_nanos(theirs), format_ratio(ratio, pair.max_ratio), f"<= {pair.max_ratio:.2f}", ratio <= pair.max_ratio)


def parked_cpu_row(medians):
    runs = medians.get(PARKED_CPU.binary, {})
    ours = runs.get(PARKED_CPU.sysgate, {}).get(PARKED_CPU.counter)
    theirs = runs.get(PARKED_CPU.baseline, {}).get(PARKED_CPU.counter)
    if ours is None:
        return Row(PARKED_CPU.what, "missing", "-", "-", f"< {MAX_PARKED_CPU_PERCENT:g}%", False)
    baseline = "-" if theirs is None else f"{theirs:.3f}% (std)"
    return Row(PARKED_CPU.what, f"{ours:.3f}%", baseline, "-", f"< {MAX_PARKED_CPU_PERCENT:g}%", ours < MAX_PARKED_CPU_PERCENT)


def callgrind_instructions(program, form, count, scratch):
    out = scratch / f"callgrind.{form}.{count}"
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", program, form, str(count)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for line in out.read_text().splitlines():
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"no instruction total in {out}")


def instructions_per_call(program, scratch):
    """User-space instructions per getppid call, loop included, per form:
    the difference between 2N and N calls, so start-up cancels out."""
    if shutil.which("valgrind") is None:
        return {}
    print("running callgrind ...", file=sys.stderr, flush=True)
    counts = {}
    for form in CALLGRIND_FORMS:
        once = callgrind_instructions(program, form, CALLGRIND_COUNT, scratch)
        twice = callgrind_instructions(program, form, 2 * CALLGRIND_COUNT, scratch)
        counts[form] = (twice - once) / CALLGRIND_COUNT
    return counts


def instructions_row(counts, peers):
    what = "user instructions per call, `sysgate::sys` (callgrind)"
    target = f"<= {MAX_INSTRUCTION_RATIO:.2f}"
    theirs = peers.get("instructions", {}).get("nolibc")
    if not counts or theirs is None:
        missing = "valgrind not installed" if not counts else "-"
        return Row(what, missing, "nolibc not measured", "-", target, None)
    ours = counts["sysgate"]
    ratio = ours / theirs
    return Row(what, f"{ours:.1f}", f"{theirs:.1f} (nolibc)", format_ratio(ratio, MAX_INSTRUCTION_RATIO), target, ratio <= MAX_INSTRUCTION_RATIO)


def two_cpus_row(medians):
    runs = medians.get(TWO_CPUS.binary, {})
    target = f"<= {format_nanos(MAX_TWO_CPUS_NANOS)} a round trip"
    what = f"{TWO_CPUS.what} (wall time)"
    if TWO_CPUS.sysgate not in runs:
        return Row(what, "missing", "-", "-", target, False)
    ours = runs[TWO_CPUS.sysgate]["real"]
    theirs = runs.get(TWO_CPUS.baseline, {}).get("real")
    baseline = "-" if theirs is None else f"{format_nanos(theirs)} (plain futex)"
    return Row(what, format_nanos(ours), baseline, "-", target, ours <= MAX_TWO_CPUS_NANOS)


def ping_pong_runs(binary, runs):
    """The pipe ping-pong pair run `runs` times: its ratio in each run."""
    pair = PAIRS["poller"]
    ratios = []
    for _ in range(runs):
        medians = run_benchmarks(binary, PING_PONG_REPETITIONS, [f"--benchmark_filter=BM_pipe_ping_pong_"])
        ratios.append(medians[pair.sysgate]["real"] / medians[pair.baseline]["real"])
    return ratios


def ping_pong_row(ratios):
    pair = PAIRS["poller"]
    what = f"{pair.what} (wall time), median of {len(ratios)} runs"
    target = f"<= {pair.max_ratio:.2f}"
    if not ratios:
        return Row(what, "missing", "-", "-", target, False)
    ratio = statistics.median(ratios)
    each = ", ".join(f"{r:.2f}" for r in ratios)
    return Row(what, f"ratios {each}", "-", format_ratio(ratio, pair.max_ratio), target, ratio <= pair.max_ratio)


def generate_seconds(generator, scratch):
    """Median wall time of rendering every table, Python's start-up included."""
    print("timing the generator ...", file=sys.stderr, flush=True)
    root = Path(generator).parent.parent
    times = []
    for run in range(GENERATE_RUNS):
        start = time.monotonic()
        subprocess.run(
            ["python3", generator, "--root", str(root), "generate", "--out", str(scratch / f"generated{run}")],
            check=True,
        )
        times.append(time.monotonic() - start)
    return statistics.median(times)


def generate_row(seconds):
    return Row("generate every table", f"{seconds:.2f} s", "-", "-", f"< {MAX_GENERATE_SECONDS:g} s", seconds < MAX_GENERATE_SECONDS)


def stripped_size(program, scratch):
    stripped = scratch / "stripped"
    subprocess.run(["strip", "--strip-all", "-o", str(stripped), program], check=True)
    return stripped.stat().st_size


def freestanding_row(program, scratch, peers):
    what = 'freestanding "write a line and exit", stripped'
    target = f"<= {MAX_FREESTANDING_RATIO:.2f}"
    output = subprocess.run([program], stdout=subprocess.PIPE).stdout
    if output != b"sysgate\n":
        return Row(what, f"wrong output {output!r}", "-", "-", target, False)
    size = stripped_size(program, scratch)
    theirs = peers.get("size", {}).get("nolibc")
    if theirs is None:
        return Row(what, f"{size} bytes", "nolibc not measured", "-", target, None)
    ratio = size / theirs
    return Row(what, f"{size} bytes", f"{theirs} bytes (nolibc)", format_ratio(ratio, MAX_FREESTANDING_RATIO), target, ratio <= MAX_FREESTANDING_RATIO)


def table(rows, header):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def target_table(rows):
    return table([r.cells() for r in rows], ["benchmark", "sysgate median", "baseline median", "ratio", "target", "met?"])


def all_benchmarks_table(medians):
    rows = []
    for binary, runs in medians.items():
        for name, run in runs.items():
            extra = f"{run['cpu_percent']:.3f}% CPU" if "cpu_percent" in run else ""
            rows.append([f"{binary}", name, format_nanos(run["real"]), format_nanos(run["cpu"]), extra])
    return table(rows, ["binary", "benchmark", "real time", "CPU time (calling thread)", "counter"])


def instructions_table(counts):
    if not counts:
        return "valgrind is not installed: no instruction counts."
    rows = [[f"getppid_{form}", f"{counts[form]:.1f}"] for form in CALLGRIND_FORMS]
    return table(rows, ["loop", "user-space instructions per call"])


PEER_NAMES = ("musl", "nolibc", "go", "rustix")
# Peer rows: (what, peers.py's key, sysgate's benchmark or None).
PEER_ROWS = [
    ("`getppid` loop, per call", "getppid", ("syscall_bench", "BM_getppid_sysgate")),
    ("monotonic clock, per read", "clock", ("clock_bench", "BM_monotonic_clock_sysgate")),
    ("ping-pong between two threads, per round trip (unpinned)", "pingpong", ("wait_bench", "BM_ping_pong_sysgate")),
]


def run_peers(script, enabled):
    """peers.py's measurements, or empty ones where it is not run."""
    if not enabled:
        return {"missing": {name: "not run (--no-peers)" for name in PEER_NAMES}}
    print("building and running the peers ...", file=sys.stderr, flush=True)
    output = subprocess.run([sys.executable, script, "--json"], check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output)


def peers_table(peers, medians, counts, freestanding_size):
    header = ["what", "sysgate", "musl", "nolibc", "Go", "rustix"]
    rows = []
    for what, key, (binary, benchmark) in PEER_ROWS:
        ours = medians.get(binary, {}).get(benchmark, {}).get("real")
        row = [what, "-" if ours is None else format_nanos(ours)]
        row += [format_nanos(peers[key][n]) if n in peers.get(key, {}) else "-" for n in PEER_NAMES]
        rows.append(row)
    sizes = peers.get("size", {})
    rows.append(['"write a line and exit", stripped', f"{freestanding_size} bytes"] +
                [f"{sizes[n]} bytes" if n in sizes else "-" for n in PEER_NAMES])
    instructions = peers.get("instructions", {})
    rows.append(["user instructions per `getppid` call (callgrind)", f"{counts['sysgate']:.1f}" if counts else "-"] +
                [f"{instructions[n]:.1f}" if n in instructions else "-" for n in PEER_NAMES])
    return table(rows, header)


def peers_markdown(peers, medians, counts, freestanding_size):
    toolchains = "\n".join(f"- {name}: {peers['toolchains'][name]}" for name in PEER_NAMES if name in peers.get("toolchains", {}))
    missing = "\n".join(f"- {name}: {why}" for name, why in peers.get("missing", {}).items())
    return f"""{peers_table(peers, medians, counts, freestanding_size)}

The same programs in each (bench/peers/): the getppid loop, a monotonic
clock read, two threads handing a turn back and forth (Go: two goroutines
over unbuffered channels; musl: a pthread mutex and condition variable;
rustix: std's thread::park and unpark; nolibc has no threads), and the
freestanding program, linked with the same flags as sysgate's. Each peer's
time is the median of five runs of its own loop (wall time); sysgate's is
its benchmark's median real time above. Built with:

{toolchains or "- none"}
{(chr(10) + "Not measured:" + chr(10) + chr(10) + missing + chr(10)) if missing else ""}"""


def machine():
    model = "unknown"
    lscpu = subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True).stdout
    for line in lscpu.splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    compiler = subprocess.run(["gcc", "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
    return [
        f"CPU: {model}, {os.cpu_count()} CPUs",
        f"kernel: {os.uname().release}",
        f"glibc: {os.confstr('CS_GNU_LIBC_VERSION')}",
        f"compiler: {compiler}",
    ]


def revision(workspace):
    git = ["git", "-C", workspace]
    head = subprocess.run(git + ["log", "-1", "--format=%h %s"], stdout=subprocess.PIPE, text=True).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE, text=True).stdout
    return head + (" (with uncommitted changes)" if dirty else "")


# Why each row is what it is: what was measured (perf has no hardware
# counters in this VM, so callgrind and objdump -d) and, where a target can
# be missed, why and what would close it.
NOTES = [
    ("`getppid` loop, `sysgate::sys`",
     "`sysgate::sys::getppid()` is the inline trap of `sys_inline`: built "
     "with -c opt, the benchmark's loop is `mov %rsi,%rax; syscall; sub "
     "$0x1,%rdx; jne`, the same instructions as the hand-written asm's "
     "(objdump -d of `BM_getppid_sysgate` and `BM_getppid_asm`), so the ratio "
     "is noise around 1. The stub it replaced by default "
     "(`sysgate::sys_stub::getppid`, `mov $110,%eax; syscall; ret`) made the "
     "row about 1.4 on a CPU whose kernel refills the return-stack predictor "
     "on every return to user space (AMD with SRSO \"safe RET\"), where the "
     "`ret` right after the trap mispredicts: about 47 ns for the first such "
     "return and 5.5 ns for each further one."),
    ("`getppid` loop, `sysgate::sys_inline`",
     "Compiles to the same instructions as the hand-written asm (objdump -d: "
     "`mov %rsi,%rax; syscall; sub; jne`), so the ratio is noise around 1."),
    ("user instructions per call",
     "Counted by callgrind in user space only, against nolibc's getppid loop "
     "(bench/peers/peer.c). Both inline the trap: the loop of `Sysgate()` in "
     "bench/instructions_per_call.cc is `mov %r8,%rax; syscall; add; add; "
     "cmp; jne` (objdump -d, -c opt), six instructions a call and no call or "
     "return."),
    ("libc call through `LibcCall`",
     "`sysgate::libc::getppid()` inlines `LibcCall`, which finds the "
     "thread's record inline (an initial-exec thread-local, or a raw "
     "thread's beside its block), asks whether it is free (one load: no "
     "other guarded call of the thread holds it) and calls `EnterLibcCall` "
     "(not inlined: its return address is the record's pc). That claims the "
     "record with three stores (kind, pc, then sp) and tail-calls the "
     "trampoline; a function that cannot fail (`getppid`) has a trampoline "
     "that jumps to it, so glibc's `ret` returns straight to the caller, as "
     "in the direct call, and two stores free the record. So the guard adds "
     "a call, an indirect jump and the trampoline's jump, the raw-thread "
     "check and five stores (before, a depth count's read and write on "
     "entry and on exit, a copy of the context and seven stores). The row "
     "moves by a few hundredths from run to run around the target: 1.01 in "
     "this script's first run after that cut (load 1.7), 1.04 and 1.05 in "
     "alternate runs at load 1.1, against 1.04 and 1.04 before it in the "
     "same runs. Priced in a scratch copy of the "
     "loop, the minimum CPU time of 30 to 40 interleaved repetitions at load "
     "7 to 8: the call and the jumps without the record 0.5 to 1 ns over the "
     "direct call's 71 ns, the record's loads and stores about 3 ns more; "
     "leaving out the raw-thread check, or `EnterLibcCall`'s frame pointer, "
     "changed nothing above that load's noise (1 to 2 ns). What is left is "
     "the record itself: fewer stores would need pc and sp in one store, or "
     "pc read from the stack where the call pushes it (x86), which the "
     "architecture tables do not say yet."),
    ("monotonic clock",
     "Both call the vDSO's `clock_gettime` through a pointer. In the raw "
     "backend `MonotonicNanos` is inline in the caller (time/clock_linux.h), "
     "and so is `CallVdso` (time/vdso.h): the caller loads the vDSO pointer, "
     "finds the thread's record, asks whether it is free and calls "
     "`EnterVdsoCall` (not inlined: its return address is the pc the "
     "profiler's record gives for a signal taken in the vDSO), which claims "
     "the record (three stores) and tail-calls the vDSO function, whose "
     "`ret` returns to the caller; two stores free the record. That is one "
     "call and one return where glibc's `clock_gettime` makes two of each "
     "(through the PLT, and its own frame around the vDSO call), which pays "
     "for the record: 1.01 of glibc at load 1.2 (18.3 against 18.1 ns) and "
     "0.99 in two runs at load 7, where the out-of-line `CallVdso`, with a "
     "depth count, was 1.07 beside it at load 1.2 and 1.07 and 1.09 at load "
     "7."),
    ("spawn + join a thread",
     "Most of the time is two wakeups the kernel does for both: starting the "
     "new thread on the other CPU and, at its exit, the futex wake of the "
     "joiner (tens of microseconds each on this VM, where an idle vCPU halts). "
     "A spawn reuses the last joined thread's mapping, as glibc reuses its "
     "cached stacks, and the join spins for at most about a thread's exit "
     "(SpinLimit with a bound of its own, 256 pauses, some 6 us) before "
     "sleeping. With the Parker's bound (4,000 pauses, about 100 us, which "
     "every spin that succeeds after pausing keeps) the join spun through "
     "nearly every spawn + join and the row was 1.03 and 1.07 (39.7 and 40.4 "
     "us, 35 to 36 us of it CPU) in two runs at load 0.4 to 1.1, where the "
     "join's own bound made it 0.92 and 0.93 (33.9 and 34.4 us, 15 us CPU) "
     "in the same runs, not spinning at all 0.91, and the learned bound "
     "before the Parker's change 0.90 and 0.94: a spin that covers the new "
     "thread's start saves no wakeup and costs wall time. The 0.80 needs the "
     "joiner's wakeup saved, a spin that covers the thread's start and exit "
     "on a CPU of its own, which those runs say does not pay on this VM; "
     "closing it otherwise would mean starting the thread on the parent's "
     "CPU, which a general thread API should not impose."),
    ("parker ping-pong, pinned to one CPU",
     "The partner cannot run while the parker spins, so every spin fails: "
     "the spin decays to none within a few parks (SpinLimit), probes again "
     "after 1, 2, 4 ... up to 1,024 parks, and otherwise the parker makes the "
     "same futex calls as the plain futex handoff (a wake only when the "
     "other side sleeps). The fixed minimum spin of 64 pauses it replaced "
     "(about 1.6 us) made it 1.8 times the plain futex."),
    ("parker ping-pong, pinned to two CPUs",
     "A spin that succeeds after pausing keeps a bound of about a wakeup's "
     "cost (SpinLimit: 4,000 pauses, about 100 us), and a probe spins that "
     "long, so a pair that fell into sleeping at every turn gets back to "
     "spinning as soon as one side sees the other arrive. Measured by a "
     "standalone program on this VM, two threads pinned to two CPUs at load "
     "12: a futex round trip 351 us (60 us on a quiet machine: an idle vCPU "
     "halts, and waking it is the cost), spinning up to 1 us then the futex "
     "8.3 us, up to 5 us 3.1 us, 20 us or more 0.12 us. What keeps the row "
     "above 1 us is other work preempting a spinner (the load average "
     "above); on two free CPUs the spin alone is the round trip."),
    ("parker ping-pong, unpinned",
     "The kernel places the two threads; with both on one CPU the row is the "
     "one-CPU one, on two it is the two-CPU one, and with other work on both "
     "CPUs most turns wait for a CPU. std's condition variable sleeps at "
     "every turn, so on a loaded machine both pay the same wakeups and the "
     "ratio goes toward 1; 0.10 needs two free CPUs."),
    ("CPU used by a parked waiter",
     "The waiter spins at most its bound, then sleeps in the kernel; the "
     "baseline is a std::condition_variable waiter."),
    ("`Poller::Wait`",
     "One thread, a descriptor that is always ready, a zero timeout: what "
     "`Wait` adds (the timeout's rounding, converting one event) without the "
     "ping-pong's wakeups. In the raw backend `EpollWait` is inline in "
     "`WaitPoller` (poll/epoll.h), so the `epoll_pwait` trap returns into "
     "`WaitPoller` (objdump -d, -c opt); `Wait` -> `WaitPoller` is the one "
     "call left, across files, and its return the one after glibc's own."),
    ("pipe ping-pong",
     "Both sides make the same calls per turn (write, epoll wait, read) and "
     "pay the same two cross-CPU wakeups per round trip, which drown what the "
     "poller adds (the row above measures that), so each run's ratio is "
     "noise around 1 and the median of five runs is too. What would close it "
     "for good is not making the wakeup: an opt-in mode in which `Wait` polls "
     "with a zero timeout for a learned bound before it blocks, as the parker "
     "spins, trading CPU for the wakeup; not built."),
    ("freestanding",
     "`bench/write_line_and_exit.cc` against nolibc's `bench/peers/write_line.c`, "
     "both -Os, --gc-sections, no build id, `-z noseparate-code`, no unwind "
     "tables or `.comment` (sysgate's through //:freestanding.ld), then "
     "`strip --strip-all`. Both inline the traps: sysgate's program holds no "
     "stub, only `sysgate_start_main`, with the `write` and `exit_group` "
     "traps in it, and `_start`, which clears the frame pointer, passes the "
     "initial stack and aligns it before the call (objdump -d)."),
    ("generate every table",
     "Median of 5 runs of `python3 codegen/generate.py generate --out DIR`, "
     "Python's start-up and Jinja2's import included. Wall time of a "
     "single-threaded program, so with more runnable threads than CPUs (the "
     "load average above) it is that many times longer. Each shared file of "
     "generated/linux/ is rendered once: its template loops over each "
     "distinct row (constant, struct) with the architectures that have it, "
     "seeing only what its blocks read of a row (the signature alone for the "
     "declarations, the name alone for the header check), and the generator "
     "groups the blocks' texts under their architectures' `#if`; the tables "
     "give equal signatures and argument words one object, so rows are told "
     "apart by identity. A stub template sees only a row's shape and renders "
     "each shape once. Compiled templates are kept in codegen/__pycache__ "
     "beside the modules' .pyc files, so the runs after the first load them "
     "(a Bazel sandbox reads that folder but cannot write it: with nothing "
     "kept there, each run in one compiles them). Its CPU time, phase by "
     "phase (time.process_time, "
     "compiled templates kept): start-up and imports about 0.15 s (the pyenv "
     "shim's python3 about half of it), loading the templates 0.04 s "
     "(compiling them 0.35 s), reading and checking the tables about 0.3 s "
     "(the numbers tables and signatures half of it, the structs' layouts "
     "and the constants the rest: Python at some 10 us a line), rendering "
     "about 0.37 s (the shared files of generated/linux/ 0.2 s, the files of "
     "each architecture, the C libraries and Bazel the rest), writing 0.03 "
     "s. What is left is Python's own cost per row and per block in every "
     "generated file; what would close it is the second CPU (the shared "
     "files rendered in a second process while the first renders each "
     "architecture's, about 0.2 s on an idle machine) and a table reader "
     "that does less per line."),
]


def results_markdown(rows, medians, counts, repetitions, workspace, load, extra_args, peers_section):
    notes = "\n".join(f"- {what}: {text}" for what, text in NOTES)
    return f"""# Benchmark results

Generated by `bench/run_benchmarks.py`; do not edit by hand. The command:

    {" ".join([COMMAND, *extra_args])}

Medians of {repetitions} repetitions, randomly interleaved, in one run;
ratios are sysgate over the baseline, so lower is better.

## Machine

{chr(10).join(f"- {line}" for line in machine())}
- load average when the run started (1, 5, 15 min): {load}; other work
  on a shared machine shows here, and in the wall times of the two-thread rows
- sysgate: {revision(workspace)}
- date: {datetime.date.today().isoformat()}

## Targets

{target_table(rows)}

Why, row by row:

{notes}

## Peers

{peers_section}

## Instructions per call (callgrind)

The loop in `bench/instructions_per_call.cc`, user space only, run for
{CALLGRIND_COUNT} and {2 * CALLGRIND_COUNT} calls; the difference over
{CALLGRIND_COUNT}. The loop's own increment, compare and branch are included.

{instructions_table(counts)}

## Every benchmark

{all_benchmarks_table(medians)}
"""


def smoke(args):
    """Each binary starts and lists its benchmarks; every name says who
    implements it; each sysgate benchmark has a baseline in its binary; the
    table's rows name benchmarks that exist."""
    failures = []
    names = {}
    for binary in args.binaries:
        listing = subprocess.run([binary, "--benchmark_list_tests=true"], check=True, stdout=subprocess.PIPE, text=True)
        listed = sorted({function_name(n) for n in listing.stdout.split()})
        names[Path(binary).name] = set(listed)
        for name in listed:
            if not name.endswith(SYSGATE_SUFFIXES + BASELINE_SUFFIXES):
                failures.append(f"{name}: does not end in an implementation")
        bases = {re.sub(r"_(sysgate_inline|sysgate|glibc_syscall|glibc|asm|pthread|std|futex)$", "", n) for n in listed}
        for base in bases:
            kinds = [n for n in listed if n.startswith(base + "_")]
            if any(n.endswith(SYSGATE_SUFFIXES) for n in kinds) and all(n.endswith(SYSGATE_SUFFIXES) for n in kinds):
                failures.append(f"{base}: no baseline beside the sysgate benchmark")
    for pair in [*PAIRS.values(), PARKED_CPU, TWO_CPUS]:
        for name in (pair.sysgate, pair.baseline):
            if name not in names.get(pair.binary, ()):
                failures.append(f"{pair.what}: {pair.binary} has no {name}")
    for form in CALLGRIND_FORMS:
        if subprocess.run([args.instructions, form, "10"]).returncode != 0:
            failures.append(f"instructions_per_call {form} failed")
    if subprocess.run([args.freestanding], stdout=subprocess.PIPE).stdout != b"sysgate\n":
        failures.append("write_line_and_exit did not write its line")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binaries", nargs="+", help="Google Benchmark binaries")
    parser.add_argument("--compilation-mode", default="opt")
    parser.add_argument("--instructions", required=True)
    parser.add_argument("--freestanding", required=True)
    parser.add_argument("--generator", required=True)
    parser.add_argument("--peers", required=True, help="bench/peers/peers.py")
    parser.add_argument("--no-peers", action="store_true", help="do not build and run the peers")
    # Fewer leave identical code (the inline form and the hand asm) a few
    # percent apart on a shared VM.
    parser.add_argument("--repetitions", type=int, default=REPETITIONS)
    parser.add_argument("--write-results", action="store_true", help=f"rewrite {RESULTS} in the workspace")
    parser.add_argument("--smoke", action="store_true", help="check the binaries; time nothing")
    parser.add_argument("--benchmark-arg", action="append", default=[], help="passed to every binary")
    args = parser.parse_args(argv)
    if args.smoke:
        return smoke(args)
    if args.compilation_mode != "opt":
        print(f"warning: built with -c {args.compilation_mode}; run with -c opt for numbers that mean anything", file=sys.stderr)
    workspace = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if args.write_results and (workspace is None or args.compilation_mode != "opt"):
        print(f"--write-results needs `{COMMAND}`", file=sys.stderr)
        return 2

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    medians = {Path(b).name: run_benchmarks(b, args.repetitions, args.benchmark_arg) for b in args.binaries}
    poller = next(b for b in args.binaries if Path(b).name == PAIRS["poller"].binary)
    ratios = ping_pong_runs(poller, PING_PONG_RUNS)
    peers = run_peers(args.peers, not args.no_peers)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        counts = instructions_per_call(args.instructions, scratch)
        rows = [
            pair_row(PAIRS["getppid"], medians),
            pair_row(PAIRS["getppid_inline"], medians),
            instructions_row(counts, peers),
            pair_row(PAIRS["libc_call"], medians),
            pair_row(PAIRS["clock"], medians),
            pair_row(PAIRS["thread"], medians),
            pair_row(PAIRS["parker_one_cpu"], medians),
            two_cpus_row(medians),
            pair_row(PAIRS["parker"], medians),
            parked_cpu_row(medians),
            pair_row(PAIRS["poller_wait"], medians),
            ping_pong_row(ratios),
            freestanding_row(args.freestanding, scratch, peers),
            generate_row(generate_seconds(args.generator, scratch)),
        ]
        freestanding_size = stripped_size(args.freestanding, scratch)
    peers_section = peers_markdown(peers, medians, counts, freestanding_size)
    print(target_table(rows))
    print()
    print(peers_section)
    print()
    print(instructions_table(counts))
    if args.write_results:
        path = Path(workspace) / RESULTS
        extra_args = [f"--repetitions={args.repetitions}"] if args.repetitions != REPETITIONS else []
        extra_args += [f"--benchmark-arg={a}" for a in args.benchmark_arg]
        extra_args += ["--no-peers"] if args.no_peers else []
        path.write_text(results_markdown(rows, medians, counts, args.repetitions, workspace, load, extra_args, peers_section))
        print(f"\nwrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
