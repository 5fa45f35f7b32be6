#!/usr/bin/env python3
"""Validate the joi code-search evaluation set.

Usage: python3 validate-search.py [path/to/joi-<version>-search.jsonl]

Checks:
  * every line is a JSON object with exactly the keys query, gold, gold_lines, kind
  * kind is "identifier" or "paraphrase"; exactly 20 of each; 40 questions in total
  * query is a non-empty string; no duplicate queries
  * gold is a non-empty list of 1..3 distinct paths, each an existing .js runtime
    source file under code/joi/ (not .d.ts, not dist/, not README/package.json)
  * gold_lines is a list of [path, start, end]; start/end are ints, 1 <= start <= end
    <= number of lines in the file; every range's path is in gold; every gold path
    has at least one range
  * no file is gold for more than 4 questions
Exit status 0 when everything passes, 1 otherwise.
"""
import collections
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = os.path.join(HERE, 'code', 'joi')
KEYS = {'query', 'gold', 'gold_lines', 'kind'}
KINDS = ('identifier', 'paraphrase')
PER_KIND = 20
MAX_GOLD_FILES = 3
MAX_QUESTIONS_PER_FILE = 4


def default_dataset():
    found = sorted(glob.glob(os.path.join(HERE, 'joi-*-search.jsonl')))
    if len(found) != 1:
        sys.exit(f'expected exactly one joi-*-search.jsonl in {HERE}, found {found}')
    return found[0]


def is_runtime_js(rel):
    return (rel.endswith('.js') and not rel.endswith('.d.ts')
            and not rel.startswith('dist/') and '/dist/' not in rel
            and not rel.startswith('/') and '..' not in rel.split('/'))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else default_dataset()
    errors = []
    line_counts = {}
    kinds = collections.Counter()
    seen_queries = {}
    file_use = collections.Counter()
    n = 0

    with open(path, encoding='utf-8') as fh:
        raw_lines = fh.read().split('\n')
    if raw_lines and raw_lines[-1] == '':
        raw_lines.pop()

    for lineno, raw in enumerate(raw_lines, 1):
        where = f'line {lineno}'
        if not raw.strip():
            errors.append(f'{where}: blank line')
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f'{where}: invalid JSON ({exc})')
            continue
        n += 1
        if not isinstance(obj, dict):
            errors.append(f'{where}: not a JSON object')
            continue
        if set(obj) != KEYS:
            errors.append(f'{where}: keys {sorted(obj)} != {sorted(KEYS)}')
            continue

        query, gold, gold_lines, kind = obj['query'], obj['gold'], obj['gold_lines'], obj['kind']

        if not isinstance(query, str) or not query.strip():
            errors.append(f'{where}: query must be a non-empty string')
        else:
            norm = ' '.join(query.split()).lower()
            if norm in seen_queries:
                errors.append(f'{where}: duplicate query (first on line {seen_queries[norm]})')
            else:
                seen_queries[norm] = lineno

        if kind not in KINDS:
            errors.append(f'{where}: kind {kind!r} not in {KINDS}')
        else:
            kinds[kind] += 1

        if not isinstance(gold, list) or not gold or not all(isinstance(g, str) for g in gold):
            errors.append(f'{where}: gold must be a non-empty list of strings')
            continue
        if len(set(gold)) != len(gold):
            errors.append(f'{where}: duplicate paths in gold')
        if len(set(gold)) > MAX_GOLD_FILES:
            errors.append(f'{where}: {len(set(gold))} gold files (max {MAX_GOLD_FILES})')

        for g in set(gold):
            file_use[g] += 1
            if not is_runtime_js(g):
                errors.append(f'{where}: gold {g!r} is not a .js runtime source path')
            full = os.path.join(CODE, g)
            if not os.path.isfile(full):
                errors.append(f'{where}: gold {g!r} does not exist under code/joi/')
            elif g not in line_counts:
                with open(full, encoding='utf-8') as src:
                    line_counts[g] = len(src.read().splitlines())

        if not isinstance(gold_lines, list) or not gold_lines:
            errors.append(f'{where}: gold_lines must be a non-empty list')
            continue
        covered = set()
        for rng in gold_lines:
            if (not isinstance(rng, list) or len(rng) != 3 or not isinstance(rng[0], str)
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in rng[1:])):
                errors.append(f'{where}: bad range {rng!r} (want [path, start, end])')
                continue
            rpath, start, end = rng
            if rpath not in gold:
                errors.append(f'{where}: range path {rpath!r} not in gold')
                continue
            covered.add(rpath)
            if start < 1 or start > end:
                errors.append(f'{where}: range {rng!r} needs 1 <= start <= end')
            total = line_counts.get(rpath)
            if total is not None and end > total:
                errors.append(f'{where}: range {rng!r} ends past line count {total}')
        for g in gold:
            if g not in covered:
                errors.append(f'{where}: gold {g!r} has no range in gold_lines')

    for kind in KINDS:
        if kinds[kind] != PER_KIND:
            errors.append(f'kind {kind!r}: {kinds[kind]} questions (want {PER_KIND})')
    if n != PER_KIND * len(KINDS):
        errors.append(f'{n} questions (want {PER_KIND * len(KINDS)})')
    for g, count in sorted(file_use.items()):
        if count > MAX_QUESTIONS_PER_FILE:
            errors.append(f'{g}: gold for {count} questions (max {MAX_QUESTIONS_PER_FILE})')

    print(f'dataset: {os.path.relpath(path, HERE)}')
    print(f'questions: {n} ({", ".join(f"{k}={kinds[k]}" for k in KINDS)})')
    print(f'distinct gold files: {len(file_use)}; max questions per file: '
          f'{max(file_use.values()) if file_use else 0}')
    if errors:
        print(f'FAIL: {len(errors)} problem(s)')
        for e in errors:
            print('  - ' + e)
        return 1
    print('OK: all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
