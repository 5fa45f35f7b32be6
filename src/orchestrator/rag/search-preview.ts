// A preview a person can judge a search result by: the few lines of the chunk around the line that
// matches the most distinct query terms, with the matching words marked (column ranges per line).
import { lexicalTerms } from './lexical-terms';
import type { Chunk, CodeSearchResult, SearchPreview } from './types';

const WORD = /[\p{L}\p{N}_$]+/gu;
/** Lines shown before and after the best line. */
const CONTEXT = 2;
const MAX_LINE = 240;

export function previewOf(chunk: Chunk, matchedTerms: readonly string[]): SearchPreview {
  const lines = chunk.text.split('\n');
  const firstLine = Number(chunk.metadata.startLine ?? 1);
  const wanted = new Set(matchedTerms);
  const marks: Array<Array<[number, number]>> = [];
  let best = -1;
  let bestScore = 0;
  const words = new Set<string>();
  lines.forEach((line, i) => {
    const ranges: Array<[number, number]> = [];
    const distinct = new Set<string>();
    for (const m of line.slice(0, MAX_LINE).matchAll(WORD)) {
      const hits = lexicalTerms(m[0]).filter((t) => wanted.has(t));
      if (!hits.length) continue;
      ranges.push([m.index!, m.index! + m[0].length]);
      for (const h of hits) distinct.add(h);
    }
    marks.push(ranges);
    if (distinct.size > bestScore) {
      bestScore = distinct.size;
      best = i;
    }
  });
  // Without a matching line (a vector-only hit), show the first lines that say something.
  if (best < 0)
    best = Math.max(
      0,
      lines.findIndex((l) => /[\p{L}\p{N}]/u.test(l) && !/^\s*(['"]use strict['"];?|[{}()[\];,]*)\s*$/.test(l)),
    );
  const from = Math.max(0, best - CONTEXT);
  const to = Math.min(lines.length, best + CONTEXT + 1);
  const highlights: SearchPreview['highlights'] = [];
  for (let i = from; i < to; i++) {
    for (const [s, e] of marks[i] ?? []) {
      highlights.push([i - from, s, e]);
      words.add(lines[i]!.slice(s, e));
    }
  }
  return {
    startLine: firstLine + from,
    lines: lines.slice(from, to).map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l)),
    bestLine: firstLine + best,
    highlights,
    words: [...words],
  };
}

/**
 * Every line of a preview with its matched words wrapped in `open`/`close` (e.g. ANSI bold, or «»), the
 * indentation the lines share taken off and the rest kept (Python's blocks read by it).
 */
export function markedLines(preview: SearchPreview, open = '«', close = '»'): string[] {
  const indents = preview.lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const shared = indents.length ? Math.min(...indents) : 0;
  return preview.lines.map((line, index) => {
    const ranges = preview.highlights.filter(([l]) => l === index).sort((a, b) => a[1] - b[1]);
    let out = '';
    let at = shared;
    for (const [, s, e] of ranges) {
      out += line.slice(at, s) + open + line.slice(s, e) + close;
      at = e;
    }
    return (out + line.slice(at)).trimEnd();
  });
}

/** The best line of a preview with its matched words wrapped in `open`/`close`, without its indentation. */
export function markedBestLine(preview: SearchPreview, open = '«', close = '»'): string {
  return (markedLines(preview, open, close)[preview.bestLine - preview.startLine] ?? '').trim();
}

/** One short line saying what a score is made of: "lexical 0.91 · file 1.00 · test ×0.45 · 4/5 of the question". */
export function describeSignals(signals: NonNullable<CodeSearchResult['signals']>): string {
  const parts = [`lexical ${signals.lexical.toFixed(2)}`];
  if (signals.vector !== undefined) parts.push(`vector ${signals.vector.toFixed(2)}`);
  parts.push(`file ${signals.file.toFixed(2)}`);
  if (signals.prior < 1) parts.push(`${signals.kind} ×${signals.prior}`);
  parts.push(`covers ${Math.round(signals.coverage * 100)}% of the question`);
  return parts.join(' · ');
}
