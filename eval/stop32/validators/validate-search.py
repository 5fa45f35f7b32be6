#!/usr/bin/env python3
"""Validate code-search question sets.

Usage: validate-search.py [SET.jsonl CODE_ROOT]...
Default: the ws and axios sets under /tmp/s32.

Checks: JSON validity and fields, gold paths exist, gold_lines inside files and
consistent with gold, 20/20 kinds, <=4 questions per gold file, and for
paraphrase questions the no-shared-word rule: no content word of the query
(lowercased, stop words removed, camelCase/snake_case/punctuation split,
light suffix stemming) may appear in the gold file path or in the identifiers
of the answering function (identifiers on the declaration line, i.e. the first
line of each gold_lines range: name + parameters; JS keywords ignored).
Identifier tokens appearing anywhere in the answering range are reported as
informational notes only.
"""
import json, os, re, sys
from collections import Counter

STOP = set("""a an the and or but if then else of in on at to for from by with without into onto over under
about as is are was were be been being do does did done doing have has had having can could should would will
shall may might must this that these those it its it's i me my we our you your he she they them their there here
what which who whom whose when where why how whether not no nor so than too very just also only such each both
any all some other another same own more most much many few less least up down out off again further once
via per vs versus instead rather still like e g eg etc s t""".split())
# 'all', 'once', 'out' etc. are treated as stop words above; see note in report.
JS_KEYWORDS = set("""function const let var class extends export default async static return if else new import
from this await yield typeof instanceof in of do while for switch case break continue try catch finally throw
delete void super null undefined true false""".split())

def split_ident(tok):
    tok = re.sub(r'([a-z0-9])([A-Z])', r'\1 \2', tok)
    tok = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1 \2', tok)
    return [t.lower() for t in re.split(r'[^A-Za-z0-9]+', tok) if t]

def words(text):
    out = []
    for raw in re.findall(r'[A-Za-z0-9]+', text):
        out.extend(split_ident(raw))
    return out

def stem(w):
    for suf, rep in (('ies', 'y'), ('ing', ''), ('ed', ''), ('es', ''), ('s', '')):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: len(w) - len(suf)] + rep
    return w

def ident_tokens(line):
    # string literals and comments are not identifiers
    line = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`\\]|\\.)*`", ' ', line)
    line = re.sub(r'//.*$|/\*.*?\*/', ' ', line)
    toks = set()
    for ident in re.findall(r'[A-Za-z_$][A-Za-z0-9_$]*', line):
        if ident in JS_KEYWORDS:
            continue
        toks.update(split_ident(ident))
    return toks

def overlap(qwords, forbidden):
    fstem = {stem(f) for f in forbidden}
    return sorted({w for w in qwords if w in forbidden or stem(w) in fstem})

def validate(path, root):
    errors, notes = [], []
    rows = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f'line {n}: empty line')
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                errors.append(f'line {n}: invalid JSON: {e}')
    kinds = Counter()
    per_file = Counter()
    cache = {}
    for n, r in rows:
        for key in ('query', 'gold', 'gold_lines', 'kind'):
            if key not in r:
                errors.append(f'line {n}: missing field {key}')
        if not isinstance(r.get('query'), str) or not r.get('query', '').strip():
            errors.append(f'line {n}: query must be a non-empty string')
            continue
        gold = r.get('gold') or []
        gl = r.get('gold_lines') or []
        if not isinstance(gold, list) or not gold:
            errors.append(f'line {n}: gold must be a non-empty list')
            continue
        kind = r.get('kind')
        if kind not in ('identifier', 'paraphrase'):
            errors.append(f'line {n}: bad kind {kind!r}')
        kinds[kind] += 1
        for g in set(gold):
            per_file[g] += 1
        for g in gold:
            if '\\' in g or g.startswith('/') or g.startswith('./'):
                errors.append(f'line {n}: gold path not relative/forward-slash: {g}')
            full = os.path.join(root, g)
            if not os.path.isfile(full):
                errors.append(f'line {n}: gold path does not exist: {g}')
            elif g not in cache:
                with open(full, encoding='utf-8', errors='replace') as fh:
                    cache[g] = fh.read().split('\n')
                    if cache[g] and cache[g][-1] == '':
                        cache[g].pop()
        if not isinstance(gl, list) or not gl:
            errors.append(f'line {n}: gold_lines must be a non-empty list')
            gl = []
        covered = set()
        for item in gl:
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                    and isinstance(item[1], int) and isinstance(item[2], int)):
                errors.append(f'line {n}: malformed gold_lines entry {item!r}')
                continue
            p, s, e = item
            covered.add(p)
            if p not in gold:
                errors.append(f'line {n}: gold_lines path {p} not in gold')
            if p not in cache:
                continue
            total = len(cache[p])
            if not (1 <= s <= e <= total):
                errors.append(f'line {n}: range {p}:{s}-{e} outside file (1-{total})')
            elif not cache[p][s - 1].strip():
                errors.append(f'line {n}: range {p}:{s}-{e} starts on a blank line')
        for g in gold:
            if g not in covered:
                errors.append(f'line {n}: gold file {g} has no gold_lines range')
        if kind == 'paraphrase':
            qwords = [w for w in words(r['query']) if w not in STOP]
            forbidden_path = set()
            for g in gold:
                forbidden_path.update(words(g))
            forbidden_sig = set()
            body = set()
            for p, s, e in [x for x in gl if isinstance(x, list) and len(x) == 3]:
                if p in cache and 1 <= s <= e <= len(cache[p]):
                    forbidden_sig |= ident_tokens(cache[p][s - 1])
                    for l in cache[p][s - 1:e]:
                        body |= ident_tokens(l)
            bad_path = overlap(qwords, forbidden_path)
            bad_sig = overlap(qwords, forbidden_sig)
            if bad_path:
                errors.append(f'line {n}: paraphrase shares word(s) with gold path: {bad_path}')
            if bad_sig:
                errors.append(f'line {n}: paraphrase shares word(s) with answering function identifiers: {bad_sig}')
            bad_body = [w for w in overlap(qwords, body) if w not in bad_sig]
            if bad_body:
                notes.append(f'line {n}: (info) query word(s) also used as identifiers inside the function body: {bad_body}')
    if kinds.get('identifier', 0) != 20 or kinds.get('paraphrase', 0) != 20:
        errors.append(f'kinds must be 20/20, got identifier={kinds.get("identifier",0)} paraphrase={kinds.get("paraphrase",0)}')
    if len(rows) != 40:
        errors.append(f'expected 40 questions, got {len(rows)}')
    for g, c in per_file.items():
        if c > 4:
            errors.append(f'gold file {g} used by {c} questions (max 4)')
    return rows, kinds, per_file, errors, notes

def main(argv):
    pairs = list(zip(argv[0::2], argv[1::2])) if argv else [
        ('/tmp/s32/heldout/ws-8-search.jsonl', '/tmp/s32/code/ws'),
        ('/tmp/s32/heldout/axios-1-search.jsonl', '/tmp/s32/code/axios'),
    ]
    ok = True
    for path, root in pairs:
        rows, kinds, per_file, errors, notes = validate(path, root)
        print(f'== {path} (root {root})')
        print(f'   questions={len(rows)} identifier={kinds.get("identifier",0)} '
              f'paraphrase={kinds.get("paraphrase",0)} distinct_gold_files={len(per_file)} '
              f'max_per_file={max(per_file.values()) if per_file else 0}')
        for note in notes:
            print('   ' + note)
        for err in errors:
            print('   ERROR ' + err)
        print('   RESULT: ' + ('VALID' if not errors else f'INVALID ({len(errors)} errors)'))
        ok = ok and not errors
    return 0 if ok else 1

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
