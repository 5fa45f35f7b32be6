#!/usr/bin/env python3
"""Validate roster-54.jsonl and teams-54.jsonl against the expert roster."""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROSTER = os.environ.get("ROSTER", "/work/shared/eval/roster.md")
TASKS = os.path.join(HERE, "roster-54.jsonl")
TEAMS = os.path.join(HERE, "teams-54.jsonl")
PER_EXPERT = 6
N_TEAMS = 30
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

errors = []


def err(msg):
    errors.append(msg)


def load_roster(path):
    ids = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not cells:
                continue
            first = cells[0].strip("`")
            if first == "id" or set(first) <= set("-: "):
                continue
            if ID_RE.match(first):
                ids.append(first)
    return ids


def load_jsonl(path):
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    err(f"{os.path.basename(path)}:{n}: blank line")
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    err(f"{os.path.basename(path)}:{n}: invalid JSON ({e})")
                    continue
                if not isinstance(obj, dict):
                    err(f"{os.path.basename(path)}:{n}: not a JSON object")
                    continue
                rows.append((n, obj))
    except OSError as e:
        err(f"cannot read {path}: {e}")
    return rows


def norm(t):
    return " ".join(t.lower().split())


def main():
    try:
        ids = load_roster(ROSTER)
    except OSError as e:
        print(f"ERROR: cannot read roster {ROSTER}: {e}")
        return 2
    if not ids:
        print(f"ERROR: no expert ids found in {ROSTER}")
        return 2
    if len(set(ids)) != len(ids):
        err("roster has duplicate ids")
    known = set(ids)

    seen_tasks = {}

    # ---- single-expert tasks
    rows = load_jsonl(TASKS)
    per = Counter()
    n_acc = 0
    for n, o in rows:
        where = f"roster-54.jsonl:{n}"
        if set(o) != {"task", "expert", "acceptable"}:
            err(f"{where}: keys must be task, expert, acceptable (got {sorted(o)})")
        task, ex, acc = o.get("task"), o.get("expert"), o.get("acceptable")
        if not isinstance(task, str) or not task.strip():
            err(f"{where}: task must be a non-empty string")
            task = None
        if not isinstance(ex, str) or ex not in known:
            err(f"{where}: unknown expert {ex!r}")
        else:
            per[ex] += 1
        if not isinstance(acc, list):
            err(f"{where}: acceptable must be a list")
        else:
            if any(not isinstance(a, str) or a not in known for a in acc):
                err(f"{where}: unknown id in acceptable {acc}")
            if ex in acc:
                err(f"{where}: acceptable contains the expert itself")
            if len(set(acc)) != len(acc):
                err(f"{where}: duplicate ids in acceptable")
            if acc:
                n_acc += 1
        if task:
            k = norm(task)
            if k in seen_tasks:
                err(f"{where}: duplicate task (also {seen_tasks[k]})")
            else:
                seen_tasks[k] = where
    for i in ids:
        if per[i] != PER_EXPERT:
            err(f"roster-54.jsonl: expert {i} has {per[i]} tasks, expected {PER_EXPERT}")
    if len(rows) != PER_EXPERT * len(ids):
        err(f"roster-54.jsonl: {len(rows)} tasks, expected {PER_EXPERT * len(ids)}")

    # ---- team tasks
    trows = load_jsonl(TEAMS)
    sizes = Counter()
    used = set()
    for n, o in trows:
        where = f"teams-54.jsonl:{n}"
        if set(o) != {"task", "experts"}:
            err(f"{where}: keys must be task, experts (got {sorted(o)})")
        task, exs = o.get("task"), o.get("experts")
        if not isinstance(task, str) or not task.strip():
            err(f"{where}: task must be a non-empty string")
            task = None
        if not isinstance(exs, list):
            err(f"{where}: experts must be a list")
            continue
        if not 2 <= len(exs) <= 3:
            err(f"{where}: team size {len(exs)} not in 2..3")
        if len(set(map(str, exs))) != len(exs):
            err(f"{where}: duplicate ids in team")
        for e in exs:
            if not isinstance(e, str) or e not in known:
                err(f"{where}: unknown expert {e!r}")
            else:
                used.add(e)
        sizes[len(exs)] += 1
        if task:
            k = norm(task)
            if k in seen_tasks:
                err(f"{where}: duplicate task (also {seen_tasks[k]})")
            else:
                seen_tasks[k] = where
    if len(trows) != N_TEAMS:
        err(f"teams-54.jsonl: {len(trows)} tasks, expected {N_TEAMS}")

    print(f"roster: {len(ids)} experts ({ROSTER})")
    print(f"tasks: {len(rows)} ({PER_EXPERT} per expert expected), with non-empty acceptable: {n_acc}")
    print(f"team tasks: {len(trows)}, size distribution: "
          + ", ".join(f"{k}={sizes[k]}" for k in sorted(sizes)))
    print(f"distinct experts in teams: {len(used)}")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  ERROR:", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
