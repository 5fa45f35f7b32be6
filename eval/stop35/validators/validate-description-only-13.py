#!/usr/bin/env python3
"""Validate the description-only held-out set (stdlib only)."""
import json, os, re, sys

BASE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "description-only-13")  # the helper wrote it inside that folder
AGENT_DIR = os.path.join(BASE, ".claude", "agents")
QUERIES = os.path.join(BASE, "queries.jsonl")
N_AGENTS, PER_AGENT = 80, 5
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT = re.compile(r'\A---\nname: ([^\n]+)\ndescription: "([^"\n]*)"\n---\n?\Z')
BUCKETS = {"short": (6, 14), "medium": (25, 60), "long": (61, 120)}

STOP = set("""
a an the and or but if then else of to in on at for with by from up down out over under about into onto
as is are was were be been being am do does did doing done have has had having i me my mine myself we us
our ours you your yours he him his she her hers it its they them their theirs this that these those what
which who whom whose when where why how all any both each few more most other some such no nor not only
own same so than too very can could will would shall should may might must just also there here now
again once further off s t d ll m re ve don doesn didn isn aren wasn weren won wouldn shouldn couldn
can't let get got go going yes ok okay im its whats thats lets
""".split())

errors = []
def err(msg): errors.append(msg)

def tokens(text):
    out = set()
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        if w in STOP or len(w) < 2:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w in STOP:
            continue
        out.add(w)
    return out

# ---- agents
agents = {}
files = sorted(f for f in os.listdir(AGENT_DIR)) if os.path.isdir(AGENT_DIR) else []
md = [f for f in files if f.endswith(".md")]
if len(md) != N_AGENTS or len(files) != N_AGENTS:
    err(f"expected {N_AGENTS} .md agent files, found {len(md)} ({len(files)} entries)")
bucket_count = {k: 0 for k in BUCKETS}
for f in md:
    stem = f[:-3]
    with open(os.path.join(AGENT_DIR, f), encoding="utf-8") as fh:
        text = fh.read()
    m = FRONT.match(text)
    if not m:
        err(f"{f}: front matter not in the exact required format")
        continue
    name, desc = m.group(1), m.group(2)
    if name != stem:
        err(f"{f}: name '{name}' does not match file name")
    if not KEBAB.match(name):
        err(f"{f}: name '{name}' is not kebab-case")
    if not desc.strip():
        err(f"{f}: empty description")
    n = len(desc.split())
    b = [k for k, (lo, hi) in BUCKETS.items() if lo <= n <= hi]
    if not b:
        err(f"{f}: description has {n} words, outside every bucket")
    else:
        bucket_count[b[0]] += 1
    agents[name] = desc
third = N_AGENTS / 3
for k, c in bucket_count.items():
    if abs(c - third) > 3:
        err(f"bucket {k}: {c} descriptions, not within ±3 of {third:.1f}")

# ---- queries
rows = []
with open(QUERIES, encoding="utf-8") as fh:
    for i, line in enumerate(fh, 1):
        if not line.strip():
            err(f"queries line {i}: blank line"); continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"queries line {i}: bad JSON ({e})"); continue
        if set(r) != {"task", "expert", "acceptable"}:
            err(f"queries line {i}: keys {sorted(r)}")
            continue
        if not isinstance(r["task"], str) or not r["task"].strip():
            err(f"queries line {i}: empty task")
        elif not 4 <= len(r["task"].split()) <= 40:
            err(f"queries line {i}: task length {len(r['task'].split())} words outside 4-40")
        if not isinstance(r["acceptable"], list):
            err(f"queries line {i}: acceptable must be a list"); r["acceptable"] = []
        rows.append(r)
if len(rows) != N_AGENTS * PER_AGENT:
    err(f"expected {N_AGENTS * PER_AGENT} queries, found {len(rows)}")
per = {}
seen = set()
for r in rows:
    per[r["expert"]] = per.get(r["expert"], 0) + 1
    if r["expert"] not in agents:
        err(f"unknown expert '{r['expert']}'")
    for acc in r["acceptable"]:
        if acc not in agents:
            err(f"unknown acceptable '{acc}' in task: {r['task']}")
        if acc == r["expert"]:
            err(f"acceptable repeats expert in task: {r['task']}")
    key = " ".join(r["task"].lower().split())
    if key in seen:
        err(f"duplicate task: {r['task']}")
    seen.add(key)
for name in agents:
    if per.get(name, 0) != PER_AGENT:
        err(f"agent {name}: {per.get(name, 0)} queries, expected {PER_AGENT}")

# ---- lexical overlap
no_overlap = 0
for r in rows:
    desc = agents.get(r["expert"], "")
    agent_words = tokens(r["expert"].replace("-", " ") + " " + desc)
    if not (tokens(r["task"]) & agent_words):
        no_overlap += 1
share = no_overlap / len(rows) if rows else 0.0
wl = [len(r["task"].split()) for r in rows]
print(f"agents: {len(agents)}  buckets: {bucket_count}")
print(f"queries: {len(rows)}  task words min/max: {min(wl) if wl else 0}/{max(wl) if wl else 0}")
print(f"no-shared-content-word share: {no_overlap}/{len(rows)} = {share:.1%}")
if share < 0.60:
    err(f"no-shared-word share {share:.1%} is below 60%")

if errors:
    print(f"FAILED ({len(errors)} problems):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("PASS")
