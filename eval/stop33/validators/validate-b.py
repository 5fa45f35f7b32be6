#!/usr/bin/env python3
"""Validate heldout33b eval sets against the roster in /work/shared/eval/roster.md."""
import json, re, sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROSTER_MD = Path("/work/shared/eval/roster.md")
errors = []

def err(msg):
    errors.append(msg)

# --- roster ids from the markdown table ---
ids = []
for line in ROSTER_MD.read_text().splitlines():
    m = re.match(r"^\|\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\|\s*\d+\s*\|", line)
    if m:
        ids.append(m.group(1))
roster = set(ids)
if len(ids) != 24 or len(roster) != 24:
    err(f"roster.md: expected 24 distinct ids, parsed {len(ids)} ({len(roster)} distinct)")

def load(name, keys):
    rows = []
    for n, line in enumerate((HERE / name).read_text().splitlines(), 1):
        if not line.strip():
            err(f"{name}:{n}: blank line"); continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{name}:{n}: invalid JSON ({e})"); continue
        if not isinstance(obj, dict) or set(obj) != keys:
            err(f"{name}:{n}: keys must be exactly {sorted(keys)}, got {sorted(obj) if isinstance(obj, dict) else type(obj).__name__}"); continue
        if not isinstance(obj["task"], str) or not obj["task"].strip():
            err(f"{name}:{n}: empty or non-string task"); continue
        rows.append((n, obj))
    return rows

def norm(t):
    return re.sub(r"\W+", " ", t.lower()).strip()

# --- roster-33.jsonl ---
R = load("roster-33.jsonl", {"task", "expert", "acceptable"})
per_expert = Counter()
blocks = defaultdict(list)
for n, o in R:
    e = o["expert"]
    if e not in roster:
        err(f"roster-33.jsonl:{n}: unknown expert {e!r}")
    per_expert[e] += 1
    blocks[e].append((n, o["task"]))
    acc = o["acceptable"]
    if not isinstance(acc, list) or not all(isinstance(a, str) for a in acc):
        err(f"roster-33.jsonl:{n}: acceptable must be a list of ids")
    else:
        for a in acc:
            if a not in roster: err(f"roster-33.jsonl:{n}: unknown acceptable id {a!r}")
            if a == e: err(f"roster-33.jsonl:{n}: acceptable repeats the expert itself")
        if len(set(acc)) != len(acc): err(f"roster-33.jsonl:{n}: duplicate acceptable ids")
    wc = len(o["task"].split())
    if not 6 <= wc <= 40:
        err(f"roster-33.jsonl:{n}: task has {wc} words (want 6..40)")
if len(R) != 144:
    err(f"roster-33.jsonl: {len(R)} valid lines, expected 144")
for e in sorted(roster):
    if per_expert[e] != 6:
        err(f"roster-33.jsonl: expert {e} has {per_expert[e]} tasks, expected 6")

# Layout convention: each expert's 6 lines are contiguous, ordered
# tech, tech, symptom, symptom, goal, goal. Symptom lines must not use title words.
order = [o["expert"] for _, o in R]
seen_done = set()
for i, e in enumerate(order):
    if i and order[i - 1] != e:
        if e in seen_done: err(f"roster-33.jsonl: lines for {e} are not contiguous")
        seen_done.add(order[i - 1])
for e, lines in blocks.items():
    for n, t in lines[2:4]:
        for word in e.split("-"):
            if re.search(r"\b" + re.escape(word), t, re.I):
                err(f"roster-33.jsonl:{n}: symptom task for {e} uses title word {word!r}")

# --- teams-T.jsonl ---
T = load("teams-T.jsonl", {"task", "required"})
sizes = Counter()
team_count = Counter()
for n, o in T:
    req = o["required"]
    if not isinstance(req, list) or not all(isinstance(r, str) for r in req):
        err(f"teams-T.jsonl:{n}: required must be a list of ids"); continue
    for r in req:
        if r not in roster: err(f"teams-T.jsonl:{n}: unknown id {r!r}")
    if len(set(req)) != len(req):
        err(f"teams-T.jsonl:{n}: duplicate ids in required")
    sizes[len(req)] += 1
    team_count.update(set(req))
if len(T) != 40:
    err(f"teams-T.jsonl: {len(T)} valid lines, expected 40")
if sizes != Counter({2: 30, 3: 10}):
    err(f"teams-T.jsonl: size distribution {dict(sizes)}, expected {{2: 30, 3: 10}}")
for e in sorted(roster):
    if team_count[e] < 2:
        err(f"teams-T.jsonl: expert {e} appears {team_count[e]} times, need >= 2")

# --- duplicates across both files ---
seen = {}
for fname, rows in (("roster-33.jsonl", R), ("teams-T.jsonl", T)):
    for n, o in rows:
        k = norm(o["task"])
        if k in seen:
            err(f"{fname}:{n}: duplicate task (first at {seen[k]})")
        else:
            seen[k] = f"{fname}:{n}"

if errors:
    print("FAIL")
    for m in errors: print("  " + m)
    sys.exit(1)
print(f"OK: roster ids={len(roster)}; roster-33.jsonl {len(R)} lines, 6 per expert x {len(per_expert)}; "
      f"teams-T.jsonl {len(T)} lines (2-expert: {sizes[2]}, 3-expert: {sizes[3]}); "
      f"team appearances min={min(team_count[e] for e in roster)} max={max(team_count[e] for e in roster)}; "
      f"no duplicate tasks; symptom lines free of title words")
