#!/usr/bin/env python3
"""Validate teams-55.jsonl against the expert roster."""
import itertools, json, re, sys
from collections import Counter
from pathlib import Path

import os
ROSTER = Path(os.environ.get("ROSTER", "/work/shared/eval/roster.md"))
DATA = Path(__file__).resolve().parent / "teams-55.jsonl"

ids = set()
for line in ROSTER.read_text().splitlines():
    m = re.match(r"^\|\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\|\s*\d+\s*\|", line)
    if m:
        ids.add(m.group(1))

errors = []
if len(ids) != 24:
    errors.append(f"roster parse: expected 24 ids, got {len(ids)}")

lines = DATA.read_text().splitlines()
if len(lines) != 40:
    errors.append(f"expected 40 lines, got {len(lines)}")

sizes, used, pairs, seen = Counter(), Counter(), Counter(), {}
for n, raw in enumerate(lines, 1):
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        errors.append(f"line {n}: invalid JSON ({e})"); continue
    if not isinstance(obj, dict) or set(obj) != {"task", "required"}:
        errors.append(f"line {n}: keys must be exactly task, required"); continue
    task, req = obj["task"], obj["required"]
    if not isinstance(task, str) or not task.strip():
        errors.append(f"line {n}: task must be a non-empty string")
    else:
        key = " ".join(task.lower().split())
        if key in seen:
            errors.append(f"line {n}: duplicate task of line {seen[key]}")
        seen[key] = n
    if not isinstance(req, list) or not all(isinstance(x, str) for x in req):
        errors.append(f"line {n}: required must be a list of strings"); continue
    if len(set(req)) != len(req):
        errors.append(f"line {n}: duplicate ids in required")
    if not 2 <= len(set(req)) <= 3:
        errors.append(f"line {n}: needs 2-3 distinct ids, got {len(set(req))}")
    for x in req:
        if x not in ids:
            errors.append(f"line {n}: unknown id {x!r}")
    sizes[len(set(req))] += 1
    used.update(set(req))
    for a, b in itertools.combinations(sorted(set(req)), 2):
        pairs[(a, b)] += 1

print("team sizes:", dict(sorted(sizes.items())))
print(f"distinct ids used: {len(used)} of {len(ids)}")
for i, c in used.most_common():
    print(f"  {i}: {c}")
print(f"distinct pairs: {len(pairs)}, max pair count: {max(pairs.values(), default=0)}")
for (a, b), c in pairs.most_common():
    if c > 1:
        print(f"  {a} + {b}: {c}")
if len(used) < 20:
    errors.append(f"only {len(used)} distinct ids used (need >= 20)")
for (a, b), c in pairs.items():
    if c > 3:
        errors.append(f"pair {a}+{b} used {c} times (max 3)")
unused = sorted(ids - set(used))
if unused:
    print("unused ids:", ", ".join(unused))

if errors:
    print("\nERRORS:"); [print(" -", e) for e in errors]; sys.exit(1)
print("\nOK")
