"""Validates the description-only-12 agent-selection evaluation set.

Usage: python3 validate.py [--verbose]
Exits non-zero if any check fails.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "description-only-12")  # the helper wrote it inside that folder
AGENTS_DIR = os.path.join(HERE, ".claude", "agents")
QUERIES = os.path.join(HERE, "queries.jsonl")

N_AGENTS = 70
PER_AGENT = 5
BUCKETS = {  # name: (min words, max words, required count)
    "short": (6, 14, 24),
    "medium": (25, 60, 23),
    "long": (61, 120, 23),  # 60 itself is counted as medium
}

FRONT_RE = re.compile(r'\A---\nname: ([^\n]*)\ndescription: "([^"\n]*)"\n---\n?\Z')
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

STOP = set("""
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't
she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
there there's these they they'd they'll they're they've this those through to too under until up very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's
whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
also just like etc via per may might must will shall get got gets getting make makes made one ones thing
things something anything everything nothing someone anyone everyone lot lots really even still ever way
much many well okay ok yes please thanks hi hey im ive dont doesnt cant wont isnt whats thats theres youre
""".split())


def tokens(text):
    text = text.lower().replace("\u2019", "'")
    out = []
    for w in re.findall(r"[a-z0-9']+", text):
        w = w.strip("'")
        if not w or w in STOP:
            continue
        if w.endswith("'s"):
            w = w[:-2]
        w = w.replace("'", "")
        if len(w) < 2 or w.isdigit() or w in STOP:
            continue
        out.append(w)
    return out


def stem(w):
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith("es"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # running -> runn -> run, stopped -> stopp -> stop
    return w


def content(text):
    return {stem(w) for w in tokens(text)}


def main():
    verbose = "--verbose" in sys.argv
    errors = []

    # ---- agents ----
    agents = {}
    files = sorted(f for f in os.listdir(AGENTS_DIR)) if os.path.isdir(AGENTS_DIR) else []
    md_files = [f for f in files if f.endswith(".md")]
    if len(md_files) != N_AGENTS:
        errors.append("expected %d agent files, found %d" % (N_AGENTS, len(md_files)))
    if len(files) != len(md_files):
        errors.append("non-.md entries in agents dir: %s" % [f for f in files if not f.endswith(".md")])
    bucket_counts = Counter()
    for fn in md_files:
        with open(os.path.join(AGENTS_DIR, fn), encoding="utf-8") as f:
            raw = f.read()
        m = FRONT_RE.match(raw)
        if not m:
            errors.append("%s: front matter does not match the required format" % fn)
            continue
        name, desc = m.group(1), m.group(2)
        if not NAME_RE.match(name):
            errors.append("%s: name %r is not kebab-case" % (fn, name))
        if name + ".md" != fn:
            errors.append("%s: name %r does not equal file name" % (fn, name))
        if name in agents:
            errors.append("duplicate agent name %r" % name)
        agents[name] = desc
        n = len(desc.split())
        for b, (lo, hi, _) in BUCKETS.items():
            if lo <= n <= hi:
                bucket_counts[b] += 1
                break
        else:
            errors.append("%s: description has %d words, outside every bucket" % (fn, n))
    for b, (lo, hi, want) in BUCKETS.items():
        if bucket_counts[b] != want:
            errors.append("bucket %s (%d-%d words): expected %d, found %d" % (b, lo, hi, want, bucket_counts[b]))

    # ---- queries ----
    rows = []
    with open(QUERIES, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                errors.append("line %d: empty" % i)
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append("line %d: bad json (%s)" % (i, e))
                continue
            if set(r) != {"task", "expert", "acceptable"}:
                errors.append("line %d: keys %s" % (i, sorted(r)))
                continue
            if not isinstance(r["task"], str) or not r["task"].strip():
                errors.append("line %d: empty task" % i)
            if not isinstance(r["acceptable"], list):
                errors.append("line %d: acceptable is not a list" % i)
                continue
            if r["expert"] not in agents:
                errors.append("line %d: unknown expert %r" % (i, r["expert"]))
            for a in r["acceptable"]:
                if a not in agents:
                    errors.append("line %d: unknown acceptable %r" % (i, a))
            if r["expert"] in r["acceptable"]:
                errors.append("line %d: acceptable contains the expert" % i)
            if len(set(r["acceptable"])) != len(r["acceptable"]):
                errors.append("line %d: duplicate in acceptable" % i)
            rows.append(r)
    if len(rows) != N_AGENTS * PER_AGENT:
        errors.append("expected %d queries, found %d" % (N_AGENTS * PER_AGENT, len(rows)))
    per = Counter(r["expert"] for r in rows)
    for name in agents:
        if per[name] != PER_AGENT:
            errors.append("agent %s has %d queries" % (name, per[name]))
    norm = Counter(re.sub(r"\s+", " ", r["task"].strip().lower()) for r in rows)
    for t, c in norm.items():
        if c > 1:
            errors.append("duplicate query: %r" % t)

    # ---- lexical overlap ----
    no_overlap = 0
    n_acc = 0
    for r in rows:
        if r["expert"] not in agents:
            continue
        n_acc += bool(r["acceptable"])
        agent_words = content(r["expert"].replace("-", " ") + " " + agents[r["expert"]])
        shared = content(r["task"]) & agent_words
        if not shared:
            no_overlap += 1
        elif verbose:
            print("OVERLAP %-32s %-30s %s" % (r["expert"], sorted(shared), r["task"]))
    share = no_overlap / len(rows) if rows else 0.0

    print("agents: %d  (short %d, medium %d, long %d)" % (
        len(agents), bucket_counts["short"], bucket_counts["medium"], bucket_counts["long"]))
    print("queries: %d  (with non-empty acceptable: %d)" % (len(rows), n_acc))
    print("queries sharing no content word with agent name+description: %d/%d = %.1f%%" % (
        no_overlap, len(rows), 100 * share))
    if errors:
        print("FAIL (%d problems)" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
