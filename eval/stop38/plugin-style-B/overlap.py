#!/usr/bin/env python3
"""Share of queries sharing >=1 content word (non-stopword, alphabetic, len>=3, exact lowercase
token match) with the expert tool's description."""
import json, os, re, sys
from collections import Counter
ROOT = os.path.dirname(os.path.abspath(__file__))
STOP = set("""a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how i
if in into is isn't it it's its itself just let's me more most much my myself no nor not now of off on once only or
other ought our ours ourselves out over own same she should so some such than that that's the their theirs them
themselves then there there's these they this those through to too under until up very was wasn't we were what
what's when where which while who whom why will with won't would you your yours yourself yourselves get got one
use using want wants like make makes need give me pls please can could would let us it's i'm i've im via per
whenever whatever anything any every""".split())
def toks(s):
    return {w for w in re.findall(r"[a-z][a-z']*", s.lower().replace("\u2019", "'")) if len(w) >= 3 and w not in STOP}
desc = {}
for f in os.listdir(os.path.join(ROOT, ".claude", "agents")):
    t = open(os.path.join(ROOT, ".claude", "agents", f)).read()
    desc[f[:-3]] = re.search(r'description: "(.*)"', t).group(1)
hit, per = 0, Counter()
rows = [json.loads(l) for l in open(os.path.join(ROOT, "queries.jsonl"))]
for o in rows:
    shared = toks(o["task"]) & toks(desc[o["expert"]])
    if shared: hit += 1; per[o["expert"]] += 1
    if "-v" in sys.argv: print(("+" if shared else "-"), o["expert"], "|", o["task"], "|", sorted(shared))
print(f"queries sharing >=1 content word with expert description: {hit}/{len(rows)} = {hit/len(rows):.1%}")
print(f"tools with 0/5 overlapping queries: {sum(1 for n in desc if per[n]==0)}; with 5/5: {sum(1 for n in desc if per[n]==5)}")
