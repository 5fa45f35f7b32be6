#!/usr/bin/env python3
"""Share of requests that share a content word with their expert tool's description."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(HERE, ".claude", "agents")
STOP = set("""
the and for with you your are was were can could will would should what when where
which who why how this that these those from into about any all has have had not but
our out get got its than then there their they them too very just also more some each
per via does did don been being his her she him let yes off onto over under
""".split())

def words(text):
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3 and w not in STOP}

desc = {}
for fn in os.listdir(AGENTS):
    if fn.endswith(".md"):
        with open(os.path.join(AGENTS, fn), encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("description:"):
                    desc[fn[:-3]] = words(line[len("description:"):])

rows = [json.loads(l) for l in open(os.path.join(HERE, "queries.jsonl"), encoding="utf-8") if l.strip()]
hits = 0
for r in rows:
    shared = words(r["task"]) & desc[r["expert"]]
    if shared:
        hits += 1
    if "-v" in sys.argv:
        print(f"{'Y' if shared else '-'} {r['expert']:26s} {sorted(shared)} | {r['task']}")
print(f"overlap: {hits}/{len(rows)} = {hits/len(rows):.3f}")
