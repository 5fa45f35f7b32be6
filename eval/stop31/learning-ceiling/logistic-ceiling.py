import json, random, math, glob, collections, sys
import numpy as np
from ceiling_common import files, split, ok
experts = sorted({t['expert'] for f in files for t in json.load(open(f))})
X = {e:i for i,e in enumerate(experts)}; K=len(experts)
def feats(t, use):
    v = collections.Counter()
    if 'w' in use:
        n = math.sqrt(sum(x*x for _,x in t['words'])) or 1
        for w,x in t['words']: v['w:'+w] += x/n
    if 'p' in use:
        pr = [(e,s) for e,s,_ in t['ranked'][:5] if s>0]
        n = math.sqrt(sum(s*s for _,s in pr)) or 1
        for e,s in pr: v['kw:'+e] += 0.35*s/n
    if 'r' in use:  # rank-1 indicator
        if t['ranked']: v['top:'+t['ranked'][0][0]] += 0.35
    if 'b' in use: v['bias'] = 0.25
    return v
def run(use, lam, T=5.0, iters=300, lr=0.5, seeds=(1,2,3)):
    g=[]; fixed=broke=0; trainacc=[]
    for f in files:
        data=json.load(open(f))
        for seed in seeds:
            tr,ho=split(data,seed)
            F={}
            def enc(t):
                fv=feats(t,use); return [(F.setdefault(k,len(F)),x) for k,x in fv.items()]
            trf=[enc(data[i]) for i in tr]
            nF=len(F)
            W=np.zeros((nF+1,K))
            P=np.zeros((len(tr),K))
            for j,i in enumerate(tr):
                for e,s,_ in data[i]['ranked']: P[j,X[e]]=T*s
            Xm=np.zeros((len(tr),nF+1))
            for j,fv in enumerate(trf):
                for k,x in fv: Xm[j,k]=x
            Y=np.zeros((len(tr),K))
            for j,i in enumerate(tr): Y[j,X[data[i]['expert']]]=1
            for it in range(iters):
                Z=P+Xm@W; Z-=Z.max(1,keepdims=True); E=np.exp(Z); E/=E.sum(1,keepdims=True)
                G=Xm.T@(E-Y)/len(tr)+lam*W
                W-=lr*G*len(tr)/10
            Z=P+Xm@W
            trainacc.append(np.mean([ok(data[i],experts[int(np.argmax(Z[j]))]) for j,i in enumerate(tr)]))
            base=new=0
            for i in ho:
                t=data[i]; pri=np.zeros(K)
                for e,s,_ in t['ranked']: pri[X[e]]=T*s
                x=np.zeros(nF+1)
                for k,v in feats(t,use).items():
                    if k in F: x[F[k]]=v
                z=pri+x@W
                b=experts[int(np.argmax(pri))]; n=experts[int(np.argmax(z))]
                bo,no=ok(t,b),ok(t,n); base+=bo; new+=no
                fixed+= (no and not bo); broke+=(bo and not no)
            g.append((new-base)/len(ho))
    return np.mean(g), fixed, broke, np.mean(trainacc)
for use in ['b','p','pb','w','wb','wpb','r','rb']:
    for lam in [1e-2,1e-3]:
        print(use, lam, 'gain %.4f fixed %d broke %d train %.3f'%run(use,lam))
        sys.stdout.flush()
