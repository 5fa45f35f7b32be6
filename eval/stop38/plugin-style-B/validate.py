#!/usr/bin/env python3
"""Validate the heldout51 tool-selection set: agent files + queries.jsonl."""
import json, os, re, sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(ROOT, ".claude", "agents")
QFILE = os.path.join(ROOT, "queries.jsonl")
N_TOOLS, N_PER_TOOL = 60, 5
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FM = re.compile(r'\A---\nname: (?P<name>[^\n]+)\ndescription: "(?P<desc>[^"\n]+)"\n---\n?\Z')

errors = []
def err(m): errors.append(m)

# ---- agent files ----
names = set()
files = sorted(f for f in os.listdir(AGENTS)) if os.path.isdir(AGENTS) else []
for f in files:
    if not f.endswith(".md"):
        err(f"non-.md file in agents dir: {f}"); continue
    stem = f[:-3]
    txt = open(os.path.join(AGENTS, f), encoding="utf-8").read()
    m = FM.match(txt)
    if not m:
        err(f"{f}: frontmatter does not match the required 4-line format"); continue
    n, d = m.group("name"), m.group("desc").strip()
    if n != stem: err(f"{f}: name '{n}' != file name '{stem}'")
    if not KEBAB.match(n): err(f"{f}: name '{n}' is not kebab-case")
    if not d: err(f"{f}: empty description")
    names.add(n)
if len(files) != N_TOOLS: err(f"expected {N_TOOLS} agent files, found {len(files)}")

# ---- queries ----
lines = open(QFILE, encoding="utf-8").read().splitlines()
if len(lines) != N_TOOLS * N_PER_TOOL:
    err(f"expected {N_TOOLS*N_PER_TOOL} query lines, found {len(lines)}")
per_tool, seen = Counter(), {}
n_acc = 0
for i, line in enumerate(lines, 1):
    try:
        o = json.loads(line)
    except Exception as e:
        err(f"line {i}: invalid JSON ({e})"); continue
    if not isinstance(o, dict) or set(o) != {"task", "expert", "acceptable"}:
        err(f"line {i}: keys must be exactly task/expert/acceptable"); continue
    t, e, a = o["task"], o["expert"], o["acceptable"]
    if not isinstance(t, str) or not t.strip(): err(f"line {i}: empty task")
    if e not in names: err(f"line {i}: unknown expert '{e}'")
    if not isinstance(a, list): err(f"line {i}: acceptable is not a list"); a = []
    for x in a:
        if x not in names: err(f"line {i}: unknown acceptable '{x}'")
        if x == e: err(f"line {i}: acceptable repeats the expert")
    if len(set(a)) != len(a): err(f"line {i}: duplicate acceptable entries")
    n_acc += bool(a)
    per_tool[e] += 1
    key = re.sub(r"\s+", " ", t.strip().lower())
    if key in seen: err(f"line {i}: duplicate of line {seen[key]}")
    seen[key] = i
    low = t.lower()
    # its own tool's name (stated requirement) -- and, stricter, any tool's name
    for nm in sorted(names | {e}):
        if nm.lower() in low or nm.replace("-", " ") in low:
            which = "its own tool" if nm == e else "another tool"
            err(f"line {i}: task contains the name of {which}: '{nm}'")
for n in sorted(names):
    if per_tool[n] != N_PER_TOOL:
        err(f"tool {n}: {per_tool[n]} queries (expected {N_PER_TOOL})")

print(f"agent files: {len(files)}  valid names: {len(names)}")
print(f"query lines: {len(lines)}  tools with {N_PER_TOOL} queries: "
      f"{sum(1 for n in names if per_tool[n]==N_PER_TOOL)}  lines with non-empty acceptable: {n_acc}")
if errors:
    print(f"FAIL: {len(errors)} error(s)")
    for m in errors: print("  -", m)
    sys.exit(1)
print("OK: all checks passed")
