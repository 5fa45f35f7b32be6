#!/usr/bin/env python3
"""Validate roster-53.jsonl and teams-53.jsonl against the roster (../shared/eval/roster.md from the checkout, or $ROSTER) (stdlib only)."""
import json, os, re, sys
from collections import Counter
from pathlib import Path

ROSTER = Path(os.environ.get("ROSTER", "../shared/eval/roster.md"))
HERE = Path(__file__).resolve().parent
errors = []

def err(msg):
    errors.append(msg)

# ids: first cell of table rows, kebab-case, skipping header/separator
ids = []
for line in ROSTER.read_text().splitlines():
    m = re.match(r"^\|\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\|", line)
    if m and m.group(1) != "id":
        ids.append(m.group(1))
idset = set(ids)
if len(ids) != len(idset):
    err("duplicate ids in roster.md")
print(f"roster.md: {len(idset)} expert ids")

def load(name):
    rows = []
    for n, raw in enumerate((HERE / name).read_text().splitlines(), 1):
        if not raw.strip():
            err(f"{name}:{n}: blank line"); continue
        try:
            rows.append((n, json.loads(raw)))
        except json.JSONDecodeError as e:
            err(f"{name}:{n}: bad JSON: {e}")
    return rows

def words(t):
    return len(t.split())

# ---- roster-53.jsonl
rows = load("roster-53.jsonl")
per = Counter()
seen = set()
n_acc = 0
for n, r in rows:
    if not isinstance(r, dict) or set(r) != {"task", "expert", "acceptable"}:
        err(f"roster:{n}: keys must be exactly task/expert/acceptable"); continue
    t, e, a = r["task"], r["expert"], r["acceptable"]
    if not isinstance(t, str) or not t.strip():
        err(f"roster:{n}: empty task"); continue
    if not 6 <= words(t) <= 30:
        err(f"roster:{n}: {words(t)} words (want 6-30)")
    key = t.strip().lower()
    if key in seen:
        err(f"roster:{n}: duplicate task")
    seen.add(key)
    if e not in idset:
        err(f"roster:{n}: unknown expert {e!r}")
    per[e] += 1
    if not isinstance(a, list) or not all(isinstance(x, str) for x in a):
        err(f"roster:{n}: acceptable must be a list of ids"); continue
    if a:
        n_acc += 1
    if len(set(a)) != len(a):
        err(f"roster:{n}: duplicate ids in acceptable")
    for x in a:
        if x not in idset:
            err(f"roster:{n}: unknown acceptable id {x!r}")
        if x == e:
            err(f"roster:{n}: expert listed in its own acceptable")
if len(rows) != 6 * len(idset):
    err(f"roster: {len(rows)} lines, want {6 * len(idset)}")
for i in ids:
    if per[i] != 6:
        err(f"roster: {i} has {per[i]} tasks, want 6")
if not 10 <= n_acc <= 25:
    err(f"roster: {n_acc} rows with acceptable, want 10-25")
print(f"roster-53.jsonl: {len(rows)} lines, {len(per)} experts, {n_acc} rows with acceptable")

# ---- teams-53.jsonl
trows = load("teams-53.jsonl")
used = set()
tseen = set()
for n, r in trows:
    if not isinstance(r, dict) or set(r) != {"task", "required"}:
        err(f"teams:{n}: keys must be exactly task/required"); continue
    t, req = r["task"], r["required"]
    if not isinstance(t, str) or not t.strip():
        err(f"teams:{n}: empty task"); continue
    if not 15 <= words(t) <= 45:
        err(f"teams:{n}: {words(t)} words (want 15-45)")
    if t.strip().lower() in tseen or t.strip().lower() in seen:
        err(f"teams:{n}: duplicate task")
    tseen.add(t.strip().lower())
    if not isinstance(req, list) or not 2 <= len(req) <= 3 or len(set(req)) != len(req):
        err(f"teams:{n}: required must be 2-3 distinct ids"); continue
    for x in req:
        if x not in idset:
            err(f"teams:{n}: unknown id {x!r}")
    used.update(req)
if len(trows) != 30:
    err(f"teams: {len(trows)} lines, want 30")
if len(used) < 18:
    err(f"teams: only {len(used)} distinct ids used, want >= 18")
print(f"teams-53.jsonl: {len(trows)} lines, {len(used & idset)} distinct ids used")

if errors:
    print("FAIL")
    for m in errors:
        print("  " + m)
    sys.exit(1)
print("OK")
