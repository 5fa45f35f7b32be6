#!/usr/bin/env python3
"""Validate jinja2-search.jsonl against the code in code/jinja2/.

Checks (any failure -> exit status 1):
  * exactly 40 non-empty lines, each valid JSON object
  * keys query, gold, gold_lines, kind present (and no others); types correct
  * kind is "identifier" or "paraphrase"; 20 of each
  * gold: 1-3 distinct relative paths, each existing under code/jinja2/ and
    being an implementation file (*.py; not *.pyi, py.typed or data files)
  * gold_lines: non-empty list of [path, start, end]; path is in gold;
    1 <= start <= end <= number of lines of that file; every gold file has
    at least one range
  * no duplicate queries
  * identifier questions mention at least one identifier of a gold file
  * paraphrase questions do not contain a whole compound code identifier
    (snake_case / CamelCase name, e.g. "select_autoescape") of a gold file

Reported but not failing:
  * for paraphrase questions, every query word (length >= 4,
    case-insensitive) that equals an identifier or identifier part
    (CamelCase / snake_case split) in a gold file, or a part of the gold
    file's name. Words from a small list of common English words are
    listed separately as "common"; the others as "distinctive".

Standard library only.
"""
import io
import json
import keyword
import os
import re
import sys
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = os.path.join(HERE, "code", "jinja2")
DATA = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(HERE, "jinja2-search.jsonl")

KINDS = ("identifier", "paraphrase")
REQUIRED = ("query", "gold", "gold_lines", "kind")

# Ordinary English words that also happen to be identifier parts somewhere.
# Overlaps with these are reported as "common" (unavoidable), not distinctive.
COMMON = set(
    """
    able about above after again against also another answer any are args
    back base been before being below between both bring build built call
    called calls can case change check code come comes compile compiled
    could count current data decide decides default does done down each
    else empty error errors every file files find first from function get
    gets give given goes going good group have here hold how inside into
    item items just keep kept know last later left like line list load
    look made make makes many mark marked match message more most much
    must name named names need never next none only open other otherwise
    output over page pages part parts pass path piece pieces point print
    put read real result return right same save saved seen self send set
    show side single size some source start state still stop string such
    take tell test text than that their them then there these they thing
    this those through time turn type under unit until used user uses
    using value values very want when where whether which while will with
    within without word words work would write written your
    """.split()
)

WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?")
IDENT_IN_QUERY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def is_implementation(rel):
    """Runtime Python modules only."""
    return rel.endswith(".py") and not rel.endswith(".pyi")


def split_identifier(name):
    """Split snake_case and CamelCase into lower-case parts."""
    parts = []
    for chunk in name.split("_"):
        if not chunk:
            continue
        parts.extend(
            re.findall(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+", chunk)
        )
    return [p.lower() for p in parts if p]


_ident_cache = {}


def identifiers(rel):
    """Return (full identifiers, identifier parts) of a Python file.

    Uses the tokenizer, so words inside strings, docstrings and comments
    do not count; Python keywords are excluded."""
    if rel in _ident_cache:
        return _ident_cache[rel]
    with open(os.path.join(CODE, rel), "rb") as f:
        src = f.read()
    full = set()
    parts = set()
    for tok in tokenize.tokenize(io.BytesIO(src).readline):
        if tok.type != tokenize.NAME or keyword.iskeyword(tok.string):
            continue
        full.add(tok.string)
        parts.add(tok.string.lower())
        parts.update(split_identifier(tok.string))
    # the file name counts as a distinctive word as well
    stem = os.path.splitext(os.path.basename(rel))[0]
    parts.add(stem.lower())
    parts.update(split_identifier(stem))
    _ident_cache[rel] = (full, parts)
    return full, parts


def line_count(rel):
    with open(os.path.join(CODE, rel), "rb") as f:
        return len(f.read().decode("utf-8").splitlines())


def main():
    errors = []
    warnings = []
    if not os.path.isdir(CODE):
        print(f"FAIL: {CODE} is missing")
        return 1

    with open(DATA, encoding="utf-8") as f:
        raw_lines = f.read().splitlines()
    lines = [l for l in raw_lines if l.strip()]
    if len(lines) != len(raw_lines):
        errors.append(f"{len(raw_lines) - len(lines)} blank line(s) in the file")
    if len(lines) != 40:
        errors.append(f"expected 40 lines, found {len(lines)}")

    kinds = {k: 0 for k in KINDS}
    gold_files = set()
    seen_queries = set()
    overlap_report = []
    total_distinct = 0
    total_common = 0

    for n, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: invalid JSON ({e})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"line {n}: not a JSON object")
            continue
        missing = [k for k in REQUIRED if k not in obj]
        extra = [k for k in obj if k not in REQUIRED]
        if missing:
            errors.append(f"line {n}: missing keys {missing}")
            continue
        if extra:
            errors.append(f"line {n}: unexpected keys {extra}")

        q, gold, gl, kind = obj["query"], obj["gold"], obj["gold_lines"], obj["kind"]
        if not isinstance(q, str) or not q.strip():
            errors.append(f"line {n}: query must be a non-empty string")
            continue
        if q in seen_queries:
            errors.append(f"line {n}: duplicate query")
        seen_queries.add(q)
        if kind not in KINDS:
            errors.append(f"line {n}: bad kind {kind!r}")
        else:
            kinds[kind] += 1

        if not isinstance(gold, list) or not (1 <= len(gold) <= 3):
            errors.append(f"line {n}: gold must be a list of 1-3 paths")
            continue
        if len(set(gold)) != len(gold):
            errors.append(f"line {n}: duplicate gold paths")
        ok_gold = []
        for p in gold:
            if not isinstance(p, str):
                errors.append(f"line {n}: gold path {p!r} is not a string")
                continue
            full = os.path.normpath(os.path.join(CODE, p))
            if os.path.isabs(p) or not full.startswith(CODE + os.sep):
                errors.append(f"line {n}: gold path {p!r} is not relative to code/jinja2/")
            elif not os.path.isfile(full):
                errors.append(f"line {n}: gold path {p!r} does not exist")
            elif not is_implementation(p):
                errors.append(f"line {n}: gold path {p!r} is not an implementation file")
            else:
                ok_gold.append(p)
                gold_files.add(p)

        if not isinstance(gl, list) or not gl:
            errors.append(f"line {n}: gold_lines must be a non-empty list")
            continue
        covered = set()
        for r in gl:
            if (
                not isinstance(r, list)
                or len(r) != 3
                or not isinstance(r[0], str)
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in r[1:])
            ):
                errors.append(f"line {n}: bad gold_lines entry {r!r}")
                continue
            p, s, e = r
            if p not in gold:
                errors.append(f"line {n}: gold_lines file {p!r} not in gold")
                continue
            if p not in ok_gold:
                continue
            cnt = line_count(p)
            if not (1 <= s <= e <= cnt):
                errors.append(f"line {n}: range {s}-{e} outside {p} (1-{cnt})")
            covered.add(p)
        for p in ok_gold:
            if p not in covered:
                errors.append(f"line {n}: gold file {p!r} has no gold_lines range")

        if not ok_gold:
            continue
        all_full = set()
        all_parts = set()
        for p in ok_gold:
            fu, pa = identifiers(p)
            all_full |= fu
            all_parts |= pa

        if kind == "identifier":
            named = {
                w for w in IDENT_IN_QUERY_RE.findall(q) if w in all_full and len(w) >= 3
            }
            if not named:
                errors.append(f"line {n}: identifier question names no identifier of its gold file(s)")
        elif kind == "paraphrase":
            # whole compound identifiers (foo_bar / FooBar) are forbidden
            for w in IDENT_IN_QUERY_RE.findall(q):
                if w in all_full and ("_" in w.strip("_") or re.search(r"[a-z][A-Z]", w)):
                    errors.append(f"line {n}: paraphrase uses code identifier {w!r}")
            words = {w.lower() for w in WORD_RE.findall(q) if len(w) >= 4}
            hits = sorted(w for w in words if w in all_parts)
            common = [w for w in hits if w in COMMON]
            distinct = [w for w in hits if w not in COMMON]
            total_common += len(common)
            total_distinct += len(distinct)
            if hits:
                overlap_report.append((n, ok_gold, distinct, common))

    if kinds["identifier"] != 20 or kinds["paraphrase"] != 20:
        errors.append(f"expected 20/20 kinds, found {kinds}")

    print(f"file: {os.path.relpath(DATA, HERE)}")
    print(f"lines: {len(lines)}  kinds: {kinds}")
    print(f"distinct gold files: {len(gold_files)}")
    for p in sorted(gold_files):
        print(f"  {p}")
    print()
    print("paraphrase word overlaps with gold-file identifiers (reported, not failing):")
    if not overlap_report:
        print("  none")
    for n, g, distinct, common in overlap_report:
        print(
            f"  line {n:2d} {','.join(g)}: distinctive={distinct or '-'} common={common or '-'}"
        )
    print(
        f"  total: {total_distinct} distinctive, {total_common} common overlapping word(s)"
        f" over {kinds['paraphrase']} paraphrase questions"
    )
    print()
    for w in warnings:
        print(f"WARNING: {w}")
    if errors:
        for e in errors:
            print(f"ERROR: {e}")
        print(f"FAIL ({len(errors)} error(s))")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
