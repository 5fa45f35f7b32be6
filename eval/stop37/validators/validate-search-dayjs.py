#!/usr/bin/env python3
"""Validate dayjs-1.11.13-search.jsonl (stdlib only).

Checks
  * exactly 40 lines, each valid JSON with keys query/gold/gold_lines/kind
  * kinds: 20 "identifier" + 20 "paraphrase"
  * gold: 1-3 distinct paths, each existing under code/dayjs/ and being an
    implementation file (readable ES module source under esm/, *.js, not
    *.d.ts, not minified)
  * gold_lines: every file is listed in gold, every gold file has a range,
    1 <= start <= end <= number of lines of the file
  * paraphrase queries: every query word (length >= 4, case-insensitive)
    that occurs as an identifier or identifier part (camelCase/snake_case
    split) in a gold file is reported.  Words in COMMON_WORDS (plain English /
    date vocabulary that cannot reasonably be avoided) are only reported;
    any other shared word is an error.
  * identifier queries: reports how many of their words are identifiers of
    the gold files (informational; an identifier query sharing none is an
    error).

Exit status 0 when everything passes, 1 otherwise.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "code", "dayjs")
DATA = os.path.join(HERE, "dayjs-1.11.13-search.jsonl")
MAX_READABLE_LINE = 500  # minified builds are one line of 1-7 kB

# Everyday English / calendar vocabulary that a newcomer cannot avoid when
# asking about a date library.  Shared words from this list are reported but
# do not fail validation.
COMMON_WORDS = {
    "date", "dates", "time", "times", "year", "years", "month", "months",
    "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
    "second", "seconds", "from", "with", "what", "when", "where", "which",
    "that", "this", "into", "does", "there", "than", "name", "names",
    "number", "start", "end", "first", "last", "next", "same", "each",
    "value", "values", "given", "instead", "only", "also", "have", "then",
    "should", "would", "will", "after", "before", "between", "length",
    "string", "text", "true", "false", "null", "list", "local", "zone",
}

REQUIRED = ("query", "gold", "gold_lines", "kind")
KINDS = ("identifier", "paraphrase")
REGEX_PRECEDERS = set("(,=:[!&|?{};+-*%<>~^")
# JavaScript reserved words are syntax, not identifiers of the code.
JS_KEYWORDS = {
    "break", "case", "catch", "class", "const", "continue", "debugger", "default",
    "delete", "do", "else", "export", "extends", "finally", "for", "function",
    "if", "import", "in", "instanceof", "let", "new", "return", "super",
    "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with",
    "yield", "true", "false", "null", "undefined", "from", "of",
}
REGEX_KEYWORDS = {"return", "typeof", "case", "in", "of", "new", "delete", "void", "throw"}


def is_implementation(rel):
    """Return (ok, reason) for a path relative to code/dayjs/."""
    if rel.startswith("/") or ".." in rel.split("/"):
        return False, "path must be relative and inside code/dayjs"
    if not rel.startswith("esm/"):
        return False, "not under esm/ (top-level, plugin/ and locale/ builds are minified)"
    if rel.endswith(".d.ts") or not rel.endswith(".js"):
        return False, "not a .js source file"
    full = os.path.join(ROOT, rel)
    if not os.path.isfile(full):
        return False, "file does not exist"
    with open(full, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    if len(lines) < 2:
        return False, "single-line (minified) file"
    longest = max(len(l) for l in lines)
    if longest > MAX_READABLE_LINE:
        return False, "line of %d chars looks minified" % longest
    return True, ""


def strip_comments_strings(src):
    """Blank out comments, string/template literals and regex literals."""
    out = []
    i, n = 0, len(src)
    last_sig = ""      # last significant (non-space) char emitted
    last_word = ""     # last identifier emitted
    while i < n:
        c = src[i]
        nxt = src[i + 1] if i + 1 < n else ""
        if c == "/" and nxt == "/":
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and nxt == "*":
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
            continue
        if c in "'\"`":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            out.append(" ")
            last_sig, last_word = "x", ""
            continue
        if c == "/" and (last_sig == "" or last_sig in REGEX_PRECEDERS or last_word in REGEX_KEYWORDS):
            j = i + 1
            in_class = False
            while j < n and src[j] != "\n":
                ch = src[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "[":
                    in_class = True
                elif ch == "]":
                    in_class = False
                elif ch == "/" and not in_class:
                    break
                j += 1
            j += 1
            while j < n and (src[j].isalpha()):
                j += 1  # flags
            i = j
            out.append(" ")
            last_sig, last_word = "x", ""
            continue
        m = re.match(r"[A-Za-z_$][\w$]*", src[i:i + 200])
        if m:
            out.append(m.group(0))
            last_word = m.group(0)
            last_sig = "x"
            i += len(m.group(0))
            continue
        out.append(c)
        if not c.isspace():
            last_sig = c
            last_word = ""
        i += 1
    return "".join(out)


def split_identifier(tok):
    parts = set()
    tok = tok.replace("$", "_")
    for chunk in tok.split("_"):
        if not chunk:
            continue
        for p in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", chunk):
            parts.add(p.lower())
    return parts


_ident_cache = {}


def identifier_words(rel):
    if rel not in _ident_cache:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
            code = strip_comments_strings(fh.read())
        words = set()
        for tok in re.findall(r"[A-Za-z_$][\w$]*", code):
            if tok in JS_KEYWORDS:
                continue
            words.add(tok.lower().strip("$"))
            words |= split_identifier(tok)
        _ident_cache[rel] = words
    return _ident_cache[rel]


def query_words(q):
    return sorted({w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", q) if len(w) >= 4})


def line_count(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        return len(fh.read().splitlines())


def main():
    errors, notes = [], []
    with open(DATA, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw = raw[:-1]
    if len(raw) != 40:
        errors.append("expected 40 lines, found %d" % len(raw))
    kinds = {k: 0 for k in KINDS}
    gold_files = set()
    common_hits = 0
    for no, line in enumerate(raw, 1):
        try:
            rec = json.loads(line)
        except ValueError as exc:
            errors.append("line %d: invalid JSON (%s)" % (no, exc))
            continue
        if not isinstance(rec, dict):
            errors.append("line %d: not an object" % no)
            continue
        missing = [k for k in REQUIRED if k not in rec]
        if missing:
            errors.append("line %d: missing keys %s" % (no, missing))
            continue
        extra = set(rec) - set(REQUIRED)
        if extra:
            errors.append("line %d: unexpected keys %s" % (no, sorted(extra)))
        q, gold, gl, kind = rec["query"], rec["gold"], rec["gold_lines"], rec["kind"]
        if not isinstance(q, str) or not q.strip():
            errors.append("line %d: empty query" % no)
        if kind not in KINDS:
            errors.append("line %d: bad kind %r" % (no, kind))
        else:
            kinds[kind] += 1
        if not isinstance(gold, list) or not 1 <= len(gold) <= 3 or len(set(gold)) != len(gold):
            errors.append("line %d: gold must be 1-3 distinct paths" % no)
            continue
        ok_gold = []
        for g in gold:
            ok, why = is_implementation(g) if isinstance(g, str) else (False, "not a string")
            if not ok:
                errors.append("line %d: gold %r rejected: %s" % (no, g, why))
            else:
                ok_gold.append(g)
                gold_files.add(g)
        if not isinstance(gl, list) or not gl:
            errors.append("line %d: gold_lines must be a non-empty list" % no)
            continue
        covered = set()
        for item in gl:
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in item[1:])):
                errors.append("line %d: bad gold_lines item %r" % (no, item))
                continue
            path, start, end = item
            if path not in gold:
                errors.append("line %d: gold_lines file %s not in gold" % (no, path))
                continue
            if path not in ok_gold:
                continue
            covered.add(path)
            total = line_count(path)
            if not 1 <= start <= end <= total:
                errors.append("line %d: range %d-%d outside %s (1-%d)" % (no, start, end, path, total))
        for g in ok_gold:
            if g not in covered:
                errors.append("line %d: gold file %s has no gold_lines range" % (no, g))
        if not ok_gold or not isinstance(q, str):
            continue
        idents = set()
        for g in ok_gold:
            idents |= identifier_words(g)
        shared = [w for w in query_words(q) if w in idents]
        if kind == "paraphrase":
            bad = [w for w in shared if w not in COMMON_WORDS]
            common = [w for w in shared if w in COMMON_WORDS]
            common_hits += len(common)
            if bad:
                errors.append("line %d (paraphrase): distinctive identifier words shared with gold: %s" % (no, ", ".join(bad)))
            if common:
                notes.append("line %d (paraphrase): common words that are also identifiers: %s" % (no, ", ".join(common)))
        elif kind == "identifier":
            if not shared:
                errors.append("line %d (identifier): query uses no identifier of its gold files" % no)
    print("lines: %d" % len(raw))
    print("kinds: %s" % ", ".join("%s=%d" % kv for kv in kinds.items()))
    print("distinct gold files: %d" % len(gold_files))
    for g in sorted(gold_files):
        print("  " + g)
    if kinds != {"identifier": 20, "paraphrase": 20}:
        errors.append("kinds must be 20/20, got %s" % kinds)
    print("paraphrase notes (%d common-word overlaps, reported only):" % common_hits)
    for n_ in notes:
        print("  " + n_)
    if errors:
        print("ERRORS (%d):" % len(errors))
        for e in errors:
            print("  " + e)
        print("FAIL")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
