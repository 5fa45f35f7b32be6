// Code-aware chunking: top-level declarations (functions, classes, sections) become chunks; a class
// too big for one chunk is split at its members; whatever is still too big is cut into overlapping
// windows of lines. Tiny neighbours are merged so chunks carry enough context. Every chunk stays within
// `maxTokens` (estimated conservatively for a WordPiece tokenizer) and knows its line range.
import { type Declaration, type LanguageFamily, declarationAt, familyOf } from './languages';
import type { OutlineNode } from './syntax-outline';

export interface ChunkerOptions {
  /** Upper bound per chunk, in estimated model tokens (the embedder truncates beyond its window). */
  maxTokens: number;
  /** Tokens repeated between consecutive windows. */
  overlapTokens: number;
  /** Units smaller than this are merged with a neighbour when the sum fits. */
  minTokens: number;
}

export const DEFAULT_CHUNKER_OPTIONS: ChunkerOptions = { maxTokens: 256, overlapTokens: 32, minTokens: 48 };

export interface RawChunk {
  text: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  kind: 'function' | 'class' | 'declaration' | 'section' | 'block' | 'window';
  symbol?: string;
}

/** A conservative WordPiece estimate: words cost one token per 4 letters, digits per 3, symbols one each. */
export function estimateTokens(text: string): number {
  // One pass over the code units: runs of ASCII letters (a token per 4), runs of digits (a token per 3),
  // and every other character but whitespace (one each); the same count as matching
  // /[A-Za-z]+|\d+|[^\sA-Za-z\d]/g, without building the list of pieces.
  let tokens = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isAsciiLetter(c)) {
      let j = i + 1;
      while (j < n && isAsciiLetter(text.charCodeAt(j))) j++;
      tokens += Math.ceil((j - i) / 4);
      i = j;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      tokens += Math.ceil((j - i) / 3);
      i = j;
    } else {
      if (!isJsWhitespace(c)) tokens += 1;
      i++;
    }
  }
  return tokens;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The code units JavaScript's \s matches (WhiteSpace and LineTerminator). */
function isJsWhitespace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

interface Unit {
  start: number; // 0-based line index, inclusive
  end: number; // exclusive
  kind: RawChunk['kind'];
  symbol?: string;
  tokens: number;
  /** Set for the pieces of one over-long line. */
  text?: string;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === '';

function isCommentOrDecorator(family: LanguageFamily, trimmed: string): boolean {
  if (trimmed.startsWith('@')) return true;
  if (family === 'python' || family === 'ruby') return trimmed.startsWith('#');
  return trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*') || trimmed.startsWith('#[');
}

export class Chunker {
  private readonly lineTokens: number[];

  /** `outline`: the file's declarations from a parser; without it, declarations are found by line patterns. */
  constructor(
    private readonly lines: readonly string[],
    private readonly family: LanguageFamily,
    private readonly options: ChunkerOptions,
    private readonly outline?: readonly OutlineNode[],
  ) {
    this.lineTokens = lines.map((l) => estimateTokens(l) + 1);
  }

  chunks(): RawChunk[] {
    const units = this.split(0, this.lines.length, false, undefined, this.outline);
    return this.merge(units)
      .map((u) => {
        // Blank lines at either end carry nothing; drop them so line ranges point at content.
        let { start, end } = u;
        if (u.text === undefined) {
          while (end - start > 1 && isBlank(this.lines[end - 1]!)) end--;
          while (end - start > 1 && isBlank(this.lines[start]!)) start++;
        }
        return { ...u, start, end };
      })
      .map((u) => ({
        text: u.text ?? this.lines.slice(u.start, u.end).join('\n'),
        startLine: u.start + 1,
        endLine: u.end,
        kind: u.kind,
        ...(u.symbol ? { symbol: u.symbol } : {}),
      }))
      .filter((c) => c.text.trim() !== '');
  }

  private tokens(start: number, end: number): number {
    let sum = 0;
    for (let i = start; i < end; i++) sum += this.lineTokens[i]!;
    return sum;
  }

  /** Splits [start, end) into units at its declarations: the parser's `nodes`, else those of its outermost indentation level. */
  private split(start: number, end: number, members: boolean, parent: string | undefined, nodes?: readonly OutlineNode[]): Unit[] {
    const boundaries: Array<{ line: number; declLine: number; decl: Declaration; node?: OutlineNode }> = [];
    if (nodes) {
      for (const node of nodes) {
        if (node.start < start || node.start >= end) continue;
        let first = node.start;
        while (first > start && !isBlank(this.lines[first - 1]!) && isCommentOrDecorator(this.family, this.lines[first - 1]!.trim())) first--;
        if (boundaries.length && first <= boundaries[boundaries.length - 1]!.declLine) continue;
        if (boundaries.length && first <= boundaries[boundaries.length - 1]!.line) first = boundaries[boundaries.length - 1]!.line + 1;
        boundaries.push({ line: first, declLine: node.start, decl: { kind: node.kind, ...(node.name ? { name: node.name } : {}) }, node });
      }
    } else if (this.family !== 'text') {
      let base = Infinity;
      for (let i = start; i < end; i++) {
        const line = this.lines[i]!;
        if (!isBlank(line) && !/^\s*[}\])]/.test(line)) base = Math.min(base, indentOf(line));
      }
      for (let i = start; i < end; i++) {
        const line = this.lines[i]!;
        if (isBlank(line) || (this.family !== 'markdown' && indentOf(line) !== base)) continue;
        const decl = declarationAt(this.family, line.trim(), members);
        if (!decl) continue;
        let first = i;
        while (
          first > start &&
          !isBlank(this.lines[first - 1]!) &&
          indentOf(this.lines[first - 1]!) === base &&
          isCommentOrDecorator(this.family, this.lines[first - 1]!.trim())
        )
          first--;
        if (boundaries.length && first <= boundaries[boundaries.length - 1]!.line) continue;
        boundaries.push({ line: first, declLine: i, decl });
      }
    }
    const units: Unit[] = [];
    let cursor = start;
    const qualified = (name?: string) => (name && parent ? `${parent}.${name}` : (name ?? parent));
    for (let b = 0; b <= boundaries.length; b++) {
      const unitStart = b === 0 ? start : boundaries[b - 1]!.line;
      const unitEnd = b < boundaries.length ? boundaries[b]!.line : end;
      if (b === 0 && unitEnd === start) continue;
      const boundary = b === 0 ? undefined : boundaries[b - 1]!;
      if (nodes && boundary?.node && boundary.node.end + 1 < unitEnd) {
        // The declaration ends before the next one starts: what follows it (statements) is a block of the parent.
        const declEnd = boundary.node.end + 1;
        units.push(...this.fit(unitStart, declEnd, boundary.decl.kind, qualified(boundary.decl.name), boundary.declLine, boundary.node));
        if (this.tokens(declEnd, unitEnd) > 0) units.push(...this.fit(declEnd, unitEnd, 'block', parent, undefined));
        cursor = unitEnd;
        continue;
      }
      units.push(...this.fit(unitStart, unitEnd, boundary?.decl.kind ?? 'block', qualified(boundary?.decl.name), boundary?.declLine, boundary?.node));
      cursor = unitEnd;
    }
    if (cursor < end) units.push(...this.fit(cursor, end, 'block', parent, undefined));
    return units;
  }

  /** One unit if it fits; otherwise its members (for a class) or windows. */
  private fit(start: number, end: number, kind: RawChunk['kind'], symbol: string | undefined, declLine: number | undefined, node?: OutlineNode): Unit[] {
    const tokens = this.tokens(start, end);
    if (tokens <= this.options.maxTokens) return [{ start, end, kind, tokens, ...(symbol ? { symbol } : {}) }];
    if (node?.children.length) {
      const inner = this.split(declLine! + 1, end, true, symbol, node.children);
      if (inner.length > 1 || inner[0]?.start !== declLine! + 1) {
        const header: Unit = { start, end: declLine! + 1, kind, tokens: this.tokens(start, declLine! + 1), ...(symbol ? { symbol } : {}) };
        return [header, ...inner];
      }
    }
    if (!node && declLine !== undefined && end - declLine > 2 && (this.family === 'markdown' || kind === 'class' || kind === 'declaration')) {
      const inner = this.split(declLine + 1, end, true, symbol);
      if (inner.length > 1) {
        const header: Unit = { start, end: declLine + 1, kind, tokens: this.tokens(start, declLine + 1), ...(symbol ? { symbol } : {}) };
        return [header, ...inner];
      }
    }
    return this.windows(start, end, symbol);
  }

  /** Overlapping windows of whole lines; a single line longer than the budget is cut by characters. */
  private windows(start: number, end: number, symbol: string | undefined): Unit[] {
    const { maxTokens, overlapTokens } = this.options;
    const out: Unit[] = [];
    let i = start;
    while (i < end) {
      let j = i;
      let sum = 0;
      while (j < end && sum + this.lineTokens[j]! <= maxTokens) sum += this.lineTokens[j++]!;
      if (j === i) {
        out.push(...this.splitLongLine(i, symbol));
        i++;
        continue;
      }
      out.push({ start: i, end: j, kind: 'window', tokens: sum, ...(symbol ? { symbol } : {}) });
      if (j >= end) break;
      let back = j;
      let overlap = 0;
      while (back > i + 1 && overlap + this.lineTokens[back - 1]! <= overlapTokens) overlap += this.lineTokens[--back]!;
      i = back;
    }
    return out;
  }

  private splitLongLine(index: number, symbol: string | undefined): Unit[] {
    const line = this.lines[index]!;
    const pieces: string[] = [];
    let piece = '';
    for (const part of line.split(/(?<=[\s,;])/)) {
      if (estimateTokens(piece + part) > this.options.maxTokens && piece) {
        pieces.push(piece);
        piece = '';
      }
      let rest = part;
      while (estimateTokens(rest) > this.options.maxTokens) {
        const cut = Math.max(1, Math.floor(rest.length / 2));
        pieces.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      piece += rest;
    }
    if (piece) pieces.push(piece);
    return pieces.map((text) => ({ start: index, end: index + 1, kind: 'window' as const, tokens: estimateTokens(text), text, ...(symbol ? { symbol } : {}) }));
  }

  private merge(units: Unit[]): Unit[] {
    const { maxTokens, minTokens } = this.options;
    const out: Unit[] = [];
    for (const unit of units) {
      const last = out[out.length - 1];
      const adjacent = last && last.end === unit.start && last.text === undefined && unit.text === undefined;
      if (adjacent && last.tokens + unit.tokens <= maxTokens && (last.tokens < minTokens || unit.tokens < minTokens)) {
        const keep = last.kind === 'block' || last.kind === 'window' ? unit : last;
        out[out.length - 1] = {
          start: last.start,
          end: unit.end,
          kind: keep.kind,
          tokens: last.tokens + unit.tokens,
          ...(keep.symbol ? { symbol: keep.symbol } : last.symbol ? { symbol: last.symbol } : {}),
        };
      } else {
        out.push(unit);
      }
    }
    return out;
  }
}

/** Chunks one document. `language` comes from languageOf(path); `outline` from SyntaxOutliner when the language has a grammar. */
export function chunkText(content: string, language: string, options: ChunkerOptions = DEFAULT_CHUNKER_OPTIONS, outline?: readonly OutlineNode[]): RawChunk[] {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const chunker = new Chunker(lines, familyOf(language), options, outline);
  return chunker.chunks();
}
