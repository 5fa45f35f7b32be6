#!/usr/bin/env python3
"""Validate click-8.1.3-search.jsonl.

Gold paths look like "click/core.py". The package sits at
/work/heldout49/click/click/*.py, so paths are resolved against the
project folder /work/heldout49/click (which lies under /work/heldout49);
each resolved file must also lie inside /work/heldout49.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))  # /work/heldout49
ROOT = os.path.join(HERE, "click")  # folder that holds click/*.py
SET = os.path.join(HERE, "click-8.1.3-search.jsonl")
KEYS = {"query", "gold", "gold_lines", "kind"}
KINDS = {"identifier", "paraphrase"}
MAX_PER_FILE = 8

errors = []


def err(lineno, msg):
    errors.append(f"line {lineno}: {msg}")


def line_count(path):
    with open(path, encoding="utf-8") as f:
        return len(f.read().splitlines())


with open(SET, encoding="utf-8") as f:
    raw = f.read().splitlines()

if len(raw) != 40:
    errors.append(f"expected 40 lines, found {len(raw)}")

kinds = collections.Counter()
per_file = collections.Counter()
queries = set()
sizes = {}

for n, line in enumerate(raw, 1):
    try:
        d = json.loads(line)
    except json.JSONDecodeError as e:
        err(n, f"invalid JSON: {e}")
        continue
    if not isinstance(d, dict) or set(d) != KEYS:
        err(n, f"keys must be exactly {sorted(KEYS)}, got {sorted(d) if isinstance(d, dict) else type(d)}")
        continue
    q, gold, gl, kind = d["query"], d["gold"], d["gold_lines"], d["kind"]
    if not isinstance(q, str) or not q.strip():
        err(n, "empty query")
    elif q in queries:
        err(n, "duplicate query")
    queries.add(q)
    if kind not in KINDS:
        err(n, f"bad kind {kind!r}")
    kinds[kind] += 1
    if not isinstance(gold, list) or not 1 <= len(gold) <= 3 or len(set(gold)) != len(gold):
        err(n, f"gold must be 1-3 distinct paths, got {gold!r}")
        continue
    for g in gold:
        if not isinstance(g, str) or not g.endswith(".py"):
            err(n, f"gold path is not a .py file: {g!r}")
            continue
        full = os.path.realpath(os.path.join(ROOT, g))
        if not full.startswith(HERE + os.sep):
            err(n, f"{g} resolves outside {HERE}")
        elif not os.path.isfile(full):
            err(n, f"{g} does not exist (looked at {full})")
        else:
            sizes[g] = line_count(full)
        per_file[g] += 1
    if not isinstance(gl, list) or not gl:
        err(n, "gold_lines must be a non-empty list")
        continue
    covered = set()
    for item in gl:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                and all(isinstance(x, int) and not isinstance(x, bool) for x in item[1:])):
            err(n, f"bad gold_lines entry {item!r}")
            continue
        path, start, end = item
        if path not in gold:
            err(n, f"gold_lines file {path} not in gold")
            continue
        covered.add(path)
        if path in sizes and not 1 <= start <= end <= sizes[path]:
            err(n, f"range {start}-{end} outside {path} (1-{sizes[path]})")
    for g in gold:
        if g not in covered:
            err(n, f"gold file {g} has no gold_lines range")

for kind in KINDS:
    if kinds[kind] != 20:
        errors.append(f"expected 20 {kind} questions, found {kinds[kind]}")
for g, c in per_file.items():
    if c > MAX_PER_FILE:
        errors.append(f"{g} is gold for {c} questions (max {MAX_PER_FILE})")

print(f"lines: {len(raw)}; kinds: {dict(sorted(kinds.items()))}")
print(f"distinct gold files: {len(per_file)}")
for g, c in sorted(per_file.items(), key=lambda x: (-x[1], x[0])):
    print(f"  {c:2d}  {g}")
if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("OK: all checks passed")
