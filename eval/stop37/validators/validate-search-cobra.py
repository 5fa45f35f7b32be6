#!/usr/bin/env python3
"""Validate cobra-search.jsonl (stdlib only).

Hard checks (any failure -> exit status 1):
  * exactly 40 non-empty lines, each a valid JSON object
  * keys query/gold/gold_lines/kind present (no others), with the right types
  * kind is "identifier" or "paraphrase", 20 of each
  * gold: 1-3 distinct paths, each exists under code/cobra/ and is an
    implementation file (non-test *.go, not under testdata/, not a doc.go that
    only holds package documentation)
  * gold_lines: at least one [path, start, end]; path is in gold;
    1 <= start <= end <= number of lines of the file; every gold file has at
    least one range
  * no duplicate queries

Soft report (never fails):
  * for paraphrase questions, every query word (letters only, length >= 4,
    case-insensitive) that equals an identifier or an identifier part of a
    gold file.  Identifiers are the Go identifiers outside comments and
    string literals (Go keywords excluded), plus code-like tokens inside string literals (tokens
    containing '_' or a lower->upper case change, e.g. shell function and
    variable names of the embedded completion scripts).  Each identifier is
    split at '_' and at CamelCase boundaries; the whole identifier and its
    parts are compared.  Matches are classed "common" (everyday English or
    generic programming words, listed below) or "distinctive".
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = os.path.join(HERE, "code", "cobra")
DATA = os.path.join(HERE, "cobra-search.jsonl")
KEYS = {"query", "gold", "gold_lines", "kind"}
KINDS = ("identifier", "paraphrase")

# Words that a plain-English question about this library can hardly avoid.
COMMON = set("""
about after also before being both candidate candidates command commands
completion completions each every from function functions given have into
just made make many more most must name names only other over same some such
than that their them then there these they this those through used user
users using value values what when where which while will with word words
your error errors false true file files list default order string strings
text type line lines print printed instead first last next right left
number count single short long help option options flag flags find
run runs running start read write argument arguments
""".split())

errors = []


def err(msg):
    errors.append(msg)


def is_impl(rel):
    """True if rel (relative to code/cobra) is an implementation file."""
    if os.path.isabs(rel) or ".." in rel.split("/"):
        return False
    path = os.path.join(CODE, rel)
    if not os.path.isfile(path):
        return False
    if not rel.endswith(".go") or rel.endswith("_test.go"):
        return False
    if "testdata" in rel.split("/"):
        return False
    if os.path.basename(rel) == "doc.go":
        stripped = strip_comments_and_strings(read(path))[0]
        body = re.sub(r"^\s*package\s+\w+", "", stripped.strip())
        if not body.strip():
            return False
    return True


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def strip_comments_and_strings(src):
    """Return (code_without_comments_and_strings, [string literal bodies])."""
    out, strings = [], []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "`":
            j = src.find("`", i + 1)
            j = n if j < 0 else j
            strings.append(src[i + 1:j])
            out.append(" ")
            i = j + 1
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            strings.append(src[i + 1:j])
            out.append(" ")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out), strings


CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def split_ident(tok):
    parts = set()
    for chunk in tok.split("_"):
        parts.update(p.lower() for p in CAMEL.findall(chunk))
    parts.add(tok.lower().strip("_"))
    return {p for p in parts if p}


def looks_like_code(tok):
    return "_" in tok.strip("_") or tok.startswith("_") or re.search(r"[a-z][A-Z]", tok)


GO_KEYWORDS = set("""break case chan const continue default defer else fallthrough for
func go goto if import interface map package range return select struct switch type var""".split())

_ident_cache = {}


def identifier_words(rel):
    if rel in _ident_cache:
        return _ident_cache[rel]
    code, strings = strip_comments_and_strings(read(os.path.join(CODE, rel)))
    words = set()
    for tok in IDENT.findall(code):
        if tok not in GO_KEYWORDS:
            words |= split_ident(tok)
    for s in strings:
        for tok in IDENT.findall(s):
            if looks_like_code(tok):
                words |= split_ident(tok)
    _ident_cache[rel] = words
    return words


def main():
    if not os.path.isfile(DATA):
        print("FAIL: missing", DATA)
        return 1
    raw = read(DATA).split("\n")
    if raw and raw[-1] == "":
        raw = raw[:-1]
    if len(raw) != 40:
        err(f"expected 40 lines, found {len(raw)}")
    items = []
    for n, line in enumerate(raw, 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"line {n}: invalid JSON: {e}")
            continue
        if not isinstance(obj, dict):
            err(f"line {n}: not a JSON object")
            continue
        if set(obj) != KEYS:
            err(f"line {n}: keys {sorted(obj)} != {sorted(KEYS)}")
            continue
        items.append((n, obj))

    kinds = {k: 0 for k in KINDS}
    queries = set()
    all_gold = set()
    report = []
    for n, obj in items:
        q, gold, gl, kind = obj["query"], obj["gold"], obj["gold_lines"], obj["kind"]
        if not isinstance(q, str) or not q.strip():
            err(f"line {n}: empty or non-string query")
            q = str(q)
        if q in queries:
            err(f"line {n}: duplicate query")
        queries.add(q)
        if kind not in KINDS:
            err(f"line {n}: bad kind {kind!r}")
        else:
            kinds[kind] += 1
        if not isinstance(gold, list) or not 1 <= len(gold) <= 3 or \
                not all(isinstance(g, str) for g in gold) or len(set(gold)) != len(gold):
            err(f"line {n}: gold must be a list of 1-3 distinct paths")
            continue
        ok_gold = []
        for g in gold:
            if not os.path.isfile(os.path.join(CODE, g)):
                err(f"line {n}: gold path does not exist: {g}")
            elif not is_impl(g):
                err(f"line {n}: gold path is not an implementation file: {g}")
            else:
                ok_gold.append(g)
                all_gold.add(g)
        if not isinstance(gl, list) or not gl:
            err(f"line {n}: gold_lines must be a non-empty list")
            continue
        covered = set()
        for r in gl:
            if not (isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in r[1:])):
                err(f"line {n}: bad gold_lines entry {r!r}")
                continue
            p, s, e = r
            if p not in gold:
                err(f"line {n}: gold_lines file not in gold: {p}")
                continue
            if p not in ok_gold:
                continue
            nlines = len(read(os.path.join(CODE, p)).splitlines())
            if not 1 <= s <= e <= nlines:
                err(f"line {n}: range {s}-{e} outside 1-{nlines} (or start > end) in {p}")
            covered.add(p)
        for g in ok_gold:
            if g not in covered:
                err(f"line {n}: gold file has no gold_lines range: {g}")

        if kind == "paraphrase":
            idents = set()
            for g in ok_gold:
                idents |= identifier_words(g)
            words = sorted({w.lower() for w in re.findall(r"[A-Za-z]+", q) if len(w) >= 4})
            hits = [w for w in words if w in idents]
            common = [w for w in hits if w in COMMON]
            distinct = [w for w in hits if w not in COMMON]
            report.append((n, common, distinct))

    for k in KINDS:
        if kinds[k] != 20:
            err(f"kind {k}: {kinds[k]} questions, expected 20")

    print(f"questions: {len(items)}  identifier: {kinds['identifier']}  "
          f"paraphrase: {kinds['paraphrase']}  distinct gold files: {len(all_gold)}")
    print("gold files:", ", ".join(sorted(all_gold)))
    print()
    print("paraphrase query words that are identifiers/identifier parts in the gold file(s):")
    tot_c = tot_d = 0
    for n, common, distinct in report:
        tot_c += len(common)
        tot_d += len(distinct)
        print(f"  line {n:2d}: distinctive={distinct or '-'}  common={common or '-'}")
    print(f"  total: {tot_d} distinctive, {tot_c} common "
          f"(reported only; they do not fail validation)")
    print()
    if errors:
        for e in errors:
            print("ERROR:", e)
        print(f"FAIL: {len(errors)} error(s)")
        return 1
    print("OK: all hard checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
