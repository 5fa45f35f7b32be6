#!/usr/bin/env python3
"""Validator for the heldout33 evaluation sets.

Checks:
  roster-32.jsonl            valid JSON, roster ids, 6 lines per expert in blocks of 6,
                             task length 6-40 words, acceptable ids valid and != expert,
                             symptom lines (3rd/4th of each block) free of title words
  teams-S.jsonl              valid JSON, 40 lines, 30 x 2 and 10 x 3 required ids,
                             distinct ids, every roster expert at least twice
  description-only-11/       70 agent files with valid frontmatter (name == file id,
                             kebab-case), description length buckets, bodies for ~1/3,
                             queries.jsonl with 5 queries per agent and the share of
                             queries sharing no content word with name + description
  all files                  no duplicate task text; unique 3-word openings in files 1+2
Exit status 0 when everything passes.
"""
import collections
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROSTER_MD = "/work/shared/eval/roster.md"
ROSTER_SET = os.path.join(HERE, "roster-32.jsonl")
TEAMS_SET = os.path.join(HERE, "teams-S.jsonl")
DESC_DIR = os.path.join(HERE, "description-only-11")
AGENTS_DIR = os.path.join(DESC_DIR, ".claude", "agents")
QUERIES = os.path.join(DESC_DIR, "queries.jsonl")

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

STOP = set("""
a about above after again against all am an and any are as at be because been before being below
between both but by can did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with you your
yours yourself yourselves
also could would might may must shall get gets got let lets like via etc yet still much many well
please pls thanks thank hey hi ok okay really
don isn doesn didn won wasn aren couldn shouldn wouldn hasn haven weren ain
""".split())

SUFFIXES = ["ations", "ation", "ments", "ment", "ings", "ing", "ness", "ers", "er",
            "ies", "ied", "ed", "es", "ly", "s"]

errors = []


def err(msg):
    errors.append(msg)


def stem(word):
    w = word.lower()
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + ("y" if suf in ("ies", "ied") else "")
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if len(w) >= 5 and w.endswith("e"):
        w = w[:-1]
    return w


def content_stems(text):
    words = re.findall(r"[a-z]+", text.lower())
    return {stem(w) for w in words if len(w) >= 3 and w not in STOP}


def overlap(q_stems, d_stems):
    hits = set()
    for q in q_stems:
        for d in d_stems:
            if q == d or (min(len(q), len(d)) >= 4 and (q.startswith(d) or d.startswith(q))):
                hits.add((q, d))
    return hits


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}: blank line")
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                err(f"{os.path.basename(path)}:{n}: invalid JSON ({exc})")
    return rows


def roster_ids():
    ids = []
    with open(ROSTER_MD, encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"^\|\s*([a-z0-9-]+)\s*\|\s*\d+\s*\|", line)
            if m:
                ids.append(m.group(1))
    return ids


def norm(task):
    return re.sub(r"\s+", " ", task.strip().lower())


def opening(task, n=3):
    return " ".join(re.findall(r"[a-z0-9'/+#.-]+", task.lower())[:n])


def main():
    ids = roster_ids()
    idset = set(ids)
    print(f"roster.md: {len(ids)} expert ids")
    if len(ids) != 24:
        err(f"roster.md: expected 24 ids, found {len(ids)}")

    all_tasks = collections.Counter()
    openings = collections.defaultdict(list)

    # ---------------- roster-32.jsonl ----------------
    rows = read_jsonl(ROSTER_SET)
    per_expert = collections.Counter()
    for n, r in rows:
        if set(r) != {"task", "expert", "acceptable"}:
            err(f"roster-32:{n}: keys {sorted(r)}")
            continue
        if r["expert"] not in idset:
            err(f"roster-32:{n}: unknown expert {r['expert']}")
        if not isinstance(r["acceptable"], list):
            err(f"roster-32:{n}: acceptable is not a list")
        else:
            for a in r["acceptable"]:
                if a not in idset:
                    err(f"roster-32:{n}: unknown acceptable id {a}")
                if a == r["expert"]:
                    err(f"roster-32:{n}: acceptable repeats the expert")
        wc = len(r["task"].split())
        if not 6 <= wc <= 40:
            err(f"roster-32:{n}: {wc} words (want 6-40)")
        per_expert[r["expert"]] += 1
        all_tasks[norm(r["task"])] += 1
        openings[opening(r["task"])].append(f"roster-32:{n}")
    if len(rows) != 144:
        err(f"roster-32: {len(rows)} lines, want 144")
    for i in ids:
        if per_expert[i] != 6:
            err(f"roster-32: {i} has {per_expert[i]} tasks, want 6")
    # block layout: 6 consecutive lines per expert, lines 3-4 of a block are symptoms
    symptom_ok = 0
    for b in range(0, len(rows), 6):
        block = rows[b:b + 6]
        experts = {r["expert"] for _, r in block}
        if len(experts) != 1:
            err(f"roster-32: lines {b + 1}-{b + 6} mix experts {sorted(experts)}")
            continue
        title = set(next(iter(experts)).split("-"))
        title_stems = {stem(t) for t in title}
        if "debugger" in title:
            title_stems |= {"bug", "debug"}
        for n, r in block[2:4]:
            words = re.findall(r"[a-z]+", r["task"].lower())
            bad = [w for w in words if w in title or stem(w) in title_stems]
            if bad:
                err(f"roster-32:{n}: symptom task uses title word(s) {bad}")
            else:
                symptom_ok += 1
    print(f"roster-32.jsonl: {len(rows)} lines, {len(per_expert)} experts, "
          f"min/max per expert {min(per_expert.values(), default=0)}/{max(per_expert.values(), default=0)}, "
          f"symptom lines free of title words {symptom_ok}/48, "
          f"lines with acceptable ids {sum(1 for _, r in rows if r.get('acceptable'))}")

    # ---------------- teams-S.jsonl ----------------
    rows = read_jsonl(TEAMS_SET)
    sizes = collections.Counter()
    appear = collections.Counter()
    for n, r in rows:
        if set(r) != {"task", "required"}:
            err(f"teams-S:{n}: keys {sorted(r)}")
            continue
        req = r["required"]
        if len(set(req)) != len(req):
            err(f"teams-S:{n}: duplicate ids in required")
        for a in req:
            if a not in idset:
                err(f"teams-S:{n}: unknown id {a}")
            appear[a] += 1
        sizes[len(req)] += 1
        all_tasks[norm(r["task"])] += 1
        openings[opening(r["task"])].append(f"teams-S:{n}")
    if len(rows) != 40:
        err(f"teams-S: {len(rows)} lines, want 40")
    if sizes != collections.Counter({2: 30, 3: 10}):
        err(f"teams-S: sizes {dict(sizes)}, want 30 x 2 and 10 x 3")
    for i in ids:
        if appear[i] < 2:
            err(f"teams-S: {i} appears {appear[i]} times, want >= 2")
    print(f"teams-S.jsonl: {len(rows)} lines, sizes {dict(sorted(sizes.items()))}, "
          f"appearances min {min(appear[i] for i in ids)} max {max(appear[i] for i in ids)}")

    for op, where in openings.items():
        if len(where) > 1:
            err(f"opening '{op}' reused: {where}")

    # ---------------- description-only-11 agents ----------------
    agents = {}
    buckets = collections.Counter()
    with_body = 0
    for fn in sorted(os.listdir(AGENTS_DIR)):
        path = os.path.join(AGENTS_DIR, fn)
        aid = fn[:-3] if fn.endswith(".md") else fn
        if not fn.endswith(".md"):
            err(f"agents: stray file {fn}")
            continue
        if not KEBAB.match(aid):
            err(f"agents: id {aid} is not kebab-case")
        if aid in idset:
            err(f"agents: {aid} is a roster id")
        text = open(path, encoding="utf-8").read()
        m = re.match(r"^---\n(.*?)\n---\n?(.*)$", text, re.S)
        if not m:
            err(f"agents/{fn}: bad frontmatter layout")
            continue
        try:
            fm = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            err(f"agents/{fn}: YAML error {exc}")
            continue
        if not isinstance(fm, dict) or set(fm) != {"name", "description"}:
            err(f"agents/{fn}: frontmatter keys {fm if not isinstance(fm, dict) else sorted(fm)}")
            continue
        if fm["name"] != aid:
            err(f"agents/{fn}: name {fm['name']} != file id")
        desc = str(fm["description"]).strip()
        body = m.group(2).strip()
        if body:
            with_body += 1
            if "\n\n" in body:
                err(f"agents/{fn}: body has more than one paragraph")
        wc = len(desc.split())
        sentences = len(re.findall(r"[.!?](\s|$)", desc))
        if wc < 25 and sentences <= 1:
            bucket = "short"
        elif 25 <= wc <= 60:
            bucket = "medium"
        elif 61 <= wc <= 120:
            bucket = "long"
        else:
            bucket = "invalid"
            err(f"agents/{fn}: description {wc} words, {sentences} sentences fits no bucket")
        buckets[bucket] += 1
        agents[aid] = (desc, bucket)
    want = {"short": 24, "medium": 23, "long": 23}
    if len(agents) != 70:
        err(f"agents: {len(agents)} agents, want 70")
    for k, v in want.items():
        if buckets[k] != v:
            err(f"agents: {buckets[k]} {k} descriptions, want {v}")
    if not 20 <= with_body <= 27:
        err(f"agents: {with_body} with a body, want about a third (20-27)")
    print(f"agents: {len(agents)} files, buckets short/medium/long = "
          f"{buckets['short']}/{buckets['medium']}/{buckets['long']}, with body {with_body}")

    # ---------------- queries ----------------
    rows = read_jsonl(QUERIES)
    per_agent = collections.Counter()
    no_overlap = 0
    strict_no_overlap = 0
    by_bucket = collections.defaultdict(lambda: [0, 0])
    overlaps = []
    q_openings = collections.Counter()
    for n, r in rows:
        if set(r) != {"task", "expert", "acceptable"}:
            err(f"queries:{n}: keys {sorted(r)}")
            continue
        if r["expert"] not in agents:
            err(f"queries:{n}: unknown agent {r['expert']}")
            continue
        for a in r["acceptable"]:
            if a not in agents or a == r["expert"]:
                err(f"queries:{n}: bad acceptable id {a}")
        per_agent[r["expert"]] += 1
        all_tasks[norm(r["task"])] += 1
        q_openings[opening(r["task"], 2)] += 1
        desc, bucket = agents[r["expert"]]
        d = content_stems(desc + " " + r["expert"].replace("-", " "))
        hits = overlap(content_stems(r["task"]), d)
        by_bucket[bucket][1] += 1
        q4 = {w[:4] for w in content_stems(r["task"])}
        if not q4 & {w[:4] for w in d}:
            strict_no_overlap += 1
        if not hits:
            no_overlap += 1
            by_bucket[bucket][0] += 1
        else:
            overlaps.append((n, r["expert"], sorted(h[0] for h in hits)))
    if len(rows) != 350:
        err(f"queries: {len(rows)} lines, want 350")
    for a in agents:
        if per_agent[a] != 5:
            err(f"queries: {a} has {per_agent[a]} queries, want 5")
    share = no_overlap / len(rows) if rows else 0
    print(f"queries.jsonl: {len(rows)} lines, {len(per_agent)} agents, "
          f"no content-word overlap {no_overlap}/{len(rows)} = {share:.1%} "
          + " ".join(f"[{b}: {v[0]}/{v[1]}]" for b, v in sorted(by_bucket.items())))
    print(f"queries.jsonl: stricter reading (any shared 4-letter word prefix counts as overlap): "
          f"{strict_no_overlap}/{len(rows)} = {strict_no_overlap / max(len(rows), 1):.1%} (informational)")
    if share < 0.70:
        err(f"queries: only {share:.1%} without overlap, want >= 70%")
    top = q_openings.most_common(3)
    print(f"queries: most common 2-word openings {top}")
    if "-v" in sys.argv:
        for n, a, h in overlaps:
            print(f"  overlap queries:{n} {a}: {h}")

    # ---------------- duplicates ----------------
    dups = [t for t, c in all_tasks.items() if c > 1]
    for t in dups:
        err(f"duplicate task: {t[:80]}")
    print(f"all files: {sum(all_tasks.values())} tasks, {len(dups)} duplicates")

    if errors:
        print(f"\nFAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nPASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
