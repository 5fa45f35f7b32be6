#!/usr/bin/env python3
"""Validate the held-out tool-selection set: .claude/agents/*.md + queries.jsonl."""
import json, os, re, sys
from collections import Counter

BASE = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(BASE, ".claude", "agents")
QUERIES = os.path.join(BASE, "queries.jsonl")
N_TOOLS, PER_TOOL = 60, 5
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
errors = []

# --- agent files ---
names = set()
files = sorted(f for f in os.listdir(AGENTS))
for fn in files:
    path = os.path.join(AGENTS, fn)
    if not fn.endswith(".md"):
        errors.append(f"{fn}: not a .md file"); continue
    stem = fn[:-3]
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != 4 or lines[0] != "---" or lines[3] != "---":
        errors.append(f"{fn}: must be exactly 4 lines: ---, name, description, ---"); continue
    m1 = re.fullmatch(r"name: (\S+)", lines[1])
    m2 = re.fullmatch(r'description: "([^"]+)"', lines[2])
    if not m1:
        errors.append(f"{fn}: bad name line"); continue
    if not m2:
        errors.append(f"{fn}: bad description line (must be one double-quoted string without inner quotes)"); continue
    name, desc = m1.group(1), m2.group(1)
    if not NAME_RE.match(name):
        errors.append(f"{fn}: name '{name}' is not kebab-case")
    if name != stem:
        errors.append(f"{fn}: name '{name}' != file name '{stem}'")
    n_sent = len(re.findall(r"[.!?](?:\s|$)", desc.strip())) or 1
    if not 1 <= n_sent <= 4:
        errors.append(f"{fn}: description has {n_sent} sentences (want 1-4)")
    names.add(name)
if len(names) != N_TOOLS:
    errors.append(f"expected {N_TOOLS} agent files, found {len(names)}")

# --- queries ---
rows, per_tool, seen = [], Counter(), Counter()
with open(QUERIES, encoding="utf-8") as f:
    raw = f.read().split("\n")
if raw and raw[-1] == "":
    raw = raw[:-1]
for i, line in enumerate(raw, 1):
    try:
        r = json.loads(line)
    except json.JSONDecodeError as e:
        errors.append(f"line {i}: invalid JSON ({e})"); continue
    if not isinstance(r, dict) or set(r) != {"task", "expert", "acceptable"}:
        errors.append(f"line {i}: keys must be exactly task, expert, acceptable"); continue
    task, expert, acc = r["task"], r["expert"], r["acceptable"]
    if not isinstance(task, str) or not task.strip():
        errors.append(f"line {i}: empty/non-string task")
        continue
    if expert not in names:
        errors.append(f"line {i}: unknown expert '{expert}'")
    if not isinstance(acc, list) or not all(isinstance(a, str) for a in acc):
        errors.append(f"line {i}: acceptable must be a list of strings"); acc = []
    for a in acc:
        if a not in names:
            errors.append(f"line {i}: unknown acceptable tool '{a}'")
        if a == expert:
            errors.append(f"line {i}: acceptable repeats the expert")
    if len(set(acc)) != len(acc):
        errors.append(f"line {i}: duplicate names in acceptable")
    low = task.lower()
    for form in {expert, expert.replace("-", " "), expert.replace("-", "")}:
        if form in low:
            errors.append(f"line {i}: query names its tool ('{form}')")
    key = re.sub(r"\s+", " ", low.strip())
    seen[key] += 1
    per_tool[expert] += 1
    rows.append(r)
if len(raw) != N_TOOLS * PER_TOOL:
    errors.append(f"expected {N_TOOLS * PER_TOOL} query lines, found {len(raw)}")
for k, c in seen.items():
    if c > 1:
        errors.append(f"duplicate query ({c}x): {k!r}")
for n in sorted(names):
    if per_tool[n] != PER_TOOL:
        errors.append(f"tool '{n}' has {per_tool[n]} queries (want {PER_TOOL})")

n_acc = sum(1 for r in rows if r["acceptable"])
print(f"agent files: {len(files)}  valid tools: {len(names)}")
print(f"query lines: {len(raw)}  parsed: {len(rows)}  unique: {len(seen)}  "
      f"tools covered: {len(per_tool)}  lines with non-empty acceptable: {n_acc}")
if errors:
    print(f"FAIL: {len(errors)} error(s)")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK: all checks passed")
