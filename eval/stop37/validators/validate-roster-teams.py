#!/usr/bin/env python3
"""Validate roster-37.jsonl and teams-W.jsonl against /work/shared/eval/roster.md (stdlib only)."""
import json, re, sys, itertools, os
from collections import Counter

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the sets sit one folder up
ROSTER_MD = os.environ.get("ROSTER_MD", "/work/shared/eval/roster.md")
ROSTER_SET = os.path.join(HERE, "roster-37.jsonl")
TEAMS_SET = os.path.join(HERE, "teams-W.jsonl")
JACCARD_MAX = 0.7
PER_EXPERT = 6
errors = []

def err(msg):
    errors.append(msg)

def roster_ids(path):
    ids = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.lstrip().startswith("|") or len(cells) < 4:
                continue
            if cells[0] in ("id", "") or set(cells[0]) <= set("-: "):
                continue
            if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cells[0]):
                ids.append(cells[0])
    return ids

def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}: blank line")
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                err(f"{os.path.basename(path)}:{n}: bad JSON ({e})")
    return rows

def words(text):
    return set(re.findall(r"[a-z0-9]+", text.lower()))

def wc(text):
    return len(text.split())

ids = roster_ids(ROSTER_MD)
valid = set(ids)
if len(ids) != 24 or len(valid) != 24:
    err(f"roster.md: expected 24 distinct ids, parsed {len(ids)} ({len(valid)} distinct)")

# ---- roster set
roster = load(ROSTER_SET)
per = Counter()
n_acc = 0
lengths = []
for n, r in roster:
    where = f"roster-37.jsonl:{n}"
    if set(r) != {"task", "expert", "acceptable"}:
        err(f"{where}: keys must be task/expert/acceptable, got {sorted(r)}")
    t, e, acc = r.get("task"), r.get("expert"), r.get("acceptable")
    if not isinstance(t, str) or not t.strip():
        err(f"{where}: empty task"); continue
    lengths.append(wc(t))
    if not 4 <= wc(t) <= 40:
        err(f"{where}: task has {wc(t)} words (want 4-40)")
    if e not in valid:
        err(f"{where}: unknown expert {e!r}")
    per[e] += 1
    if not isinstance(acc, list):
        err(f"{where}: acceptable must be a list"); continue
    if acc:
        n_acc += 1
    for a in acc:
        if a not in valid:
            err(f"{where}: unknown acceptable id {a!r}")
    if e in acc:
        err(f"{where}: expert {e} listed in its own acceptable")
    if len(set(acc)) != len(acc):
        err(f"{where}: duplicate ids in acceptable")
if len(roster) != 24 * PER_EXPERT:
    err(f"roster-37.jsonl: {len(roster)} lines, expected {24 * PER_EXPERT}")
for i in ids:
    if per[i] != PER_EXPERT:
        err(f"roster-37.jsonl: expert {i} has {per[i]} tasks, expected {PER_EXPERT}")

# ---- teams set
teams = load(TEAMS_SET)
sizes = Counter()
for n, r in teams:
    where = f"teams-W.jsonl:{n}"
    # Committed with the key `eval teams` reads (`required`); the helper wrote `experts`.
    if set(r) not in ({"task", "experts"}, {"task", "required"}):
        err(f"{where}: keys must be task/required, got {sorted(r)}")
    t, ex = r.get("task"), r.get("experts", r.get("required"))
    if not isinstance(t, str) or not t.strip():
        err(f"{where}: empty task")
    if not isinstance(ex, list):
        err(f"{where}: experts must be a list"); continue
    sizes[len(ex)] += 1
    if len(set(ex)) != len(ex):
        err(f"{where}: repeated expert in team")
    for x in ex:
        if x not in valid:
            err(f"{where}: unknown expert {x!r}")
if len(teams) != 30:
    err(f"teams-W.jsonl: {len(teams)} lines, expected 30")
if sizes[2] != 20 or sizes[3] != 10 or sum(sizes.values()) != sizes[2] + sizes[3]:
    err(f"teams-W.jsonl: team sizes {dict(sizes)}, expected 20 of 2 and 10 of 3")

# ---- duplicates / near-duplicates across both files
alltasks = [(f"roster-37.jsonl:{n}", r.get("task", "")) for n, r in roster] + \
           [(f"teams-W.jsonl:{n}", r.get("task", "")) for n, r in teams]
seen = {}
for where, t in alltasks:
    key = " ".join(sorted(words(t)))
    if t.strip().lower() in seen:
        err(f"{where}: exact duplicate of {seen[t.strip().lower()]}")
    seen.setdefault(t.strip().lower(), where)
ws = [(w, words(t)) for w, t in alltasks]
max_j, max_pair = 0.0, None
for (wa, a), (wb, b) in itertools.combinations(ws, 2):
    if not a or not b:
        continue
    j = len(a & b) / len(a | b)
    if j > max_j:
        max_j, max_pair = j, (wa, wb)
    if j > JACCARD_MAX:
        err(f"near-duplicate (Jaccard {j:.2f}): {wa} ~ {wb}")

# ---- summary
print(f"roster.md: {len(ids)} expert ids")
print(f"roster-37.jsonl: {len(roster)} tasks, {len(per)} experts, "
      f"per-expert counts {sorted(set(per.values()))}, {n_acc} with non-empty acceptable")
if lengths:
    print(f"  task length: {min(lengths)}-{max(lengths)} words, mean {sum(lengths)/len(lengths):.1f}")
print(f"teams-W.jsonl: {len(teams)} tasks, sizes {dict(sorted(sizes.items()))}, "
      f"{len({x for _, r in teams for x in r.get('experts', r.get('required', []))})} distinct experts used")
if max_pair:
    print(f"max word-set Jaccard over {len(ws)} tasks: {max_j:.2f} ({max_pair[0]} ~ {max_pair[1]}), threshold {JACCARD_MAX}")
if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("OK: all checks passed")
