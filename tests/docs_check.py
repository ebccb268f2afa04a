#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the README and docs/: every relative link names a file of the
checkout and, with #anchor, a heading of that file; the README stays a
front door of at most 12 KB. Run from the checkout's root (.ci/run does):

    python3 tests/docs_check.py

Not a Bazel test: a link may name any file of the tree, which a sandbox
would have to declare one by one.
"""

import re
import sys
from pathlib import Path

README_LIMIT = 12 * 1024
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchors(path):
    """GitHub's anchors for the headings of a Markdown file."""
    found = set()
    for heading in re.findall(r"^#{1,6} (.*)$", FENCE.sub("", path.read_text()), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
        found.add(slug.replace(" ", "-"))
    return found


def problems(root):
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    for page in pages:
        text = FENCE.sub("", page.read_text())
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            where = f"{page.relative_to(root)}: ({target})"
            if not linked.exists():
                yield f"{where} names no file"
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                yield f"{where}: {linked.name} has no heading #{anchor}"
    size = (root / "README.md").stat().st_size
    if size > README_LIMIT:
        yield f"README.md: {size} bytes, more than the front door's {README_LIMIT}; move detail to docs/"


def main():
    found = list(problems(Path.cwd()))
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
