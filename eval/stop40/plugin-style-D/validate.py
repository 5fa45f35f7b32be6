#!/usr/bin/env python3
"""Validate the plugin-style-D tool set and queries. Exits non-zero on any error."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(HERE, ".claude", "agents")
QUERIES = os.path.join(HERE, "queries.jsonl")
N_TOOLS, N_QUERIES, PER_TOOL = 60, 300, 5
errors = []

def err(msg):
    errors.append(msg)

NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
names = set()
desc_words = []
files = sorted(f for f in os.listdir(AGENTS)) if os.path.isdir(AGENTS) else []
if not files:
    err("no agent directory or files")
for fn in files:
    path = os.path.join(AGENTS, fn)
    if not fn.endswith(".md"):
        err(f"{fn}: not a .md file")
        continue
    stem = fn[:-3]
    with open(path, encoding="utf-8") as f:
        text = f.read()
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
        continue
    name = m.group(1)
    if name != stem:
        err(f"{fn}: name {name!r} != stem {stem!r}")
    if not NAME_RE.match(name):
        err(f"{fn}: name not kebab-case")
    if name in names:
        err(f"{fn}: duplicate name {name}")
    names.add(name)
    m = re.fullmatch(r'description: "([^"]+)"', lines[2])
    if not m:
        err(f"{fn}: bad description line")
        continue
    nw = len(m.group(1).split())
    desc_words.append(nw)
    if not 15 <= nw <= 45:
        err(f"{fn}: description has {nw} words (need 15-45)")
if len(files) != N_TOOLS:
    err(f"expected {N_TOOLS} agent files, got {len(files)}")

per_tool = Counter()
tasks = set()
n_lines = n_acc = 0
try:
    with open(QUERIES, encoding="utf-8") as f:
        raw = f.read().split("\n")
except OSError as e:
    err(f"cannot read queries: {e}")
    raw = []
if raw and raw[-1] == "":
    raw = raw[:-1]
for i, line in enumerate(raw, 1):
    n_lines += 1
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        err(f"line {i}: invalid JSON ({e})")
        continue
    if not isinstance(obj, dict) or set(obj) != {"task", "expert", "acceptable"}:
        err(f"line {i}: keys must be exactly task/expert/acceptable")
        continue
    t, e, a = obj["task"], obj["expert"], obj["acceptable"]
    if not isinstance(t, str) or not t.strip():
        err(f"line {i}: empty or non-string task")
        continue
    if not isinstance(a, list) or not all(isinstance(x, str) for x in a):
        err(f"line {i}: acceptable must be a list of strings")
        continue
    if e not in names:
        err(f"line {i}: unknown expert {e!r}")
    for x in a:
        if x not in names:
            err(f"line {i}: unknown acceptable {x!r}")
    if e in a:
        err(f"line {i}: acceptable includes expert")
    if len(set(a)) != len(a):
        err(f"line {i}: duplicate entries in acceptable")
    key = t.strip().lower()
    if key in tasks:
        err(f"line {i}: duplicate task {t!r}")
    tasks.add(key)
    per_tool[e] += 1
    if a:
        n_acc += 1
if n_lines != N_QUERIES:
    err(f"expected {N_QUERIES} query lines, got {n_lines}")
for n in sorted(names):
    if per_tool[n] != PER_TOOL:
        err(f"tool {n}: {per_tool[n]} queries (need {PER_TOOL})")

print(f"agent files: {len(files)}  unique names: {len(names)}")
if desc_words:
    print(f"description words: min {min(desc_words)} max {max(desc_words)} mean {sum(desc_words)/len(desc_words):.1f}")
print(f"query lines: {n_lines}  unique tasks: {len(tasks)}  tools with queries: {len(per_tool)}")
print(f"queries with acceptable alternatives: {n_acc}")
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for m in errors:
        print("  " + m)
    sys.exit(1)
print("OK")
