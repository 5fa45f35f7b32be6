#!/usr/bin/env python3
"""Validate hapi-21.4.13-search.jsonl against the package in ./package."""
import json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, 'package')
SET = os.path.join(HERE, 'hapi-21.4.13-search.jsonl')

errors = []
lines = open(SET, encoding='utf-8').read().splitlines()
if len(lines) != 40:
    errors.append(f'expected 40 lines, found {len(lines)}')

kinds = Counter()
files = Counter()
queries = set()
for n, line in enumerate(lines, 1):
    try:
        obj = json.loads(line)
    except Exception as e:
        errors.append(f'line {n}: invalid JSON ({e})')
        continue
    if not isinstance(obj, dict) or set(obj) != {'query', 'gold', 'gold_lines', 'kind'}:
        errors.append(f'line {n}: wrong keys {sorted(obj) if isinstance(obj, dict) else type(obj)}')
        continue
    q, gold, gl, kind = obj['query'], obj['gold'], obj['gold_lines'], obj['kind']
    if not isinstance(q, str) or not q.strip():
        errors.append(f'line {n}: empty query')
    if q in queries:
        errors.append(f'line {n}: duplicate query')
    queries.add(q)
    if kind not in ('identifier', 'paraphrase'):
        errors.append(f'line {n}: bad kind {kind!r}')
    kinds[kind] += 1
    if not isinstance(gold, list) or not 1 <= len(gold) <= 3 or len(set(gold)) != len(gold):
        errors.append(f'line {n}: gold must be 1-3 distinct paths')
        gold = gold if isinstance(gold, list) else []
    for p in gold:
        files[p] += 1
        if not (isinstance(p, str) and p.startswith('lib/') and p.endswith('.js')):
            errors.append(f'line {n}: gold path not lib/**/*.js: {p}')
        if not os.path.isfile(os.path.join(ROOT, p)):
            errors.append(f'line {n}: gold file missing: {p}')
    if not isinstance(gl, list) or not gl:
        errors.append(f'line {n}: gold_lines empty')
        gl = []
    covered = set()
    for r in gl:
        if not (isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                and isinstance(r[1], int) and isinstance(r[2], int)):
            errors.append(f'line {n}: malformed range {r}')
            continue
        p, s, e = r
        if p not in gold:
            errors.append(f'line {n}: range file {p} not in gold')
        path = os.path.join(ROOT, p)
        if not os.path.isfile(path):
            errors.append(f'line {n}: range file missing: {p}')
            continue
        total = len(open(path, encoding='utf-8').read().splitlines())
        if not (1 <= s <= e <= total):
            errors.append(f'line {n}: range {s}-{e} outside {p} (1-{total})')
        covered.add(p)
    for p in gold:
        if p not in covered:
            errors.append(f'line {n}: gold file {p} has no gold_lines range')

if kinds['identifier'] != 20 or kinds['paraphrase'] != 20:
    errors.append(f'kinds not 20/20: {dict(kinds)}')
for p, c in files.items():
    if c > 5:
        errors.append(f'{p} is gold for {c} questions (> 5)')

print(f'lines: {len(lines)}; kinds: {dict(kinds)}; distinct gold files: {len(files)}')
print('max questions per gold file:', max(files.values()) if files else 0)
if errors:
    print('FAIL')
    for e in errors:
        print(' -', e)
    sys.exit(1)
print('OK')
