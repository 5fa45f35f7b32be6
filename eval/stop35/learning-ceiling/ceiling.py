#!/usr/bin/env python3
"""How much can outcomes on half of a roster set move the other half, at best?

Input: rankings dumped by dump-rankings.js (the chooser's untrained logits per task). For each file and
seeds 1-3, the tasks are split 50/50 stratified by expert; a learner sees the train half with PERFECT
labels (every task's right expert, as `eval learning --feedback correction` gives after enough epochs)
and adds its logits to the chooser's. Printed: held-out top-1 before and after, averaged over files and
seeds. Learners:
  words-lr     online logistic regression over IDF-weighted words on top of the prior (the shape of
               the chooser's OnlineSoftmax), 5 epochs;
  words-nb     centred naive-Bayes-like word/expert association;
  confusion    features of the prior's own top two (learns "when A leads over B, it is B");
  vectors-knn  nearest train tasks by GloVe word vectors (models/word-vectors), voting their expert.
Usage: python3 ceiling.py rankings-*.jsonl   (numpy needed)
"""
import glob, json, math, os, random, re, struct, sys
import numpy as np

STOP = set("""a an the and or of to in on for with at by from is are was were be been it its this that these those we
our us you your i my me they their them he she his her not no do does did can could should would will just so but if
then than as into about up out over all any some more most very also have has had get got make made need needs want
wants how what why when where which who whom there here too only still every each other another same new one two""".split())
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def stem(w):
    for suf in ("ingly", "edly", "ing", "ed", "es", "s", "ly"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def words(text):
    return [stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 1]


def load_vectors(path=os.path.join(ROOT, "models", "word-vectors", "glove-100d-40k.b3wv")):
    b = open(path, "rb").read()
    _, _, count, dim, wl = struct.unpack_from("<4sIIII", b, 0)
    off = 20
    vocab = b[off : off + wl].decode().split("\n")
    off = (off + wl + 3) // 4 * 4
    scales = np.frombuffer(b, dtype="<f4", count=count, offset=off)
    off += 4 * count
    comp = np.frombuffer(b, dtype=np.int8, count=count * dim, offset=off).reshape(count, dim).astype(np.float32)
    return {w: i for i, w in enumerate(vocab)}, comp * scales[:, None]


def split(rows, seed):
    rng, by = random.Random(seed), {}
    for r in rows:
        by.setdefault(r["expert"], []).append(r)
    train, held = [], []
    for e in sorted(by):
        xs = by[e][:]
        rng.shuffle(xs)
        train += xs[: len(xs) // 2]
        held += xs[len(xs) // 2 :]
    return train, held


def main(files):
    data = [[json.loads(l) for l in open(f) if l.strip()] for f in files]
    experts = sorted({r["expert"] for rows in data for r in rows} | {e for rows in data for r in rows for e, _ in r["scores"]})
    index = {e: i for i, e in enumerate(experts)}
    n = len(experts)
    vidx, vecs = load_vectors()

    def prior(r):
        v = np.full(n, -50.0)
        for e, s in r["scores"]:
            v[index[e]] = s
        return v

    def right(r, i):
        return experts[i] == r["expert"] or experts[i] in r["acceptable"]

    def word_features(train):
        df = {}
        for r in train:
            for w in set(words(r["task"])):
                df[w] = df.get(w, 0) + 1

        def features(r):
            f = {w: math.log(1 + len(train) / df[w]) for w in set(words(r["task"])) if w in df}
            norm = math.sqrt(sum(v * v for v in f.values())) or 1
            return {w: v / norm for w, v in f.items()}

        return features

    def confusion_features(r):
        top = r["scores"][:2]
        if not top:
            return {}
        f = {"top:" + top[0][0]: 1.0}
        if len(top) > 1:
            f["pair:" + top[0][0] + ">" + top[1][0]] = 1.0
        return f

    def logistic(train, features, rate, epochs=5, l2=1e-3):
        weights = {}
        for epoch in range(epochs):
            order = train[:]
            random.Random(epoch).shuffle(order)
            for r in order:
                f = features(r)
                z = prior(r) + sum((weights[k] * x for k, x in f.items() if k in weights), np.zeros(n))
                p = np.exp(z - z.max())
                p /= p.sum()
                p[index[r["expert"]]] -= 1
                for k, x in f.items():
                    weights[k] = weights.get(k, np.zeros(n)) * (1 - l2) - rate * p * x
        return lambda r: sum((weights[k] * x for k, x in features(r).items() if k in weights), np.zeros(n))

    def naive_bayes(train, features, alpha=1.0):
        weights = {}
        for r in train:
            for k, x in features(r).items():
                weights.setdefault(k, np.zeros(n))[index[r["expert"]]] += x
        for k in weights:
            weights[k] -= weights[k].mean()
        return lambda r: alpha * sum((weights[k] * x for k, x in features(r).items() if k in weights), np.zeros(n))

    def text_vector(text):
        ws = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and w in vidx]
        if not ws:
            return np.zeros(vecs.shape[1])
        v = sum(vecs[vidx[w]] * math.log(1 + vidx[w] / 100) for w in ws)
        return v / (np.linalg.norm(v) or 1)

    def knn(train, alpha=0.5):
        tv = np.array([text_vector(r["task"]) for r in train])
        labels = [index[r["expert"]] for r in train]

        def learned(r):
            sims = tv @ text_vector(r["task"])
            out = np.zeros(n)
            j = int(np.argmax(sims))
            out[labels[j]] += max(0.0, float(sims[j])) * alpha
            return out

        return learned

    learners = {
        "words-lr rate 1": lambda tr: logistic(tr, word_features(tr), 1.0),
        "words-lr rate 0.3": lambda tr: logistic(tr, word_features(tr), 0.3),
        "words-nb": lambda tr: naive_bayes(tr, word_features(tr)),
        "confusion rate 0.3": lambda tr: logistic(tr, confusion_features, 0.3),
        "vectors-knn": knn,
    }
    print(f"{len(files)} files x 3 seeds, held-out top-1 (base -> after, mean of {len(files) * 3} splits)")
    for name, make in learners.items():
        pairs = []
        for rows in data:
            for seed in (1, 2, 3):
                train, held = split(rows, seed)
                learned = make(train)
                before = np.mean([right(r, int(np.argmax(prior(r)))) for r in held])
                after = np.mean([right(r, int(np.argmax(prior(r) + learned(r)))) for r in held])
                pairs.append((before, after))
        g = np.array(pairs)
        d = g[:, 1] - g[:, 0]
        print(f"  {name:20s} {g[:, 0].mean():.3f} -> {g[:, 1].mean():.3f}  ({d.mean():+.3f}, sd {d.std():.3f}, best split {d.max():+.3f})")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(glob.glob("rankings-*.jsonl")))
