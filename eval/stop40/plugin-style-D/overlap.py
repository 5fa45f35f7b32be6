#!/usr/bin/env python3
"""Share of requests that share >=1 content word with their expert tool's description."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(HERE, ".claude", "agents")

STOP = set("""
a an the and or but if of to in on at by for with from into onto about as than then so
is are was were be been being am do does did doing have has had having
i me my mine we us our you your he him his she her it its they them their this that these those
what which who whom whose when where why how there here
can could will would should shall may might must not no nor any some all each every
just also very too more most much many few own same other such only
up down out over under off again once
use using tool user users someone
""".split())

def stem(w):
    if w.endswith("ing") and len(w) > 5:
        return w[:-3]
    if w.endswith("ed") and len(w) > 4:
        return w[:-2]
    if w.endswith("s") and len(w) > 3 and not w.endswith("ss"):
        return w[:-1]
    return w

def content(text):
    out = set()
    for w in re.findall(r"[^\W_]+", text.lower()):
        if w in STOP or w.isdigit() or len(w) < 2:
            continue
        s = stem(w)
        if s in STOP:
            continue
        out.add(s)
    return out

desc = {}
for fn in os.listdir(AGENTS):
    if fn.endswith(".md"):
        with open(os.path.join(AGENTS, fn), encoding="utf-8") as f:
            for line in f:
                if line.startswith("description:"):
                    desc[fn[:-3]] = content(line[len("description:"):])

total = shared = 0
verbose = "-v" in sys.argv
with open(os.path.join(HERE, "queries.jsonl"), encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        q = json.loads(line)
        total += 1
        common = content(q["task"]) & desc.get(q["expert"], set())
        if common:
            shared += 1
        if verbose:
            print(f"{'O' if common else '-'} {q['expert']:20s} {sorted(common)} | {q['task']}")
share = shared / total if total else 0.0
print(f"requests sharing >=1 content word with their tool description: {shared}/{total} = {share:.1%}")
