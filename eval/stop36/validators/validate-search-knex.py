#!/usr/bin/env python3
"""Validate the knex code-search evaluation set (standard library only).

Usage: python3 validate-search.py [path/to/knex-<version>-search.jsonl]

With no argument, the single knex-*-search.jsonl file next to this script is
used. Gold paths are resolved relative to code/knex/ next to this script.
Exits 0 when every check passes, 1 otherwise.
"""
import collections
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODE_ROOT = os.path.join(HERE, "code", "knex")
REQUIRED_KEYS = {"query", "gold", "gold_lines", "kind"}
KINDS = ("identifier", "paraphrase")
PER_KIND = 20
MAX_GOLD_PER_QUESTION = 3
MAX_QUESTIONS_PER_FILE = 4


def find_dataset():
    if len(sys.argv) > 1:
        return sys.argv[1]
    matches = sorted(glob.glob(os.path.join(HERE, "knex-*-search.jsonl")))
    if len(matches) != 1:
        sys.exit(f"expected exactly one knex-*-search.jsonl in {HERE}, found {matches}")
    return matches[0]


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def main():
    path = find_dataset()
    errors = []
    records = []
    line_counts = {}

    def count_lines(rel):
        if rel not in line_counts:
            with open(os.path.join(CODE_ROOT, rel), encoding="utf-8") as fh:
                line_counts[rel] = len(fh.read().splitlines())
        return line_counts[rel]

    with open(path, encoding="utf-8") as fh:
        raw_lines = fh.read().splitlines()

    for n, raw in enumerate(raw_lines, 1):
        where = f"line {n}"
        if not raw.strip():
            errors.append(f"{where}: blank line")
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        if not isinstance(rec, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        keys = set(rec)
        if keys != REQUIRED_KEYS:
            errors.append(
                f"{where}: keys {sorted(keys)} != {sorted(REQUIRED_KEYS)}"
            )
            continue
        query, gold, gold_lines, kind = (
            rec["query"], rec["gold"], rec["gold_lines"], rec["kind"])
        if not isinstance(query, str) or not query.strip():
            errors.append(f"{where}: query must be a non-empty string")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r} not in {KINDS}")
        if not isinstance(gold, list) or not gold or not all(
                isinstance(g, str) for g in gold):
            errors.append(f"{where}: gold must be a non-empty list of strings")
            continue
        if len(set(gold)) != len(gold):
            errors.append(f"{where}: duplicate path in gold")
        if len(gold) > MAX_GOLD_PER_QUESTION:
            errors.append(
                f"{where}: {len(gold)} gold files (max {MAX_GOLD_PER_QUESTION})")
        for g in gold:
            full = os.path.join(CODE_ROOT, g)
            if os.path.isabs(g) or ".." in g.split("/"):
                errors.append(f"{where}: gold path {g!r} must be relative")
            elif not os.path.isfile(full):
                errors.append(f"{where}: gold path {g!r} does not exist under code/knex/")
            elif not g.endswith(".js") or g.endswith(".d.ts") or not g.startswith("lib/"):
                errors.append(f"{where}: gold path {g!r} is not a lib/**/*.js runtime file")
        if not isinstance(gold_lines, list) or not gold_lines:
            errors.append(f"{where}: gold_lines must be a non-empty list")
            continue
        ranged = set()
        for r in gold_lines:
            if (not isinstance(r, list) or len(r) != 3 or not isinstance(r[0], str)
                    or not is_int(r[1]) or not is_int(r[2])):
                errors.append(f"{where}: bad range {r!r} (want [path, start, end])")
                continue
            rp, start, end = r
            if rp not in gold:
                errors.append(f"{where}: range path {rp!r} not in gold")
                continue
            ranged.add(rp)
            if not os.path.isfile(os.path.join(CODE_ROOT, rp)):
                continue  # already reported above
            total = count_lines(rp)
            if start < 1 or end < start or end > total:
                errors.append(
                    f"{where}: range {rp}:{start}-{end} invalid (file has {total} lines)")
        for g in gold:
            if g not in ranged:
                errors.append(f"{where}: gold file {g!r} has no range in gold_lines")
        records.append(rec)

    kinds = collections.Counter(r["kind"] for r in records)
    for k in KINDS:
        if kinds.get(k, 0) != PER_KIND:
            errors.append(f"kind {k!r}: {kinds.get(k, 0)} questions (want {PER_KIND})")
    if len(raw_lines) != PER_KIND * len(KINDS):
        errors.append(f"{len(raw_lines)} lines in file (want {PER_KIND * len(KINDS)})")

    seen = collections.Counter(
        " ".join(r["query"].split()).lower() for r in records
        if isinstance(r["query"], str))
    for q, c in seen.items():
        if c > 1:
            errors.append(f"duplicate query ({c}x): {q!r}")

    per_file = collections.Counter(
        g for r in records if isinstance(r["gold"], list) for g in set(r["gold"]))
    for g, c in per_file.items():
        if c > MAX_QUESTIONS_PER_FILE:
            errors.append(
                f"file {g!r} is gold for {c} questions (max {MAX_QUESTIONS_PER_FILE})")

    if errors:
        print(f"FAIL: {path}")
        for e in errors:
            print("  - " + e)
        return 1
    print(f"OK: {path}")
    print(f"  questions: {len(records)} "
          f"(identifier={kinds['identifier']}, paraphrase={kinds['paraphrase']})")
    print(f"  distinct gold files: {len(per_file)}; "
          f"max questions per file: {max(per_file.values())}; "
          f"max gold files per question: {max(len(r['gold']) for r in records)}")
    print(f"  ranges: {sum(len(r['gold_lines']) for r in records)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
