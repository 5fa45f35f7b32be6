#!/usr/bin/env python3
"""Validate /work/heldout34/roster-34.jsonl and teams-U.jsonl against the roster table."""
import json, re, sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # eval/stop34 (the helper wrote it beside the sets)
ROSTER_MD = Path("/work/shared/eval/roster.md")
PER_EXPERT = 6


def roster_ids(path):
    ids = []
    for line in path.read_text().splitlines():
        m = re.match(r"^\|\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\|\s*\d+\s*\|", line)
        if m:
            ids.append(m.group(1))
    return ids


def load_jsonl(path, errors):
    rows = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            errors.append(f"{path.name}:{n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}:{n}: invalid JSON ({e})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{path.name}:{n}: not a JSON object")
            continue
        rows.append((n, obj))
    return rows


def norm(t):
    return " ".join(t.lower().split())


def main():
    errors = []
    ids = roster_ids(ROSTER_MD)
    valid = set(ids)
    if len(ids) != len(valid) or not ids:
        errors.append(f"roster.md: parsed {len(ids)} ids ({len(valid)} distinct)")

    # roster-34
    rpath = HERE / "roster-34.jsonl"
    rows = load_jsonl(rpath, errors)
    counts = Counter()
    seen = {}
    for n, o in rows:
        if set(o) != {"task", "expert", "acceptable"}:
            errors.append(f"{rpath.name}:{n}: keys must be task/expert/acceptable, got {sorted(o)}")
        task, exp, acc = o.get("task"), o.get("expert"), o.get("acceptable")
        if not isinstance(task, str) or not task.strip():
            errors.append(f"{rpath.name}:{n}: empty or non-string task")
        else:
            k = norm(task)
            if k in seen:
                errors.append(f"{rpath.name}:{n}: duplicate task (also line {seen[k]})")
            seen[k] = n
        if exp not in valid:
            errors.append(f"{rpath.name}:{n}: unknown expert {exp!r}")
        counts[exp] += 1
        if not isinstance(acc, list):
            errors.append(f"{rpath.name}:{n}: acceptable must be a list")
            acc = []
        for a in acc:
            if a not in valid:
                errors.append(f"{rpath.name}:{n}: unknown acceptable id {a!r}")
        if exp in acc:
            errors.append(f"{rpath.name}:{n}: acceptable contains the expert itself")
        if len(acc) != len(set(acc)):
            errors.append(f"{rpath.name}:{n}: duplicate ids in acceptable")
    for i in ids:
        if counts[i] != PER_EXPERT:
            errors.append(f"{rpath.name}: expert {i} has {counts[i]} tasks, want {PER_EXPERT}")
    if len(rows) != PER_EXPERT * len(ids):
        errors.append(f"{rpath.name}: {len(rows)} lines, want {PER_EXPERT * len(ids)}")

    # teams-U
    tpath = HERE / "teams-U.jsonl"
    trows = load_jsonl(tpath, errors)
    tseen = {}
    for n, o in trows:
        # The helper wrote "experts"; the copy here uses the key eval teams reads, "required".
        if set(o) != {"task", "required"}:
            errors.append(f"{tpath.name}:{n}: keys must be task/required, got {sorted(o)}")
        task, exps = o.get("task"), o.get("required")
        if not isinstance(task, str) or not task.strip():
            errors.append(f"{tpath.name}:{n}: empty or non-string task")
        else:
            k = norm(task)
            if k in tseen:
                errors.append(f"{tpath.name}:{n}: duplicate task (also line {tseen[k]})")
            if k in seen:
                errors.append(f"{tpath.name}:{n}: task duplicates roster-34 line {seen[k]}")
            tseen[k] = n
        if not isinstance(exps, list):
            errors.append(f"{tpath.name}:{n}: experts must be a list")
            continue
        if not 2 <= len(exps) <= 4:
            errors.append(f"{tpath.name}:{n}: {len(exps)} experts, want 2-4")
        if len(set(exps)) != len(exps):
            errors.append(f"{tpath.name}:{n}: duplicate experts")
        for e in exps:
            if e not in valid:
                errors.append(f"{tpath.name}:{n}: unknown expert {e!r}")

    if errors:
        print("\n".join(errors))
        print(f"FAIL: {len(errors)} problem(s)")
        return 1
    print(f"OK: {len(ids)} roster ids; {rpath.name}: {len(rows)} lines; {tpath.name}: {len(trows)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
