#!/usr/bin/env python3
"""Validate the description-only-10 evaluation set.

Checks: front matter of every agent file, 70 agents, 350 queries, 5 per agent,
expert/acceptable names exist, no duplicate queries, >=2 queries per agent with
no content word shared with the agent's description. Reports per-query overlap
and the share of queries sharing no content word.
"""
import json, os, re, sys
from collections import Counter, defaultdict

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "description-only-10")
AGENTS = os.path.join(ROOT, ".claude", "agents")
QUERIES = os.path.join(ROOT, "queries.jsonl")
N_AGENTS, N_QUERIES, PER_AGENT, MIN_NOSHARE = 70, 350, 5, 2

STOP = set("""
the and for with you your yours that this these those are was were been being have has had not but can
could would should will shall may might must any all our ours out from into onto about what when where which
who whom whose how why than then there here its it's also just get got very too some such more most other
only own same both each few nor off over under again once she her hers him his they them their theirs
use used uses user users does did doing done don isn aren wasn weren won like way
""".split())
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

def words(text):
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3 and w not in STOP}

errors = []
def err(msg): errors.append(msg)

# ---- agents ----
try:
    import yaml
except ImportError:
    yaml = None
descs = {}
files = sorted(f for f in os.listdir(AGENTS)) if os.path.isdir(AGENTS) else []
if not files:
    err(f"no agent directory or files at {AGENTS}")
for f in files:
    path = os.path.join(AGENTS, f)
    if not f.endswith(".md"):
        err(f"{f}: not a .md file"); continue
    stem = f[:-3]
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != 4 or lines[0] != "---" or lines[3] != "---" \
       or not lines[1].startswith("name: ") or not lines[2].startswith("description: "):
        err(f"{f}: file is not exactly the 4-line front-matter block"); continue
    name = lines[1][len("name: "):]
    desc = lines[2][len("description: "):]
    if not KEBAB.match(name): err(f"{f}: name '{name}' is not kebab-case")
    if name != stem: err(f"{f}: name '{name}' does not match file name")
    if not desc.strip(): err(f"{f}: empty description")
    if yaml is not None:
        try:
            fm = yaml.safe_load("\n".join(lines[1:3]))
            if not isinstance(fm, dict) or set(fm) != {"name", "description"} \
               or fm["name"] != name or fm["description"] != desc:
                err(f"{f}: YAML front matter does not parse to the literal name/description")
        except Exception as e:
            err(f"{f}: YAML error: {e}")
    else:
        if ": " in desc or " #" in desc:
            err(f"{f}: description contains ': ' or ' #' (unsafe plain YAML scalar)")
    if name in descs: err(f"duplicate agent name {name}")
    descs[name] = desc
if len(descs) != N_AGENTS:
    err(f"expected {N_AGENTS} agents, found {len(descs)}")

# description length buckets
buckets = Counter(); odd = []
for n, d in descs.items():
    wc = len(d.split())
    if 8 <= wc <= 20: buckets["short 8-20"] += 1
    elif 25 <= wc <= 60: buckets["medium 25-60"] += 1
    elif 60 < wc <= 120: buckets["long 61-120"] += 1
    else: odd.append((n, wc))
for n, wc in odd:
    err(f"{n}: description has {wc} words, outside all length buckets")

# ---- queries ----
rows = []
with open(QUERIES, encoding="utf-8") as fh:
    for i, line in enumerate(fh, 1):
        if not line.strip():
            err(f"queries line {i}: blank line"); continue
        try:
            r = json.loads(line)
        except Exception as e:
            err(f"queries line {i}: bad JSON ({e})"); continue
        if not isinstance(r, dict) or set(r) != {"task", "expert", "acceptable"}:
            err(f"queries line {i}: keys must be exactly task/expert/acceptable"); continue
        if not isinstance(r["task"], str) or not r["task"].strip():
            err(f"queries line {i}: empty task")
        if r["expert"] not in descs:
            err(f"queries line {i}: unknown expert {r['expert']!r}")
        if not isinstance(r["acceptable"], list):
            err(f"queries line {i}: acceptable is not a list")
        else:
            for a in r["acceptable"]:
                if a not in descs: err(f"queries line {i}: unknown acceptable {a!r}")
                if a == r["expert"]: err(f"queries line {i}: acceptable repeats expert")
            if len(set(r["acceptable"])) != len(r["acceptable"]):
                err(f"queries line {i}: duplicate acceptable entries")
        rows.append((i, r))
if len(rows) != N_QUERIES:
    err(f"expected {N_QUERIES} queries, found {len(rows)}")
norm = Counter(" ".join(r["task"].lower().split()) for _, r in rows)
for t, c in norm.items():
    if c > 1: err(f"duplicate query ({c}x): {t!r}")
per = Counter(r["expert"] for _, r in rows)
for n in descs:
    if per[n] != PER_AGENT: err(f"{n}: {per[n]} queries, expected {PER_AGENT}")

# ---- content-word overlap ----
noshare = defaultdict(int); n_none = 0
print("== per-query content-word overlap with expert description ==")
for i, r in rows:
    if r["expert"] not in descs: continue
    shared = sorted(words(r["task"]) & words(descs[r["expert"]]))
    if not shared:
        n_none += 1; noshare[r["expert"]] += 1
    print(f"{i:4d} {r['expert']:30s} {'NONE' if not shared else 'shares: ' + ','.join(shared)}")
for n in descs:
    if noshare[n] < MIN_NOSHARE:
        err(f"{n}: only {noshare[n]} of its queries share no content word (need >= {MIN_NOSHARE})")

print()
print(f"agents: {len(descs)}  queries: {len(rows)}  per-agent counts: {sorted(set(per.values()))}")
print("description lengths: " + ", ".join(f"{k}: {v}" for k, v in sorted(buckets.items())))
print(f"queries with non-empty acceptable: {sum(1 for _, r in rows if r['acceptable'])}")
print(f"queries sharing no content word with their expert's description: {n_none}/{len(rows)} = {n_none/max(len(rows),1):.1%}")
print(f"agents by number of no-share queries: {dict(sorted(Counter(noshare[n] for n in descs).items()))}")
if errors:
    print(f"\nINVALID: {len(errors)} error(s)")
    for e in errors: print("  - " + e)
    sys.exit(1)
print("\nVALID")
