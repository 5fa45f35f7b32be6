#!/usr/bin/env python3
"""Validate the held-out evaluation files against the roster."""
import json, re, sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROSTER = Path("/work/shared/eval/roster.md")

def roster_ids():
    ids = []
    for line in ROSTER.read_text().splitlines():
        m = re.match(r"^\|\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\|\s*\d+\s*\|", line)
        if m:
            ids.append(m.group(1))
    return ids

def load(path, errors):
    rows = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            errors.append(f"{path.name}:{n}: blank line"); continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}:{n}: invalid JSON ({e})"); continue
        if not isinstance(obj, dict):
            errors.append(f"{path.name}:{n}: not a JSON object"); continue
        rows.append((n, obj))
    return rows

def norm(t):
    return re.sub(r"\s+", " ", t.strip().lower())

def main():
    errors = []
    ids = roster_ids()
    idset = set(ids)
    if len(ids) != 24 or len(idset) != 24:
        errors.append(f"roster: expected 24 distinct ids, found {len(ids)} ({len(idset)} distinct)")

    seen = {}
    def check_task(fname, n, obj):
        t = obj.get("task")
        if not isinstance(t, str) or not t.strip():
            errors.append(f"{fname}:{n}: missing/empty task"); return
        k = norm(t)
        if k in seen:
            errors.append(f"{fname}:{n}: duplicate task (first at {seen[k]})")
        else:
            seen[k] = f"{fname}:{n}"

    # roster-31
    p1 = HERE / "roster-31.jsonl"
    rows1 = load(p1, errors)
    counts = Counter()
    for n, o in rows1:
        extra = set(o) - {"task", "expert", "acceptable"}
        if extra:
            errors.append(f"{p1.name}:{n}: unexpected keys {sorted(extra)}")
        check_task(p1.name, n, o)
        e = o.get("expert")
        if e not in idset:
            errors.append(f"{p1.name}:{n}: unknown expert {e!r}")
        else:
            counts[e] += 1
        acc = o.get("acceptable")
        if not isinstance(acc, list):
            errors.append(f"{p1.name}:{n}: acceptable must be a list")
        else:
            for a in acc:
                if a not in idset:
                    errors.append(f"{p1.name}:{n}: unknown acceptable id {a!r}")
                if a == e:
                    errors.append(f"{p1.name}:{n}: acceptable repeats the expert")
            if len(set(acc)) != len(acc):
                errors.append(f"{p1.name}:{n}: duplicate ids in acceptable")
    if len(rows1) != 144:
        errors.append(f"{p1.name}: expected 144 lines, found {len(rows1)}")
    for i in ids:
        if counts[i] != 6:
            errors.append(f"{p1.name}: expert {i} has {counts[i]} tasks, expected 6")

    # teams-R
    p2 = HERE / "teams-R.jsonl"
    rows2 = load(p2, errors)
    used = Counter()
    sizes = Counter()
    for n, o in rows2:
        extra = set(o) - {"task", "required"}
        if extra:
            errors.append(f"{p2.name}:{n}: unexpected keys {sorted(extra)}")
        check_task(p2.name, n, o)
        req = o.get("required")
        if not isinstance(req, list):
            errors.append(f"{p2.name}:{n}: required must be a list"); continue
        if not 2 <= len(req) <= 3:
            errors.append(f"{p2.name}:{n}: required has {len(req)} ids (need 2-3)")
        if len(set(req)) != len(req):
            errors.append(f"{p2.name}:{n}: required ids not distinct")
        for r in req:
            if r not in idset:
                errors.append(f"{p2.name}:{n}: unknown required id {r!r}")
            else:
                used[r] += 1
        sizes[len(req)] += 1
    if len(rows2) != 40:
        errors.append(f"{p2.name}: expected 40 lines, found {len(rows2)}")
    missing = [i for i in ids if used[i] == 0]
    if missing:
        errors.append(f"{p2.name}: experts never required: {missing}")

    print(f"roster ids: {len(ids)}")
    print(f"roster-31.jsonl: {len(rows1)} lines, per-expert counts: {sorted(set(counts.values()))}, "
          f"with acceptable: {sum(1 for _, o in rows1 if o.get('acceptable'))}")
    print(f"teams-R.jsonl: {len(rows2)} lines, sizes: {dict(sorted(sizes.items()))}, "
          f"experts covered: {sum(1 for i in ids if used[i])}/24")
    if errors:
        print(f"FAIL: {len(errors)} error(s)")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all checks passed")
    return 0

if __name__ == "__main__":
    sys.exit(main())
