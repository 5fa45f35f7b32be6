#!/usr/bin/env python3
"""Validate the heldout47 subagent-routing set (python3 stdlib only).

Checks
  agents   exactly 40 files in .claude/agents/*.md; frontmatter delimited by ---;
           name present, kebab-case, equal to the file stem, unique;
           description non-empty with a lead sentence before the first <example>;
           2-3 <example> blocks, each with Context:, user:, assistant: and
           <commentary>...</commentary>; body (system prompt) 3-10 non-empty lines.
  queries  exactly 200 JSON lines with keys task/expert/acceptable only;
           expert and every acceptable name is a real agent; acceptable is a list,
           does not contain the expert, has no duplicates; no duplicate tasks;
           exactly 5 queries per agent;
           no query shares more than 60% of its (distinct, lower-cased) words with
           any example user line of its own expert agent.
Exit status 0 when everything passes, 1 otherwise.
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
AGENT_DIR = os.path.join(ROOT, ".claude", "agents")
QUERIES = os.path.join(ROOT, "queries.jsonl")
N_AGENTS = 40
N_QUERIES = 200
PER_AGENT = 5
MAX_OVERLAP = 0.60
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- YAML subset
def unescape_dq(s):
    """Decode the escapes allowed in a YAML double-quoted scalar (common subset)."""
    out, i = [], 0
    simple = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "r": "\r",
              "0": "\0", " ": " ", "e": "\x1b", "b": "\b"}
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
        elif nxt in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            out.append(chr(int(s[i + 2:i + 2 + width], 16)))
            i += 2 + width
        elif nxt == "\n":  # escaped line break
            i += 2
        else:
            raise ValueError("unknown escape \\%s" % nxt)
    return "".join(out)


def fold_dq_lines(raw):
    """Apply YAML line folding to a multi-line double-quoted scalar body."""
    lines = raw.split("\n")
    if len(lines) == 1:
        return raw
    res = lines[0].rstrip(" \t")
    pending_blank = 0
    for ln in lines[1:]:
        stripped = ln.strip(" \t")
        if stripped == "":
            pending_blank += 1
            continue
        if pending_blank:
            res += "\n" * pending_blank
        elif res.endswith("\\"):
            res = res[:-1]
        else:
            res += " "
        res += stripped
        pending_blank = 0
    return res


def parse_frontmatter(text):
    """Return (dict of top-level keys -> string values, body) or raise ValueError."""
    if not text.startswith("---\n"):
        raise ValueError("file does not start with '---' frontmatter delimiter")
    end = text.find("\n---\n", 4)
    if end == -1:
        if text.rstrip().endswith("\n---"):
            end = text.rstrip().rfind("\n---")
        else:
            raise ValueError("no closing '---' frontmatter delimiter")
    fm = text[4:end]
    body = text[end + 5:]
    lines = fm.split("\n")
    data, i = {}, 0
    key_re = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?$")
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        m = key_re.match(line)
        if not m:
            raise ValueError("unparseable frontmatter line %d: %r" % (i + 1, line[:60]))
        key, val = m.group(1), (m.group(2) or "").rstrip()
        if key in data:
            raise ValueError("duplicate frontmatter key %r" % key)
        i += 1
        if val.startswith('"'):
            raw = val[1:]
            # accumulate until an unescaped closing quote
            while True:
                j, closed = 0, -1
                while j < len(raw):
                    if raw[j] == "\\":
                        j += 2
                        continue
                    if raw[j] == '"':
                        closed = j
                        break
                    j += 1
                if closed != -1:
                    if raw[closed + 1:].strip() not in ("",) and not raw[closed + 1:].strip().startswith("#"):
                        raise ValueError("trailing characters after quoted %s" % key)
                    raw = raw[:closed]
                    break
                if i >= len(lines):
                    raise ValueError("unterminated double-quoted %s" % key)
                raw += "\n" + lines[i]
                i += 1
            data[key] = unescape_dq(fold_dq_lines(raw))
        elif val.startswith("'"):
            raw = val[1:]
            while "'" not in raw.replace("''", ""):
                if i >= len(lines):
                    raise ValueError("unterminated single-quoted %s" % key)
                raw += "\n" + lines[i]
                i += 1
            k = 0
            while True:  # find the closing quote, skipping '' escapes
                k = raw.index("'", k)
                if raw[k + 1:k + 2] == "'":
                    k += 2
                    continue
                break
            data[key] = fold_dq_lines(raw[:k]).replace("''", "'")
        elif re.match(r"^[|>][+-]?\d*$", val):
            style, chomp = val[0], ("-" if "-" in val else "+" if "+" in val else "")
            block = []
            while i < len(lines) and (lines[i].strip() == "" or lines[i].startswith((" ", "\t"))):
                block.append(lines[i])
                i += 1
            nonblank = [b for b in block if b.strip()]
            if not nonblank:
                data[key] = ""
                continue
            indent = len(nonblank[0]) - len(nonblank[0].lstrip(" "))
            content = [b[indent:] if b.strip() else "" for b in block]
            if style == "|":
                s = "\n".join(content)
            else:  # folded: join non-blank runs with spaces
                s, prev_blank = "", True
                for c in content:
                    if c == "":
                        s += "\n"
                        prev_blank = True
                    else:
                        s += ("" if prev_blank else " ") + c
                        prev_blank = False
            s = s.rstrip("\n")
            if chomp == "":
                s += "\n"
            data[key] = s
        else:
            data[key] = val
    return data, body


# ---------------------------------------------------------------- agents
def words(s):
    return WORD.findall(s.lower())


def strip_quotes(s):
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    return s


agents = {}          # name -> list of example user lines
style_counts = Counter()
example_counts = Counter()

files = sorted(f for f in os.listdir(AGENT_DIR) if f.endswith(".md")) if os.path.isdir(AGENT_DIR) else []
if len(files) != N_AGENTS:
    err("expected %d agent files, found %d" % (N_AGENTS, len(files)))

for fname in files:
    stem = fname[:-3]
    path = os.path.join(AGENT_DIR, fname)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        fm, body = parse_frontmatter(text)
    except ValueError as e:
        err("%s: %s" % (fname, e))
        continue
    name = fm.get("name", "")
    if not name:
        err("%s: missing name" % fname)
    elif name != stem:
        err("%s: name %r != file name %r" % (fname, name, stem))
    if name and not KEBAB.match(name):
        err("%s: name %r is not kebab-case" % (fname, name))
    if name in agents:
        err("%s: duplicate agent name %r" % (fname, name))
    desc = fm.get("description", "")
    if not desc.strip():
        err("%s: missing description" % fname)
        continue
    # formatting style bookkeeping
    raw_desc_line = next((l for l in text.split("\n") if l.startswith("description:")), "")
    dq = raw_desc_line.startswith('description: "')
    block = bool(re.match(r"description:\s*[|>]", raw_desc_line))
    lead = desc.split("<example>", 1)[0].strip()
    if len(lead) < 40:
        err("%s: description needs a lead sentence before the examples" % fname)
    blocks = re.findall(r"<example>(.*?)</example>", desc, re.S)
    if desc.count("<example>") != len(blocks) or desc.count("</example>") != len(blocks):
        err("%s: unbalanced <example> tags" % fname)
    if not 2 <= len(blocks) <= 3:
        err("%s: %d <example> blocks (need 2-3)" % (fname, len(blocks)))
    example_counts[len(blocks)] += 1
    users = []
    quoted_users = 0
    for k, b in enumerate(blocks, 1):
        for label in ("Context:", "assistant:"):
            if not re.search(r"^\s*%s\s*\S" % re.escape(label), b, re.M):
                err("%s: example %d lacks a %s line" % (fname, k, label))
        if not re.search(r"<commentary>.*?\S.*?</commentary>", b, re.S):
            err("%s: example %d lacks a non-empty <commentary>" % (fname, k))
        m = re.search(r"^\s*user:\s*(.+)$", b, re.M)
        if not m:
            err("%s: example %d lacks a user: line" % (fname, k))
            continue
        u = m.group(1).strip()
        if u[:1] in "\"'" and u[-1:] == u[:1]:
            quoted_users += 1
        users.append(strip_quotes(u))
    style_counts[("double-quoted \\n" if dq else "block scalar" if block else "other")
                 + (" / quoted user" if users and quoted_users == len(users) else " / unquoted user")] += 1
    body_lines = [l for l in body.strip().split("\n") if l.strip()]
    if not 3 <= len(body_lines) <= 10:
        err("%s: body has %d non-empty lines (need 3-10)" % (fname, len(body_lines)))
    if name:
        agents[name] = users

# ---------------------------------------------------------------- queries
per_agent = Counter()
tasks_seen = set()
max_overlap = (0.0, None, None)
n_lines = 0
n_acceptable = 0

if not os.path.exists(QUERIES):
    err("queries.jsonl missing")
else:
    with open(QUERIES, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            if not line.strip():
                err("queries.jsonl:%d blank line" % ln)
                continue
            n_lines += 1
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                err("queries.jsonl:%d invalid JSON (%s)" % (ln, e))
                continue
            if not isinstance(q, dict) or set(q) != {"task", "expert", "acceptable"}:
                err("queries.jsonl:%d keys must be exactly task/expert/acceptable" % ln)
                continue
            task, expert, acc = q["task"], q["expert"], q["acceptable"]
            if not isinstance(task, str) or not task.strip():
                err("queries.jsonl:%d empty task" % ln)
                continue
            norm = " ".join(words(task))
            if norm in tasks_seen:
                err("queries.jsonl:%d duplicate task" % ln)
            tasks_seen.add(norm)
            if expert not in agents:
                err("queries.jsonl:%d unknown expert %r" % (ln, expert))
                continue
            per_agent[expert] += 1
            if not isinstance(acc, list):
                err("queries.jsonl:%d acceptable must be a list" % ln)
                acc = []
            if acc:
                n_acceptable += 1
            if len(set(acc)) != len(acc):
                err("queries.jsonl:%d duplicate names in acceptable" % ln)
            for a in acc:
                if a not in agents:
                    err("queries.jsonl:%d unknown acceptable agent %r" % (ln, a))
                if a == expert:
                    err("queries.jsonl:%d acceptable repeats the expert" % ln)
            qw = set(words(task))
            for u in agents[expert]:
                uw = set(words(u))
                if not qw:
                    continue
                ov = len(qw & uw) / len(qw)
                if ov > max_overlap[0]:
                    max_overlap = (ov, task, u)
                if ov > MAX_OVERLAP:
                    err("queries.jsonl:%d shares %.0f%% of its words with an example of %s: %r"
                        % (ln, ov * 100, expert, u))

if n_lines != N_QUERIES:
    err("expected %d queries, found %d" % (N_QUERIES, n_lines))
for name in sorted(agents):
    if per_agent[name] != PER_AGENT:
        err("agent %s has %d queries (need %d)" % (name, per_agent[name], PER_AGENT))

# ---------------------------------------------------------------- summary
print("heldout47 validation")
print("  agent files           : %d (expected %d)" % (len(files), N_AGENTS))
print("  examples per agent    : " + ", ".join("%d examples x %d agents" % (k, v) for k, v in sorted(example_counts.items())))
print("  description formats   :")
for k, v in sorted(style_counts.items()):
    print("      %-40s %d" % (k, v))
print("  queries               : %d (expected %d)" % (n_lines, N_QUERIES))
counts = Counter(per_agent.values())
print("  queries per agent     : " + ", ".join("%d queries x %d agents" % (k, v) for k, v in sorted(counts.items())))
print("  with acceptable alt.  : %d" % n_acceptable)
if max_overlap[1]:
    print("  max word overlap with own examples: %.0f%% (limit %.0f%%)" % (max_overlap[0] * 100, MAX_OVERLAP * 100))
    print("      query  : %s" % max_overlap[1])
    print("      example: %s" % max_overlap[2])
if errors:
    print("FAIL: %d problem(s)" % len(errors))
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("PASS")
