#!/usr/bin/env python3
"""Validate the held-out code-search question sets.

Usage: python3 validate-search.py [FILE.jsonl ...]
Without arguments it checks the two sets written for this folder.
Each file must be named <package>-<version>-search.jsonl; gold paths are
resolved relative to code/<package>/ next to this script.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the sets sit one folder up; put the code under code/<name>/ there (npm pack, README-search.md)
DEFAULT_FILES = ["pino-10.4.0-search.jsonl", "ioredis-6.1.0-search.jsonl"]
NAME_RE = re.compile(r"^(?P<pkg>.+)-(?P<ver>\d+\.\d+\.\d+[^-]*)-search\.jsonl$")
KINDS = ("identifier", "paraphrase")
EXPECTED_PER_KIND = 20
MAX_GOLD_FILES = 3
MAX_QUESTIONS_PER_FILE = 4


def count_lines(path, cache={}):
    if path not in cache:
        with open(path, "rb") as f:
            data = f.read()
        n = data.count(b"\n")
        if data and not data.endswith(b"\n"):
            n += 1
        cache[path] = n
    return cache[path]


def validate(jsonl_path, errors, seen_queries):
    base = os.path.basename(jsonl_path)
    m = NAME_RE.match(base)
    if not m:
        errors.append(f"{base}: file name must be <package>-<version>-search.jsonl")
        return 0
    code_root = os.path.join(HERE, "code", m.group("pkg"))
    if not os.path.isdir(code_root):
        errors.append(f"{base}: code folder {code_root} is missing")
        return 0
    kinds = Counter()
    per_file = Counter()
    n = 0
    with open(jsonl_path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            where = f"{base}:{lineno}"
            if not raw.strip():
                errors.append(f"{where}: blank line")
                continue
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: invalid JSON ({e})")
                continue
            n += 1
            if not isinstance(rec, dict):
                errors.append(f"{where}: record is not an object")
                continue
            extra = set(rec) - {"query", "gold", "gold_lines", "kind"}
            if extra:
                errors.append(f"{where}: unexpected keys {sorted(extra)}")
            query = rec.get("query")
            if not isinstance(query, str) or not query.strip():
                errors.append(f"{where}: query must be a non-empty string")
            else:
                key = " ".join(query.lower().split())
                if key in seen_queries:
                    errors.append(f"{where}: duplicate query (also at {seen_queries[key]})")
                else:
                    seen_queries[key] = where
            kind = rec.get("kind")
            if kind not in KINDS:
                errors.append(f"{where}: kind must be one of {KINDS}, got {kind!r}")
            else:
                kinds[kind] += 1
            gold = rec.get("gold")
            if (not isinstance(gold, list) or not gold
                    or not all(isinstance(g, str) and g for g in gold)):
                errors.append(f"{where}: gold must be a non-empty list of paths")
                gold = []
            elif len(gold) > MAX_GOLD_FILES:
                errors.append(f"{where}: more than {MAX_GOLD_FILES} gold files")
            if len(set(gold)) != len(gold):
                errors.append(f"{where}: duplicate gold paths")
            for g in gold:
                per_file[g] += 1
                full = os.path.normpath(os.path.join(code_root, g))
                if os.path.isabs(g) or not full.startswith(code_root + os.sep):
                    errors.append(f"{where}: gold path {g!r} escapes the code folder")
                elif not os.path.isfile(full):
                    errors.append(f"{where}: gold path {g!r} does not exist")
            gl = rec.get("gold_lines")
            if not isinstance(gl, list) or not gl:
                errors.append(f"{where}: gold_lines must be a non-empty list")
                continue
            covered = set()
            for item in gl:
                if (not isinstance(item, list) or len(item) != 3
                        or not isinstance(item[0], str)
                        or not all(isinstance(x, int) and not isinstance(x, bool)
                                   for x in item[1:])):
                    errors.append(f"{where}: bad gold_lines entry {item!r}")
                    continue
                path, start, end = item
                covered.add(path)
                if path not in gold:
                    errors.append(f"{where}: gold_lines path {path!r} is not in gold")
                full = os.path.normpath(os.path.join(code_root, path))
                if not os.path.isfile(full):
                    errors.append(f"{where}: gold_lines path {path!r} does not exist")
                    continue
                total = count_lines(full)
                if not (1 <= start <= end <= total):
                    errors.append(f"{where}: lines {start}-{end} outside 1-{total} of {path}")
            for g in gold:
                if g not in covered:
                    errors.append(f"{where}: gold file {g!r} has no gold_lines range")
    for kind in KINDS:
        if kinds[kind] != EXPECTED_PER_KIND:
            errors.append(f"{base}: expected {EXPECTED_PER_KIND} {kind} questions, found {kinds[kind]}")
    for path, c in per_file.items():
        if c > MAX_QUESTIONS_PER_FILE:
            errors.append(f"{base}: {path} is gold for {c} questions (max {MAX_QUESTIONS_PER_FILE})")
    print(f"{base}: {n} questions, kinds {dict(kinds)}, {len(per_file)} distinct gold files")
    return n


def main(argv):
    files = argv[1:] or [os.path.join(HERE, f) for f in DEFAULT_FILES]
    errors = []
    seen = {}
    for path in files:
        if not os.path.isfile(path):
            errors.append(f"{path}: not found")
            continue
        validate(path, errors, seen)
    if errors:
        for e in errors:
            print("ERROR:", e)
        print(f"FAILED with {len(errors)} error(s)")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
