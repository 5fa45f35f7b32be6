#!/usr/bin/env python3
"""Validate handlebars-4.7.8-search.jsonl (stdlib only).

Structural checks (any failure -> exit 1):
  * exactly 40 non-empty lines, each valid JSON object
  * keys query/gold/gold_lines/kind present (no others required), correct types
  * kind in {identifier, paraphrase}, 20 of each
  * gold: 1-3 distinct paths, each existing under code/handlebars/ and an
    implementation file (lib/**/*.js minus the Jison-generated parser and
    lint config)
  * every gold_lines entry [path, start, end]: path in gold, 1 <= start <= end
    <= line count of the file; every gold file has at least one range
Reports (never fail):
  * paraphrase queries: query words (len >= 4, case-insensitive) that equal an
    identifier or identifier part (camelCase / snake_case / kebab split) of a
    gold file; split into "common" English/programming words and
    "distinctive" ones
  * identifier queries that mention no identifier of their gold files
  * number of distinct gold files
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "code", "handlebars")
DATA = os.path.join(HERE, "handlebars-4.7.8-search.jsonl")

# Machine-generated (Jison) parser and lint config are not implementation.
EXCLUDED = {
    "lib/handlebars/compiler/parser.js",
    "lib/.eslintrc.js",
}

# Words that cannot reasonably be avoided in plain-English questions about a
# template engine; overlaps with these are reported as "common".
COMMON = set("""
a about after again all also already an and any are around as at back be been
before being both but by call called calls can case check checks code come
compiled compile compiles could create created creates current default defined
does done each else empty end error errors every exist exists false find first
for from function functions get gets given going handle handled handles has
have how if in inside into is it its just keep kept last left level like line
lines list make makes map more name named names new next no node not null
number object objects of off on one only option options or other out output
own parent part parts pass passed path place plain previous property
properties read reading return returned returns right run runs same second set
sets should simple so some source start string strings such template
templates text than that the their them then there these they thing this
those through to true type types undefined until up use used uses using value
values was way what when where whether which while who why will with within
without work works would
""".split())

IDENT_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
PART_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def is_impl(rel):
    return (rel.startswith("lib/") and rel.endswith(".js")
            and rel not in EXCLUDED)


def strip_js(src):
    """Return identifier-bearing text of a JS file: comments removed, string
    literals that contain whitespace (messages) removed, other string
    literals (node types, option keys such as 'partial-block') kept."""
    out = []
    i, n = 0, len(src)
    last_sig = ""  # last significant (non-space) char emitted
    while i < n:
        c = src[i]
        if c == "/" and i + 1 < n and src[i + 1] == "/":
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and i + 1 < n and src[i + 1] == "*":
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c == "/" and (last_sig == "" or last_sig in "(,=:[!&|?{};+-*%<>~^"
                         or re.search(r"\breturn\s*$", "".join(out[-20:]))):
            # regex literal
            j = i + 1
            in_class = False
            while j < n:
                d = src[j]
                if d == "\\":
                    j += 2
                    continue
                if d == "[":
                    in_class = True
                elif d == "]":
                    in_class = False
                elif d == "/" and not in_class:
                    break
                elif d == "\n":
                    break
                j += 1
            j += 1
            while j < n and src[j].isalpha():
                j += 1
            out.append(" ")
            last_sig = ")"
            i = j
            continue
        if c in "'\"`":
            j = i + 1
            buf = []
            while j < n and src[j] != c:
                if src[j] == "\\":
                    buf.append(src[j:j + 2])
                    j += 2
                    continue
                buf.append(src[j])
                j += 1
            content = "".join(buf)
            if not re.search(r"\s", content):
                out.append(" " + content + " ")
            else:
                out.append(" ")
            last_sig = ")"
            i = j + 1
            continue
        out.append(c)
        if not c.isspace():
            last_sig = c
        i += 1
    return "".join(out)


_ident_cache = {}


def identifier_words(rel):
    if rel in _ident_cache:
        return _ident_cache[rel]
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        text = strip_js(f.read())
    words = set()
    for ident in IDENT_RE.findall(text):
        words.add(ident.lower())
        for part in re.split(r"[_$]+", ident):
            for p in PART_RE.findall(part):
                words.add(p.lower())
    _ident_cache[rel] = words
    return words


def word_hits(word, words):
    w = word.lower()
    cands = {w}
    if w.endswith("s"):
        cands.add(w[:-1])
    if w.endswith("es"):
        cands.add(w[:-2])
    cands.add(w + "s")
    return bool(cands & words)


def line_count(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return len(f.read().splitlines())


def main():
    errors = []
    if not os.path.isdir(ROOT):
        print("missing", ROOT)
        return 1
    impl = sorted(
        os.path.relpath(os.path.join(d, f), ROOT).replace(os.sep, "/")
        for d, _, fs in os.walk(os.path.join(ROOT, "lib")) for f in fs)
    impl = [p for p in impl if is_impl(p)]

    with open(DATA, encoding="utf-8") as f:
        raw = f.read().splitlines()
    lines = [l for l in raw if l.strip()]
    if len(lines) != 40 or len(raw) != 40:
        errors.append("expected exactly 40 lines, got %d (non-empty %d)"
                      % (len(raw), len(lines)))
    recs = []
    for no, l in enumerate(lines, 1):
        try:
            r = json.loads(l)
        except ValueError as e:
            errors.append("line %d: invalid JSON: %s" % (no, e))
            continue
        if not isinstance(r, dict):
            errors.append("line %d: not an object" % no)
            continue
        recs.append((no, r))

    kinds = {"identifier": 0, "paraphrase": 0}
    gold_files = set()
    para_report = []
    ident_report = []
    queries = set()
    for no, r in recs:
        for k in ("query", "gold", "gold_lines", "kind"):
            if k not in r:
                errors.append("line %d: missing key %s" % (no, k))
        if any(k not in r for k in ("query", "gold", "gold_lines", "kind")):
            continue
        q, gold, gl, kind = r["query"], r["gold"], r["gold_lines"], r["kind"]
        if not isinstance(q, str) or not q.strip():
            errors.append("line %d: empty query" % no)
        if q in queries:
            errors.append("line %d: duplicate query" % no)
        queries.add(q)
        if kind not in kinds:
            errors.append("line %d: bad kind %r" % (no, kind))
        else:
            kinds[kind] += 1
        if (not isinstance(gold, list) or not 1 <= len(gold) <= 3
                or len(set(gold)) != len(gold)
                or not all(isinstance(g, str) for g in gold)):
            errors.append("line %d: gold must be 1-3 distinct paths" % no)
            continue
        ok = True
        for g in gold:
            if not os.path.isfile(os.path.join(ROOT, g)):
                errors.append("line %d: gold path does not exist: %s" % (no, g))
                ok = False
            elif not is_impl(g):
                errors.append("line %d: not an implementation file: %s"
                              % (no, g))
                ok = False
        if not ok:
            continue
        gold_files.update(gold)
        if not isinstance(gl, list) or not gl:
            errors.append("line %d: gold_lines must be a non-empty list" % no)
            continue
        covered = set()
        for ent in gl:
            if (not isinstance(ent, list) or len(ent) != 3
                    or not isinstance(ent[0], str)
                    or not all(isinstance(x, int) for x in ent[1:])):
                errors.append("line %d: bad gold_lines entry %r" % (no, ent))
                continue
            p, s, e = ent
            if p not in gold:
                errors.append("line %d: gold_lines file not in gold: %s"
                              % (no, p))
                continue
            n = line_count(p)
            if not 1 <= s <= e <= n:
                errors.append("line %d: range %d-%d outside %s (1-%d)"
                              % (no, s, e, p, n))
            covered.add(p)
        for g in gold:
            if g not in covered:
                errors.append("line %d: gold file without range: %s" % (no, g))

        words = set()
        for g in gold:
            words |= identifier_words(g)
        qwords = [w for w in re.findall(r"[A-Za-z]+", q) if len(w) >= 4]
        if kind == "paraphrase":
            hits = sorted({w.lower() for w in qwords if word_hits(w, words)})
            common = [w for w in hits if w in COMMON]
            distinct = [w for w in hits if w not in COMMON]
            para_report.append((no, common, distinct))
        elif kind == "identifier":
            toks = set(IDENT_RE.findall(q))
            named = [t for t in toks
                     if (len(t) >= 4 and (t.lower() in words)
                         and (re.search(r"[a-z][A-Z]|_", t) or "`" + t in q))]
            if not named:
                ident_report.append(no)

    if kinds != {"identifier": 20, "paraphrase": 20}:
        errors.append("kinds must be 20/20, got %r" % kinds)

    print("records: %d  kinds: %r" % (len(recs), kinds))
    print("implementation files in package: %d" % len(impl))
    print("distinct gold files: %d" % len(gold_files))
    unused = [p for p in impl if p not in gold_files]
    print("implementation files not used as gold: %s"
          % (", ".join(unused) or "none"))
    print()
    print("paraphrase overlap with gold-file identifiers "
          "(word length >= 4, case-insensitive):")
    n_common = n_dist = 0
    for no, common, distinct in para_report:
        n_common += len(common)
        n_dist += len(distinct)
        print("  line %2d: common=%s distinctive=%s"
              % (no, ",".join(common) or "-", ",".join(distinct) or "-"))
    print("  total: %d common-word overlaps, %d distinctive overlaps"
          % (n_common, n_dist))
    if ident_report:
        print("identifier queries naming no identifier of their gold files: %s"
              % ident_report)
    else:
        print("every identifier query names at least one identifier "
              "of its gold files")
    print()
    if errors:
        print("FAIL (%d errors)" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
