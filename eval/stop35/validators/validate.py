#!/usr/bin/env python3
"""Validate roster-35.jsonl and teams-V.jsonl against /work/shared/eval/roster.md (stdlib only)."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the sets sit one folder up
ROSTER_MD = "/work/shared/eval/roster.md"
errors = []

def err(msg):
    errors.append(msg)

def roster_ids(path):
    ids = []
    in_table = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("| id |"):
                in_table = True
                continue
            if in_table:
                if not line.startswith("|"):
                    break
                cells = [c.strip() for c in line.strip("|").split("|")]
                if set(cells[0]) <= set("-"):
                    continue
                ids.append(cells[0])
    return ids

def load_jsonl(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{name}:{n}: blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: invalid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                err(f"{name}:{n}: not an object")
                continue
            rows.append((n, obj))
    return rows

ids = roster_ids(ROSTER_MD)
idset = set(ids)
if len(ids) != 24 or len(idset) != 24:
    err(f"roster.md: expected 24 unique ids, got {len(ids)} ({len(idset)} unique)")
for i in ids:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i):
        err(f"roster.md: id not kebab-case: {i!r}")

def check_task(name, n, task):
    if not isinstance(task, str) or not task.strip():
        err(f"{name}:{n}: task must be a non-empty string")
        return False
    w = len(task.split())
    if not 5 <= w <= 45:
        err(f"{name}:{n}: task has {w} words (want 5-45)")
    return True

all_tasks = Counter()

# roster-35.jsonl
R = load_jsonl("roster-35.jsonl")
if len(R) != 144:
    err(f"roster-35.jsonl: expected 144 lines, got {len(R)}")
per = Counter()
for n, o in R:
    if set(o) != {"task", "expert", "acceptable"}:
        err(f"roster-35.jsonl:{n}: keys must be task/expert/acceptable, got {sorted(o)}")
    if check_task("roster-35.jsonl", n, o.get("task")):
        all_tasks[o["task"].strip().lower()] += 1
    ex = o.get("expert")
    if ex not in idset:
        err(f"roster-35.jsonl:{n}: unknown expert {ex!r}")
    per[ex] += 1
    acc = o.get("acceptable")
    if not isinstance(acc, list):
        err(f"roster-35.jsonl:{n}: acceptable must be a list")
        continue
    if len(set(acc)) != len(acc):
        err(f"roster-35.jsonl:{n}: duplicate ids in acceptable")
    for a in acc:
        if a not in idset:
            err(f"roster-35.jsonl:{n}: unknown acceptable id {a!r}")
        if a == ex:
            err(f"roster-35.jsonl:{n}: acceptable contains the expert itself")
for i in ids:
    if per[i] != 6:
        err(f"roster-35.jsonl: expert {i} has {per[i]} tasks (want 6)")

# teams-V.jsonl
T = load_jsonl("teams-V.jsonl")
if len(T) != 30:
    err(f"teams-V.jsonl: expected 30 lines, got {len(T)}")
sizes = Counter()
usage = Counter()
for n, o in T:
    if set(o) != {"task", "required"}:
        err(f"teams-V.jsonl:{n}: keys must be task/required, got {sorted(o)}")
    if check_task("teams-V.jsonl", n, o.get("task")):
        all_tasks[o["task"].strip().lower()] += 1
    req = o.get("required")
    if not isinstance(req, list):
        err(f"teams-V.jsonl:{n}: required must be a list")
        continue
    sizes[len(req)] += 1
    if len(req) not in (2, 3):
        err(f"teams-V.jsonl:{n}: team size {len(req)} (want 2 or 3)")
    if len(set(req)) != len(req):
        err(f"teams-V.jsonl:{n}: duplicate ids within team")
    for r in set(req):
        if r not in idset:
            err(f"teams-V.jsonl:{n}: unknown id {r!r}")
        usage[r] += 1
if sizes[2] != 24 or sizes[3] != 6:
    err(f"teams-V.jsonl: want 24 pairs and 6 triples, got {sizes[2]} pairs and {sizes[3]} triples")
for i in ids:
    if usage[i] < 1:
        err(f"teams-V.jsonl: id {i} never used")
    if usage[i] > 6:
        err(f"teams-V.jsonl: id {i} used {usage[i]} times (max 6)")

for t, c in all_tasks.items():
    if c > 1:
        err(f"duplicate task ({c}x): {t[:70]!r}")

if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for m in errors:
        print("  -", m)
    sys.exit(1)
print(f"OK: roster-35.jsonl {len(R)} lines ({len(ids)} experts x 6); "
      f"teams-V.jsonl {len(T)} lines ({sizes[2]} pairs, {sizes[3]} triples); "
      f"team id usage min {min(usage[i] for i in ids)} max {max(usage.values())}")
