// Retrieval quality of code search against labelled questions (JSON lines):
//   {"query": "...", "gold": ["relative/path", ...], "gold_lines"?: [["relative/path", start, end], ...]}
// File level: the ranked results are reduced to distinct files in order of first appearance; a question
// counts as found at k when any gold file is among the first k files, and its reciprocal rank is
// 1 / (rank of the first gold file) when that rank is <= 10. Function level (only for questions with
// gold_lines): the same over chunks, a chunk matching when it is in a gold file and its line range
// overlaps a gold range.
import { InvalidArgumentError } from '../errors';
import { parseJsonLines } from '../text/json-lines';

export interface SearchQuestion {
  query: string;
  gold: string[];
  goldLines?: Array<[string, number, number]>;
}

export interface RankedHit {
  path: string;
  startLine: number;
  endLine: number;
}

export interface RankFigures {
  recall1: number;
  recall5: number;
  mrr10: number;
  queries: number;
}

export interface SearchEvalReport extends RankFigures {
  /** Function-level figures over the questions that carry gold_lines. */
  functions?: RankFigures;
  /** Questions whose first gold file is not in the top 5 (with the rank found, 0 = not in the results). */
  misses: Array<{ query: string; rank: number; top: string[] }>;
}

/**
 * A relative path as the index writes it: forward slashes, no "./", "." or empty segments, no trailing
 * slash, composed Unicode (NFC: a name typed on macOS is decomposed). An absolute path is left absolute
 * (the command makes it relative to the workspace).
 */
export function normalizeGoldPath(p: string): string {
  const slashed = p.normalize('NFC').replace(/\\/g, '/');
  const absolute = slashed.startsWith('/');
  const parts = slashed.split('/').filter((part) => part !== '' && part !== '.');
  return (absolute ? '/' : '') + parts.join('/');
}

/** Parses the question file; a bad line is an error naming the line, nothing is silently dropped. */
export function parseSearchQuestions(text: string, source: string): SearchQuestion[] {
  const out: SearchQuestion[] = [];
  for (const { line, value } of parseJsonLines(text, source)) {
    const where = `${source}:${line}`;
    const o = value as Record<string, unknown>;
    if (!o || typeof o !== 'object' || typeof o.query !== 'string' || !o.query.trim())
      throw new InvalidArgumentError(`${where}: "query" must be a non-empty string`);
    if (!Array.isArray(o.gold) || !o.gold.length || !o.gold.every((g) => typeof g === 'string' && g))
      throw new InvalidArgumentError(`${where}: "gold" must be a non-empty array of relative paths`);
    const question: SearchQuestion = { query: o.query, gold: o.gold.map((g) => normalizeGoldPath(g as string)) };
    // An empty list says nothing at function level: the question counts at file level only.
    if (o.gold_lines !== undefined && !(Array.isArray(o.gold_lines) && o.gold_lines.length === 0)) {
      const ok =
        Array.isArray(o.gold_lines) &&
        o.gold_lines.every(
          (g) =>
            Array.isArray(g) && g.length === 3 && typeof g[0] === 'string' && Number.isInteger(g[1]) && Number.isInteger(g[2]) && g[1] >= 1 && g[1] <= g[2],
        );
      if (!ok)
        throw new InvalidArgumentError(`${where}: "gold_lines" must be [[path, startLine, endLine], ...] with 1 <= startLine <= endLine (lines count from 1)`);
      question.goldLines = (o.gold_lines as Array<[string, number, number]>).map(([p, s, e]) => [normalizeGoldPath(p), s, e]);
    }
    out.push(question);
  }
  if (!out.length) throw new InvalidArgumentError(`${source}: no questions`);
  return out;
}

/** Rank (1-based) of the first element satisfying `hit`, 0 when none. */
function firstRank<T>(items: readonly T[], hit: (item: T) => boolean): number {
  const i = items.findIndex(hit);
  return i + 1;
}

function figures(ranks: readonly number[]): RankFigures {
  const n = ranks.length || 1;
  const share = (f: (r: number) => boolean) => Math.round((ranks.filter(f).length / n) * 1000) / 1000;
  return {
    recall1: share((r) => r === 1),
    recall5: share((r) => r >= 1 && r <= 5),
    mrr10: Math.round((ranks.reduce((sum, r) => sum + (r >= 1 && r <= 10 ? 1 / r : 0), 0) / n) * 1000) / 1000,
    queries: ranks.length,
  };
}

/** Distinct files of a ranked list of hits, in order of first appearance. */
export function rankedFiles(hits: readonly RankedHit[]): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  for (const h of hits) {
    const p = normalizeGoldPath(h.path);
    if (!seen.has(p)) {
      seen.add(p);
      files.push(p);
    }
  }
  return files;
}

/** Runs every question through `search` (ranked hits, best first) and scores the rankings. */
export async function evaluateSearch(questions: readonly SearchQuestion[], search: (query: string) => Promise<RankedHit[]>): Promise<SearchEvalReport> {
  const fileRanks: number[] = [];
  const functionRanks: number[] = [];
  const misses: SearchEvalReport['misses'] = [];
  for (const q of questions) {
    const hits = await search(q.query);
    const files = rankedFiles(hits);
    const rank = firstRank(files, (f) => q.gold.includes(f));
    fileRanks.push(rank);
    if (!(rank >= 1 && rank <= 5)) misses.push({ query: q.query, rank, top: files.slice(0, 5) });
    if (q.goldLines) {
      const gold = q.goldLines;
      functionRanks.push(firstRank(hits, (h) => gold.some(([p, s, e]) => normalizeGoldPath(h.path) === p && h.startLine <= e && h.endLine >= s)));
    }
  }
  return { ...figures(fileRanks), ...(functionRanks.length ? { functions: figures(functionRanks) } : {}), misses };
}
