# SPDX-License-Identifier: Apache-2.0
"""Random mutations of the real tables, fed to the generator.

Each mutation must end in exit status 2 with exactly one `path:line:
message` line on stderr, or in a successful run (the mutation left a valid
table); never in a traceback. And generated/ is always whole: a rejected run
leaves it untouched, a successful one replaces it and leaves nothing behind.

    generator_fuzz_test.py [--mutations N] [--seed S]

The default (1,000 mutations, fixed seed, one job per CPU) is what CI can
afford: a mutation the tables still accept renders every architecture,
about a second each on this machine, and a third of them are accepted. Pass
a larger N for a longer search.
"""

import argparse
import contextlib
import io
import multiprocessing
import os
import random
import re
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path("codegen").absolute()))
import generate  # noqa: E402  (codegen/ is not a package)

TABLES = Path("tables").absolute()
ERROR_LINE = re.compile(r"(tables/[\w/.-]+):(\d+): \S.*\n")

# Tokens that mean something to the table grammars, to splice in.
SPECIAL = ["(", ")", "|", ",", "*", ":", "=", "#", "-", "const", "struct", "void", "only:",
           "probe:", "unsafe:", "varies:", "newfd", "shares_stack", "noreturn", "common", "64",
           "x32", "i386", "riscv", "-1", "0x", "99999999999999999999999", "-7", "\t", "  "]
STRANGE = ["\u00e9", "\u2603", "\x00", "\x7f", "\ufeff", "\r", "\x1b[31m", "\U0001f600"]


def data_lines(lines):
    return [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]


def fields_of(line):
    """The line as words and runs of space, and the indices of the words."""
    words = re.findall(r"\S+|\s+", line)
    return words, [i for i, t in enumerate(words) if not t.isspace()]


def mutate_line(lines, rng, change):
    candidates = data_lines(lines) or list(range(len(lines)))
    if not candidates:
        return lines
    i = rng.choice(candidates)
    lines = list(lines)
    lines[i] = change(lines[i])
    return lines


def delete_field(rng):
    def change(line):
        words, fields = fields_of(line)
        if fields:
            del words[rng.choice(fields)]
        return "".join(words)
    return change


def duplicate_field(rng):
    def change(line):
        words, fields = fields_of(line)
        if fields:
            i = rng.choice(fields)
            words.insert(i, words[i] + " ")
        return "".join(words)
    return change


def swap_fields(rng):
    def change(line):
        words, fields = fields_of(line)
        if len(fields) >= 2:
            a, b = rng.sample(fields, 2)
            words[a], words[b] = words[b], words[a]
        return "".join(words)
    return change


def odd_number(rng):
    def change(line):
        numbers = list(re.finditer(r"-?\d+", line))
        value = rng.choice([str(10 ** rng.randint(6, 40)), str(-rng.randint(1, 10**6)), "0",
                            str(2**63), str(2**64), "00", "1e3", "0x1f", "4096"])
        if not numbers:
            return value + line
        m = rng.choice(numbers)
        return line[: m.start()] + value + line[m.end():]
    return change


def splice(rng, pool):
    def change(line):
        at = rng.randint(0, len(line))
        return line[:at] + rng.choice(pool) + line[at:]
    return change


def chop(rng):
    def change(line):
        at = rng.randint(0, len(line))
        return line[:at]
    return change


def mutate(text, rng):
    """Returns (mutated text, what was done)."""
    lines = text.split("\n")
    kind = rng.choice(["delete field", "duplicate field", "swap fields", "odd number", "special",
                       "strange", "chop line", "truncate", "empty", "duplicate line",
                       "delete line", "swap lines", "copy line across", "binary"])
    if kind == "truncate":
        return text[: rng.randint(0, len(text))], kind
    if kind == "empty":
        return "", kind
    if kind == "binary":
        at = rng.randint(0, len(text))
        return text[:at] + "".join(chr(rng.randint(0, 255)) for _ in range(rng.randint(1, 8))) + text[at:], kind
    rows = data_lines(lines)
    if kind in ("duplicate line", "delete line", "swap lines", "copy line across") and rows:
        lines = list(lines)
        i = rng.choice(rows)
        if kind == "duplicate line":
            lines.insert(rng.randint(0, len(lines)), lines[i])
        elif kind == "delete line":
            del lines[i]
        elif kind == "swap lines":
            j = rng.choice(rows)
            lines[i], lines[j] = lines[j], lines[i]
        else:  # half of one row with half of another
            j = rng.choice(rows)
            lines[i] = lines[i][: len(lines[i]) // 2] + lines[j][len(lines[j]) // 2:]
        return "\n".join(lines), kind
    change = {
        "delete field": delete_field,
        "duplicate field": duplicate_field,
        "swap fields": swap_fields,
        "odd number": odd_number,
        "special": lambda r: splice(r, SPECIAL),
        "strange": lambda r: splice(r, STRANGE),
        "chop line": chop,
    }.get(kind, delete_field)(rng)
    return "\n".join(mutate_line(lines, rng, change)), kind


def run_generate(root):
    """Runs `generate.py --root ROOT generate` in this process."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = generate.main(["--root", str(root), "generate"])
    return status, err.getvalue()


def leftovers(root):
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".generated."))


def fuzz(seed, count):
    """Runs `count` mutations from `seed` in a scratch root of its own.

    Returns (rejected, accepted, failures)."""
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp())
    shutil.copytree(TABLES, root / "tables")
    # Every kind of table: numbers, signatures, types, errno numbers (errno.tbl
    # and the .errno of an architecture whose own differ), the constants and
    # struct selections, and each architecture's constants and layouts. The
    # .abi files have generator_test's cases, one per key.
    mutable = [
        p for p in sorted((root / "tables").rglob("*")) if p.suffix in (".tbl", ".constants", ".structs", ".errno")
    ]
    pristine = {p: p.read_bytes() for p in mutable}
    status, err = run_generate(root)
    assert status == 0, err

    rejected = accepted = 0
    failures = []
    for n in range(count):
        for path, data in pristine.items():
            path.write_bytes(data)
        path = rng.choice(sorted(pristine))
        rel = path.relative_to(root).as_posix()
        text, kind = mutate(pristine[path].decode("ascii"), rng)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        before = (root / "generated").stat().st_ino
        what = f"seed {seed} #{n}: {kind} in {rel}"
        try:
            status, err = run_generate(root)
        except BaseException:  # a traceback is the failure this test looks for
            failures.append(f"{what}: traceback\n{traceback.format_exc()}")
            continue
        if status == 2:
            rejected += 1
            m = ERROR_LINE.fullmatch(err)
            if not m:
                failures.append(f"{what}: stderr is not one `path:line: message` line: {err!r}")
            elif not (root / m.group(1)).is_file():
                failures.append(f"{what}: names a file that is not a table: {err!r}")
            if (root / "generated").stat().st_ino != before:
                failures.append(f"{what}: rejected, but generated/ was replaced")
        elif status == 0:
            accepted += 1
        else:
            failures.append(f"{what}: exit status {status}: {err!r}")
        if leftovers(root):
            failures.append(f"{what}: left {leftovers(root)} behind")
        if not (root / "generated").is_dir():
            failures.append(f"{what}: generated/ is missing")
    shutil.rmtree(root)
    return rejected, accepted, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    # Each job fuzzes its share from a seed of its own, so a run is the same
    # for the same --seed and --jobs.
    shares = [(args.seed + job, args.mutations // args.jobs + (job < args.mutations % args.jobs))
              for job in range(args.jobs)]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        results = pool.starmap(fuzz, shares)
    rejected = sum(r[0] for r in results)
    accepted = sum(r[1] for r in results)
    failures = [f for r in results for f in r[2]]
    print(f"{args.mutations} mutations (seed {args.seed}, {args.jobs} jobs): {rejected} rejected "
          f"with path:line, {accepted} still valid and generated; {len(failures)} failures")
    for failure in failures[:20]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
