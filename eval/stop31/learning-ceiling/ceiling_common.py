# What both ceiling scripts share: the dumped rankings (dump-roster-*.json, from dump-rankings.js), the
# stratified half split of each set (by labelled expert, seeded), and whether a choice is right.
import collections, glob, random

files = sorted(glob.glob('dump-roster-*.json'))

def split(data, seed):
    r = random.Random(seed); by = collections.defaultdict(list)
    for i,t in enumerate(data): by[t['expert']].append(i)
    tr, ho = [], []
    for e in sorted(by):
        l = by[e][:]; r.shuffle(l); h = len(l)//2
        ho += l[:h]; tr += l[h:]
    return tr, ho

def ok(t, e): return e == t['expert'] or e in t['acceptable']
