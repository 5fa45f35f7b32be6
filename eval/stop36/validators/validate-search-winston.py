#!/usr/bin/env python3
"""Validate the winston code-search evaluation set (standard library only).

Usage:
    python3 validate-search.py [QUESTIONS.jsonl] [CODE_ROOT]

Defaults: the single winston-*-search.jsonl next to this script, and
code/winston/ next to this script.
"""
import glob
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIRED_KEYS = {"query", "gold", "gold_lines", "kind"}
KINDS = ("identifier", "paraphrase")
PER_KIND = 20
MAX_GOLD_PER_QUESTION = 3
MAX_QUESTIONS_PER_FILE = 4


def default_jsonl():
    found = sorted(glob.glob(os.path.join(HERE, "winston-*-search.jsonl")))
    if len(found) != 1:
        sys.exit("expected exactly one winston-*-search.jsonl in %s, found %d" % (HERE, len(found)))
    return found[0]


def line_count(path, cache):
    if path not in cache:
        with open(path, "r", encoding="utf-8") as fh:
            cache[path] = len(fh.read().splitlines())
    return cache[path]


def is_runtime_js(rel):
    """Gold must be implementation .js: not typings, not transpiled dist/ copies."""
    parts = rel.split("/")
    return rel.endswith(".js") and not rel.endswith(".d.ts") and "dist" not in parts


def main():
    jsonl = sys.argv[1] if len(sys.argv) > 1 else default_jsonl()
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "code", "winston")
    errors = []
    records = []
    sizes = {}

    with open(jsonl, "r", encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                errors.append("line %d: blank line" % n)
                continue
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError as exc:
                errors.append("line %d: invalid JSON: %s" % (n, exc))
                continue
            if not isinstance(rec, dict):
                errors.append("line %d: not a JSON object" % n)
                continue
            keys = set(rec)
            if keys != REQUIRED_KEYS:
                errors.append("line %d: keys %s, expected %s" % (n, sorted(keys), sorted(REQUIRED_KEYS)))
                continue
            records.append((n, rec))

    gold_use = Counter()
    kinds = Counter()
    queries = Counter()

    for n, rec in records:
        q, gold, lines, kind = rec["query"], rec["gold"], rec["gold_lines"], rec["kind"]
        if not isinstance(q, str) or not q.strip():
            errors.append("line %d: query must be a non-empty string" % n)
        else:
            queries[q.strip().lower()] += 1
        if kind not in KINDS:
            errors.append("line %d: kind %r not in %s" % (n, kind, KINDS))
        kinds[kind] += 1

        if not isinstance(gold, list) or not gold or not all(isinstance(g, str) for g in gold):
            errors.append("line %d: gold must be a non-empty list of strings" % n)
            continue
        if len(set(gold)) != len(gold):
            errors.append("line %d: duplicate path in gold" % n)
        if len(set(gold)) > MAX_GOLD_PER_QUESTION:
            errors.append("line %d: %d gold files (max %d)" % (n, len(set(gold)), MAX_GOLD_PER_QUESTION))
        for g in set(gold):
            gold_use[g] += 1
            if not is_runtime_js(g):
                errors.append("line %d: gold %s is not a runtime .js source file" % (n, g))
            if not os.path.isfile(os.path.join(root, g)):
                errors.append("line %d: gold path does not exist: %s" % (n, g))

        if not isinstance(lines, list) or not lines:
            errors.append("line %d: gold_lines must be a non-empty list" % n)
            continue
        covered = set()
        for r in lines:
            if (not isinstance(r, list) or len(r) != 3 or not isinstance(r[0], str)
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in r[1:])):
                errors.append("line %d: bad range %r (want [path, start, end])" % (n, r))
                continue
            path, start, end = r
            covered.add(path)
            if path not in gold:
                errors.append("line %d: range path %s not in gold" % (n, path))
            full = os.path.join(root, path)
            if not os.path.isfile(full):
                errors.append("line %d: range path does not exist: %s" % (n, path))
                continue
            total = line_count(full, sizes)
            if not (1 <= start <= end <= total):
                errors.append("line %d: range %s %d-%d invalid (file has %d lines)" % (n, path, start, end, total))
        for g in gold:
            if g not in covered:
                errors.append("line %d: gold file %s has no range" % (n, g))

    for kind in KINDS:
        if kinds[kind] != PER_KIND:
            errors.append("kind %s: %d questions (want %d)" % (kind, kinds[kind], PER_KIND))
    if len(records) != PER_KIND * len(KINDS):
        errors.append("%d questions (want %d)" % (len(records), PER_KIND * len(KINDS)))
    for q, c in queries.items():
        if c > 1:
            errors.append("duplicate query (%dx): %s" % (c, q))
    for g, c in sorted(gold_use.items()):
        if c > MAX_QUESTIONS_PER_FILE:
            errors.append("file %s is gold for %d questions (max %d)" % (g, c, MAX_QUESTIONS_PER_FILE))

    print("file: %s" % os.path.relpath(jsonl, HERE))
    print("questions: %d (%s)" % (len(records), ", ".join("%s=%d" % (k, kinds[k]) for k in KINDS)))
    print("distinct gold files: %d; max questions per file: %d" % (len(gold_use), max(gold_use.values()) if gold_use else 0))
    if errors:
        print("FAIL: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
