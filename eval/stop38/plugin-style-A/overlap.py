#!/usr/bin/env python3
"""Share of queries sharing >=1 content word (non-stopword) with their expert's description."""
import json, os, re, sys
BASE = os.path.dirname(os.path.abspath(__file__))
STOP = set("""a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's
hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like
me more most mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own
please same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too under until up
us use used using very via want wants was wasn't we we'd we'll we're we've were weren't what what's when when's
where where's whether which while who who's whom why why's will with won't would wouldn't you you'd you'll you're
you've your yours yourself yourselves it's it
s t d ll re ve m""".split())
# --strict also drops generic words that carry little domain signal
GENERIC = set("""find get gets give good best one new time much many top next last going know make made see show
whole help like day days week right way take put look move""".split())
if "--strict" in sys.argv:
    STOP |= GENERIC
def toks(s):
    return {w for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", s.lower())
            if w not in STOP and not w.isdigit() and len(w) > 1}
def stem(w):
    for suf in ("ies", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)] + ("y" if suf == "ies" else "")
    return w
desc = {}
for fn in os.listdir(os.path.join(BASE, ".claude/agents")):
    txt = open(os.path.join(BASE, ".claude/agents", fn), encoding="utf-8").read()
    desc[fn[:-3]] = re.search(r'^description: "(.*)"$', txt, re.M).group(1)
rows = [json.loads(l) for l in open(os.path.join(BASE, "queries.jsonl"), encoding="utf-8")]
exact = stemmed = 0
for r in rows:
    q, d = toks(r["task"]), toks(desc[r["expert"]])
    if q & d: exact += 1
    if {stem(w) for w in q} & {stem(w) for w in d}: stemmed += 1
    if "-v" in sys.argv:
        print(("Y " if q & d else "- ") + r["expert"].ljust(24) + str(sorted(q & d)) + "  " + r["task"])
n = len(rows)
print(("[strict] " if "--strict" in sys.argv else "") + f"exact content-word overlap: {exact}/{n} = {exact/n:.1%}")
print(f"with plural stemming:       {stemmed}/{n} = {stemmed/n:.1%}")
