#!/usr/bin/env python3
"""Validate the heldout52 tool-selection set (stdlib only)."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(HERE, ".claude", "agents")
QUERIES = os.path.join(HERE, "queries.jsonl")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
errors = []

def err(msg):
    errors.append(msg)

# ---- tools ----
files = sorted(f for f in os.listdir(AGENTS) if f.endswith(".md"))
others = sorted(f for f in os.listdir(AGENTS) if not f.endswith(".md"))
if others:
    err(f"non-.md entries in agents dir: {others}")
if len(files) != 60:
    err(f"expected 60 tool files, found {len(files)}")
names = set()
for fn in files:
    stem = fn[:-3]
    with open(os.path.join(AGENTS, fn), encoding="utf-8") as fh:
        text = fh.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != 4:
        err(f"{fn}: expected 4 lines, got {len(lines)}")
        continue
    if lines[0] != "---" or lines[3] != "---":
        err(f"{fn}: lines 1 and 4 must be '---'")
    m = re.fullmatch(r"name: (\S+)", lines[1])
    if not m:
        err(f"{fn}: bad name line")
    else:
        name = m.group(1)
        if name != stem:
            err(f"{fn}: name {name!r} != stem {stem!r}")
        if not KEBAB.match(name):
            err(f"{fn}: name not kebab-case")
        names.add(name)
    m = re.fullmatch(r'description: "(.*)"', lines[2])
    if not m:
        err(f"{fn}: bad description line")
        continue
    desc = m.group(1)
    if '"' in desc:
        err(f"{fn}: double quote inside description")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", desc.strip()) if s]
    if not 1 <= len(sentences) <= 4:
        err(f"{fn}: {len(sentences)} sentences (need 1-4)")
    if not desc.rstrip().endswith((".", "!", "?")):
        err(f"{fn}: description does not end with sentence punctuation")
    nwords = len(desc.split())
    if not 12 <= nwords <= 60:
        err(f"{fn}: {nwords} words (need 12-60)")

# ---- queries ----
per_tool = Counter()
tasks = Counter()
n_acc = 0
n_rows = 0
with open(QUERIES, encoding="utf-8") as fh:
    for i, line in enumerate(fh, 1):
        if not line.strip():
            err(f"queries line {i}: blank line")
            continue
        n_rows += 1
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"queries line {i}: bad JSON ({e})")
            continue
        if not isinstance(row, dict) or set(row) != {"task", "expert", "acceptable"}:
            err(f"queries line {i}: keys must be exactly task/expert/acceptable")
            continue
        task, expert, acc = row["task"], row["expert"], row["acceptable"]
        if not isinstance(task, str) or not task.strip():
            err(f"queries line {i}: empty or non-string task")
        else:
            tasks[task.strip().lower()] += 1
            nw = len(task.split())
            if not 3 <= nw <= 30:
                err(f"queries line {i}: task has {nw} words (need 3-30)")
        if expert not in names:
            err(f"queries line {i}: unknown expert {expert!r}")
        per_tool[expert] += 1
        if not isinstance(acc, list) or not all(isinstance(a, str) for a in acc):
            err(f"queries line {i}: acceptable must be a list of strings")
            continue
        for a in acc:
            if a not in names:
                err(f"queries line {i}: unknown acceptable {a!r}")
        if expert in acc:
            err(f"queries line {i}: expert listed in its own acceptable")
        if len(set(acc)) != len(acc):
            err(f"queries line {i}: duplicate in acceptable")
        if acc:
            n_acc += 1

if n_rows != 300:
    err(f"expected 300 queries, found {n_rows}")
for n in sorted(names):
    if per_tool[n] != 5:
        err(f"tool {n}: {per_tool[n]} requests (need 5)")
dups = [t for t, c in tasks.items() if c > 1]
if dups:
    err(f"duplicate tasks: {dups}")

print(f"tools: {len(files)}  queries: {n_rows}  rows with acceptable: {n_acc}")
if errors:
    print(f"FAIL ({len(errors)} problems)")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK: all checks passed")
