import json, random, math, sys, glob, collections
from ceiling_common import files, split, ok
def vec(t, pairs=0.0):
    v = collections.Counter()
    for w, x in t['words']: v['w:'+w] += x
    if pairs:
        s = t['seq']
        for a,b in zip(s, s[1:]):
            if a!=b: v['p:'+a+'_'+b] += pairs
    return v
def norm(v):
    n = math.sqrt(sum(x*x for x in v.values())) or 1
    return {k: x/n for k,x in v.items()}
def run(mode, w, T=5.0, pairs=0.0, seeds=(1,2,3)):
    gains=[]; broke=fixed=0
    for f in files:
        data = json.load(open(f))
        for seed in seeds:
            tr, ho = split(data, seed)
            prof = collections.defaultdict(collections.Counter)
            ex = collections.defaultdict(list)
            for i in tr:
                t = data[i]; v = norm(vec(t, pairs))
                for k,x in v.items(): prof[t['expert']][k] += x
                ex[t['expert']].append(v)
            # idf over experts
            df = collections.Counter()
            for e,p in prof.items():
                for k in p: df[k]+=1
            E = len(prof)
            base=new=0
            for i in ho:
                t = data[i]
                pri = {e: s for e,s,_ in t['ranked']}
                b = max(pri, key=lambda e: pri[e]) if pri else None
                v = norm(vec(t, pairs))
                sims = {}
                for e in prof:
                    if mode=='centroid':
                        p = prof[e]; pn = math.sqrt(sum(x*x for x in p.values())) or 1
                        sims[e] = sum(v[k]*p.get(k,0) for k in v)/pn
                    elif mode=='idfcent':
                        p = prof[e]; q={k: p[k]*math.log(1+E/df[k]) for k in p}; pn=math.sqrt(sum(x*x for x in q.values())) or 1
                        sims[e] = sum(v[k]*q.get(k,0) for k in v)/pn
                    elif mode=='knn':
                        sims[e] = max(sum(v[k]*u.get(k,0) for k in v) for u in ex[e])
                    elif mode=='knnsum':
                        sims[e] = sum(sum(v[k]*u.get(k,0) for k in v) for u in ex[e])
                mx = max(sims.values()) or 1
                sc = {e: T*pri.get(e,0) + w*sims.get(e,0) for e in set(pri)|set(sims)}
                n = max(sc, key=lambda e:(sc[e], pri.get(e,0)))
                bo, no = ok(t,b), ok(t,n)
                base += bo; new += no
                if bo and not no: broke+=1
                if no and not bo: fixed+=1
            gains.append((new-base)/len(ho))
    return sum(gains)/len(gains), fixed, broke
for mode in ['centroid','idfcent','knn','knnsum']:
    for w in [0.5,1,2,3]:
        g,fx,br = run(mode,w)
        print(mode, w, 'gain %.4f fixed %d broke %d'%(g,fx,br))
