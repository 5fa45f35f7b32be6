#!/usr/bin/env python3
"""Validator for markdown-it-15.0.3-search.jsonl (python3, stdlib only).

Usage:  python3 validate-search.py [path/to/file.jsonl]

Hard checks (any failure -> exit status 1):
  * exactly 40 lines, each a JSON object with the keys
    query (str), gold (list of 1-3 str), gold_lines (list of
    [path, start, end]), kind ("identifier" | "paraphrase")
  * 20 identifier and 20 paraphrase questions
  * every gold path exists under code/markdown-it/ and is an
    implementation file (see IMPLEMENTATION RULE below)
  * every gold_lines path is in gold, every gold file has at least one
    range, and 1 <= start <= end <= number of lines of that file
  * ranges in the two bundles lie inside a `//#region src/...` block
    (the library's own modules, not bundler runtime helpers or the
    vendored copy of the `entities` package)
  * when both bundles are gold, their ranges hold the same code
    (line by line, after the two known renames between the bundles)
  * identifier questions mention at least one identifier that occurs
    in their gold line ranges
  * paraphrase questions contain no backticks and no camelCase,
    snake_case or dotted (a.b) code-like tokens

Report only (never fails):
  * for each paraphrase question, the query words (length >= 4,
    case-insensitive, a plural "s" ignored) that occur as an identifier
    or identifier part (camelCase / snake_case split) in its gold
    files, split into
      - words found inside the gold line ranges vs. only elsewhere in
        the gold files, and
      - common English words vs. distinctive words.
"""
import json
import os
import re
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "code", "markdown-it")
DEFAULT_JSONL = os.path.join(HERE, "markdown-it-15.0.3-search.jsonl")
N_LINES = 40
N_PER_KIND = 20
KINDS = ("identifier", "paraphrase")
KEYS = ("query", "gold", "gold_lines", "kind")
BUNDLES = ("dist/markdown-it.mjs", "dist/markdown-it.cjs.js")

# ----------------------------------------------------------------------------
# IMPLEMENTATION RULE
# markdown-it 15.0.3 is published without its src/ (or lib/) folder: the
# tarball holds bin/, dist/, README.md, LICENSE and package.json only.
# Implementation = runtime JavaScript a reader can study:
#   * extension .js / .mjs / .cjs
#   * not minified (no ".min." in the name) and not under dist/browser/
#   * not a source map (.map) and not a type declaration (.d.ts/.d.mts/.d.cts)
#   * README, LICENSE, package.json are never implementation
# This leaves bin/markdown-it.mjs and the two *unminified* bundles
# dist/markdown-it.mjs (ESM) and dist/markdown-it.cjs.js (CommonJS), which
# carry the library's src/*.ts modules compiled to JS, each module delimited
# by `//#region src/<module>.ts` ... `//#endregion` comments.
# ----------------------------------------------------------------------------
JS_EXT = (".js", ".mjs", ".cjs")


def is_implementation(rel):
    rel = rel.replace(os.sep, "/")
    base = rel.rsplit("/", 1)[-1]
    if base in ("README.md", "LICENSE", "package.json"):
        return False
    if not base.endswith(JS_EXT):
        return False
    if ".min." in base or rel.startswith("dist/browser/"):
        return False
    if base.endswith(".map") or re.search(r"\.d\.[cm]?ts$", base):
        return False
    return True


def implementation_files():
    out = []
    for dp, dn, fn in os.walk(ROOT):
        dn.sort()
        for f in sorted(fn):
            rel = os.path.relpath(os.path.join(dp, f), ROOT).replace(os.sep, "/")
            if is_implementation(rel):
                out.append(rel)
    return out


# ----------------------------------------------------------------------------
# A small JavaScript lexer: yields (line, identifier) for every identifier
# token, skipping comments, string/template text and regular-expression
# literals (template ${...} expressions are lexed as code).
# ----------------------------------------------------------------------------
JS_RESERVED = set("""
break case catch class const continue debugger default delete do else export
extends finally for function if import in instanceof new return super switch
this throw try typeof var void while with yield let static enum await
implements package protected interface private public null true false of
from as
""".split())
REGEX_PREV_KEYWORDS = {"return", "typeof", "instanceof", "in", "of", "new",
                       "delete", "void", "throw", "case", "do", "else",
                       "yield", "await"}
ID_START = re.compile(r"[A-Za-z_$]")
ID_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
NUM_RE = re.compile(r"(?:0[xXbBoO][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)n?")


def js_identifiers(text):
    """Return list of (line_no, identifier)."""
    out = []
    i, n, line = 0, len(text), 1
    if text.startswith("#!"):
        i = text.find("\n")
        if i < 0:
            return out
    prev = None            # previous significant token: ('id', s) / ('num',) / ('punct', c)
    brace_stack = []       # 'code' or 'tmpl' for each open "{" / "${"

    def regex_allowed():
        if prev is None:
            return True
        if prev[0] == "id":
            return prev[1] in REGEX_PREV_KEYWORDS
        if prev[0] in ("num", "str", "regex"):
            return False
        return prev[1] not in (")", "]", "}")

    def scan_template(i, line):
        # i is just after "`" or after the "}" that closes a ${...}
        while i < n:
            c = text[i]
            if c == "\\":
                if i + 1 < n and text[i + 1] == "\n":
                    line += 1
                i += 2
                continue
            if c == "\n":
                line += 1
            if c == "`":
                return i + 1, line, False
            if c == "$" and i + 1 < n and text[i + 1] == "{":
                return i + 2, line, True
            i += 1
        return i, line, False

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        if c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == "\\":
                    if j + 1 < n and text[j + 1] == "\n":
                        line += 1
                    j += 2
                    continue
                if text[j] == "\n":      # unterminated; be lenient
                    break
                j += 1
            i = j + 1
            prev = ("str",)
            continue
        if c == "`":
            i, line, opened = scan_template(i + 1, line)
            if opened:
                brace_stack.append("tmpl")
                prev = ("punct", "{")
            else:
                prev = ("str",)
            continue
        if c == "{":
            brace_stack.append("code")
            prev = ("punct", "{")
            i += 1
            continue
        if c == "}":
            kind = brace_stack.pop() if brace_stack else "code"
            if kind == "tmpl":
                i, line, opened = scan_template(i + 1, line)
                if opened:
                    brace_stack.append("tmpl")
                    prev = ("punct", "{")
                else:
                    prev = ("str",)
                continue
            prev = ("punct", "}")
            i += 1
            continue
        if c == "/" and regex_allowed():
            j = i + 1
            in_class = False
            while j < n:
                d = text[j]
                if d == "\\":
                    j += 2
                    continue
                if d == "\n":
                    break
                if in_class:
                    if d == "]":
                        in_class = False
                elif d == "[":
                    in_class = True
                elif d == "/":
                    break
                j += 1
            j += 1
            while j < n and (text[j].isalnum()):
                j += 1
            i = j
            prev = ("regex",)
            continue
        if ID_START.match(c):
            m = ID_RE.match(text, i)
            tok = m.group(0)
            if tok not in JS_RESERVED:
                out.append((line, tok))
            prev = ("id", tok)
            i = m.end()
            continue
        if c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            m = NUM_RE.match(text, i)
            i = m.end() if m and m.end() > i else i + 1
            prev = ("num",)
            continue
        prev = ("punct", c)
        i += 1
    return out


def ident_parts(ident):
    parts = {ident.lower()}
    for chunk in re.split(r"[_$]+", ident):
        if not chunk:
            continue
        parts.add(chunk.lower())
        for p in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", chunk):
            parts.add(p.lower())
    return {p for p in parts if p}


def singular(w):
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


# General English words: overlaps with these are reported but treated as
# unavoidable. Domain words (token, rule, parse, state, render, link, ...)
# are deliberately NOT listed, so they show up as distinctive.
COMMON = set("""
about above after again against also always another anything appear appears
around back been before being below between both call called calls case cases
change changes come could does done down during each else even ever every
first following found from further give given have here into just keep kept
last later least like line lines list long made make makes many more most much
must need needs next none only open other over part same seen should since
single some something still such take than that their them then there these
they thing this those through turn turned turns under until upon used uses
using very want well were what when where whether which while will with within
without would your first second three four left right start end value values
name names number numbers type types text true false found find finds kind
size count order place where empty
""".split())


def load_lines(rel, cache={}):
    if rel not in cache:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            text = f.read()
        cache[rel] = (text, text.splitlines())
    return cache[rel]


def src_regions(lines):
    out, cur, start = [], None, None
    for i, l in enumerate(lines, 1):
        m = re.match(r"^//#region (.*)$", l)
        if m:
            cur, start = m.group(1), i
        elif l.startswith("//#endregion") and cur is not None:
            out.append((cur, start, i))
            cur = None
    return out


def region_of(lines, a, b):
    for name, s, e in src_regions(lines):
        if s < a and b < e:
            return name
    return None


BUNDLE_RENAMES = [("uc_micro.", "ucmicro."),
                  ("_objectSpread2({}, p.options)", "{ ...p.options }")]


def norm_bundle_line(s):
    for a, b in BUNDLE_RENAMES:
        s = s.replace(a, b)
    return s


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_JSONL
    errors = []
    notes = []

    def err(msg):
        errors.append(msg)

    impl = implementation_files()
    print(f"implementation files under code/markdown-it/ ({len(impl)}):")
    for f in impl:
        print(f"  {f}")

    with open(path, encoding="utf-8") as f:
        raw = f.read()
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != N_LINES:
        err(f"expected {N_LINES} lines, found {len(lines)}")

    rows = []
    for ln, s in enumerate(lines, 1):
        try:
            obj = json.loads(s)
        except Exception as e:  # noqa: BLE001
            err(f"line {ln}: invalid JSON ({e})")
            continue
        if not isinstance(obj, dict):
            err(f"line {ln}: not a JSON object")
            continue
        missing = [k for k in KEYS if k not in obj]
        extra = [k for k in obj if k not in KEYS]
        if missing:
            err(f"line {ln}: missing keys {missing}")
            continue
        if extra:
            err(f"line {ln}: unexpected keys {extra}")
        rows.append((ln, obj))

    # file-level identifier index: rel -> {line: set(parts)}
    ident_index = {}

    def idx(rel):
        if rel not in ident_index:
            text, _ = load_lines(rel)
            per_line = {}
            for l, tok in js_identifiers(text):
                per_line.setdefault(l, set()).add(tok)
            ident_index[rel] = per_line
        return ident_index[rel]

    kinds = {k: 0 for k in KINDS}
    distinct_gold = OrderedDict()
    distinct_regions = OrderedDict()
    queries_seen = {}
    para_reports = []

    for ln, q in rows:
        query, gold, gl, kind = q["query"], q["gold"], q["gold_lines"], q["kind"]
        if not isinstance(query, str) or not query.strip():
            err(f"line {ln}: query must be a non-empty string")
            continue
        if query in queries_seen:
            err(f"line {ln}: duplicate query (same as line {queries_seen[query]})")
        queries_seen[query] = ln
        if kind not in KINDS:
            err(f"line {ln}: kind {kind!r} not in {KINDS}")
        else:
            kinds[kind] += 1
        if not (isinstance(gold, list) and 1 <= len(gold) <= 3
                and all(isinstance(g, str) for g in gold)):
            err(f"line {ln}: gold must be a list of 1-3 strings")
            continue
        if len(set(gold)) != len(gold):
            err(f"line {ln}: duplicate path in gold")
        ok_paths = True
        for g in gold:
            if not os.path.isfile(os.path.join(ROOT, g)):
                err(f"line {ln}: gold path does not exist: {g}")
                ok_paths = False
            elif not is_implementation(g):
                err(f"line {ln}: gold path is not an implementation file: {g}")
                ok_paths = False
            distinct_gold[g] = distinct_gold.get(g, 0) + 1
        if not ok_paths:
            continue
        if not isinstance(gl, list) or not gl:
            err(f"line {ln}: gold_lines must be a non-empty list")
            continue
        ranges = []
        for r in gl:
            if not (isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in r[1:])):
                err(f"line {ln}: bad gold_lines entry {r!r} (want [path, start, end])")
                continue
            p, a, b = r
            if p not in gold:
                err(f"line {ln}: gold_lines path {p} is not in gold")
                continue
            _, flines = load_lines(p)
            if not (1 <= a <= b <= len(flines)):
                err(f"line {ln}: range {p}:{a}-{b} outside 1..{len(flines)}")
                continue
            ranges.append((p, a, b))
        for g in gold:
            if not any(p == g for p, _, _ in ranges):
                err(f"line {ln}: gold file {g} has no gold_lines range")
        # bundle ranges must sit inside a src/ region
        units = set()
        for p, a, b in ranges:
            if p in BUNDLES:
                _, flines = load_lines(p)
                reg = region_of(flines, a, b)
                if reg is None or not reg.startswith("src/"):
                    err(f"line {ln}: {p}:{a}-{b} is not inside a //#region src/... block "
                        f"(found {reg!r})")
                elif p == BUNDLES[0]:
                    units.add(reg)
            else:
                units.add(p)
        for u in sorted(units):
            distinct_regions[u] = distinct_regions.get(u, 0) + 1
        # both bundles -> same code
        if all(b_ in gold for b_ in BUNDLES):
            rm = [(a, b) for p, a, b in ranges if p == BUNDLES[0]]
            rc = [(a, b) for p, a, b in ranges if p == BUNDLES[1]]
            if len(rm) != len(rc):
                err(f"line {ln}: different number of ranges in the two bundles")
            else:
                _, lm = load_lines(BUNDLES[0])
                _, lc = load_lines(BUNDLES[1])
                for (a1, b1), (a2, b2) in zip(rm, rc):
                    t1 = [norm_bundle_line(x) for x in lm[a1 - 1:b1]]
                    t2 = [norm_bundle_line(x) for x in lc[a2 - 1:b2]]
                    if t1 != t2:
                        err(f"line {ln}: {BUNDLES[0]}:{a1}-{b1} and {BUNDLES[1]}:{a2}-{b2} "
                            f"do not hold the same code")
        # identifiers in the answer ranges / in the whole gold files
        range_parts, range_idents, file_parts = set(), set(), set()
        for p, a, b in ranges:
            per_line = idx(p)
            for l in range(a, b + 1):
                for tok in per_line.get(l, ()):
                    range_idents.add(tok)
                    range_parts |= ident_parts(tok)
        for g in gold:
            for toks in idx(g).values():
                for tok in toks:
                    file_parts |= ident_parts(tok)

        if kind == "identifier":
            cands = set(re.findall(r"`([^`]+)`", query))
            cands |= set(re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*", query))
            hit = set()
            for c in cands:
                for tok in re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*", c):
                    if tok in range_idents and (len(tok) >= 4 or "_" in tok):
                        hit.add(tok)
            code_like = {t for t in hit if re.search(r"[a-z][A-Z]|_|^[A-Z][a-z]+[A-Z]", t)}
            if not hit:
                err(f"line {ln}: identifier question names no identifier found in its gold ranges")
            elif not code_like and not re.search(r"`", query):
                notes.append(f"line {ln}: identifier question only uses plain-word identifiers: "
                             f"{sorted(hit)}")
        elif kind == "paraphrase":
            if "`" in query:
                err(f"line {ln}: paraphrase contains backticks")
            code_tokens = [t for t in re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*", query)
                           if re.search(r"[a-z][A-Z]", t) or "_" in t or "$" in t
                           or re.search(r"[A-Za-z]\.[A-Za-z]", t) and not re.search(r"\.(com|org|net)$", t)]
            # "www.example.com"-style host names are prose examples, not code
            code_tokens = [t for t in code_tokens if not t.lower().startswith("www.")]
            if code_tokens:
                err(f"line {ln}: paraphrase contains code-like tokens {code_tokens}")
            for g in gold:
                base = g.rsplit("/", 1)[-1]
                stem = base.split(".", 1)[0]
                if base.lower() in query.lower() or stem.lower() in query.lower():
                    err(f"line {ln}: paraphrase mentions gold file name {base}")
            words = []
            for w in re.findall(r"[A-Za-z]+", query):
                w = w.lower()
                if len(w) >= 4 and w not in words:
                    words.append(w)
            in_range, elsewhere = [], []
            for w in words:
                forms = {w, singular(w)}
                if forms & range_parts:
                    in_range.append(w)
                elif forms & file_parts:
                    elsewhere.append(w)
            para_reports.append((ln, query, in_range, elsewhere))

    for k in KINDS:
        if kinds[k] != N_PER_KIND:
            err(f"kind {k}: {kinds[k]} questions, expected {N_PER_KIND}")

    # ------------------------------------------------------------- report
    print()
    print(f"questions: {len(rows)}  identifier: {kinds['identifier']}  "
          f"paraphrase: {kinds['paraphrase']}")
    print(f"distinct gold files: {len(distinct_gold)}")
    for g, c in distinct_gold.items():
        print(f"  {c:3d}  {g}")
    if len(distinct_gold) < 20:
        print(f"WARNING (not an error): the brief asked for >= 20 distinct gold files, but "
              f"the package ships only {len(impl)} implementation files; the spread is "
              f"measured over src/ modules instead (below).")
    print(f"distinct answer units (questions per src/ module of the ESM bundle, "
          f"or per bin file): {len(distinct_regions)}")
    for g, c in distinct_regions.items():
        print(f"  {c:3d}  {g}")

    print()
    print("paraphrase vocabulary overlap (query words >= 4 letters that are identifiers")
    print("or identifier parts; C = common English word, D = distinctive):")
    tot_in_d = tot_in_c = tot_else_d = tot_else_c = 0
    clean = 0
    for ln, query, in_range, elsewhere in para_reports:
        def tag(ws):
            return [f"{w}({'C' if (w in COMMON or singular(w) in COMMON) else 'D'})" for w in ws]
        ind = [w for w in in_range if not (w in COMMON or singular(w) in COMMON)]
        eld = [w for w in elsewhere if not (w in COMMON or singular(w) in COMMON)]
        tot_in_d += len(ind)
        tot_in_c += len(in_range) - len(ind)
        tot_else_d += len(eld)
        tot_else_c += len(elsewhere) - len(eld)
        if not ind:
            clean += 1
        print(f"  line {ln:2d}: in answer lines: {', '.join(tag(in_range)) or '-'}")
        print(f"           elsewhere in gold file: {', '.join(tag(elsewhere)) or '-'}")
    print()
    print(f"paraphrase summary: {clean}/{len(para_reports)} questions share no distinctive word "
          f"with their answer lines;")
    print(f"  words shared with answer lines: {tot_in_d} distinctive, {tot_in_c} common")
    print(f"  words shared only with the rest of the gold file: {tot_else_d} distinctive, "
          f"{tot_else_c} common")

    if notes:
        print()
        for n_ in notes:
            print("note: " + n_)
    print()
    if errors:
        print(f"FAILED: {len(errors)} error(s)")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK: all hard checks passed")


if __name__ == "__main__":
    main()
