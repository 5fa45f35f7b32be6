// Ranks code chunks for a question. Signals, each in [0, 1]:
//  - lexical: BM25 of the expanded query (query terms weight 1, synonyms and abbreviations less),
//    relative to the best chunk of this query;
//  - vector: cosine similarity of the query and chunk embeddings (only when a model is present);
//  - file: how well the chunk's file covers the question (its best three chunks, 1 : 1/2 : 1/4),
//    relative to the best file, so a file that answers in several places beats a lone lucky chunk; a file of
//    many chunks has more chances of three fair matches to words of a question it does not answer, so its
//    coverage is divided by 1 + FILE_SIZE_DAMPING × ln(chunks / FILE_SIZE_PIVOT) above the pivot;
//  - prior: the path's kind (implementation 1; tests, fixtures, docs, generated files less);
//  - coverage: the share of the question's term weight (idf) that the chunk itself contains.
// relevance = prior × (CHUNK_SHARE × chunk + (1 − CHUNK_SHARE) × file), where chunk is the lexical
// signal (or the mean of lexical and vector when both exist). Results are ordered by relevance and
// report it as their score, with the signals beside it (coverage says how much of the question matched).
import type { Bm25Index } from './lexical';
import { lexicalTerms } from './lexical-terms';
import { PathPrior } from './path-prior';
import { AbbreviationIndex, expandQuery } from './query-expansion';
import type { Chunk } from './types';

export interface RankSignals {
  lexical: number;
  vector?: number;
  file: number;
  prior: number;
  /** The rule of the path prior that applied ('implementation', 'test', 'docs', …). */
  kind: string;
  coverage: number;
}

export interface RankedCodeChunk {
  chunk: Chunk;
  /** The fused relevance results are ordered by, in [0, 1], rounded to 3 decimals. */
  score: number;
  relevance: number;
  signals: RankSignals;
  /** Query terms (after expansion and stemming) that the chunk contains, for highlighting. */
  matchedTerms: string[];
}

export interface RankerSource {
  readonly lexical: Bm25Index;
  chunk(id: string): { chunk: Chunk; key: string } | undefined;
  /** The key (file) of a chunk, without reading the chunk. */
  keyOf(id: string): string | undefined;
  /** How many chunks a file has. */
  chunksIn?(key: string): number;
  /** The indexed files, by key (for what the whole code base is made of, e.g. only built output). */
  files?(): { readonly size: number; keys(): Iterable<string> };
  /** Nearest chunks by embedding (cosine), when the collection has a model. */
  vectorHits?(query: string, limit: number, accept: (id: string) => boolean): Promise<Array<{ id: string; score: number }>>;
}

export interface RankOptions {
  limit: number;
  accept?: (chunk: Chunk) => boolean;
  /** Weight of the chunk's own relevance against its file's (default CHUNK_SHARE). */
  chunkShare?: number;
  /** Weight of the vector signal in the chunk signal when both exist (default 0.5). */
  vectorShare?: number;
}

export const CHUNK_SHARE = 0.5;
/** How much a file name made of the question's words lifts its chunks (1 + NAME_BOOST × share of the question's idf). */
export const NAME_BOOST = 1;
/** Candidates read from each ranking before fusion. */
const CANDIDATES = 1000;
const FILE_DECAY = [1, 0.5, 0.25];
/**
 * How much a large file's coverage is damped (see the header). Chosen in stop 36 on 18 spent question sets
 * (0.1, 0.25, 0.4, 0.6, 1 tried; file R@1 / R@5 / MRR@10 means 0.646 / 0.851 / 0.732 without, 0.665 / 0.862 /
 * 0.745 at 0.25; 0.4 gave 0.666 / 0.864 / 0.747 but cost ioredis 0.075 of R@5), measured once on held-out sets.
 */
export const FILE_SIZE_DAMPING = 0.25;
/** Files of up to this many chunks are not damped. */
export const FILE_SIZE_PIVOT = 8;
const fileSizeDamping = (chunks: number) => 1 + FILE_SIZE_DAMPING * Math.log(Math.max(1, chunks / FILE_SIZE_PIVOT));

/** Whether an index of `now` chunks differs from one of `then` by more than a tenth (and at least 50): what a cache built over it waits for. */
const changedByATenth = (now: number, then: number) => Math.abs(now - then) > Math.max(50, then / 10);

/** A weight option in [0, 1] (the early stop below relies on every bound being non-negative). */
const unitShare = (value: number | undefined, otherwise: number) => (value !== undefined && value >= 0 && value <= 1 ? value : otherwise);

export class CodeRanker {
  private abbreviations: { index: AbbreviationIndex; size: number } | undefined;
  private builtOnly: { value: boolean; files: number; chunks: number } | undefined;

  constructor(
    private readonly source: RankerSource,
    readonly prior = new PathPrior(),
  ) {}

  /** Abbreviations of the vocabulary, looked up afresh once the index grew or shrank by a tenth. */
  private abbreviationIndex(): AbbreviationIndex {
    const size = this.source.lexical.size;
    if (!this.abbreviations || changedByATenth(size, this.abbreviations.size)) {
      this.abbreviations = { index: new AbbreviationIndex(this.source.lexical), size };
    }
    return this.abbreviations.index;
  }

  /**
   * Whether the indexed code is built output (PathPrior.mostlyBuiltCode), worked out again whenever a file is
   * added or removed, or the chunks grew or shrank by a tenth (review of stop 37: the first indexing pass
   * reads dist/ before src/, and a flag kept from then must not outlive it).
   */
  private mostlyBuiltCode(): boolean {
    const source = this.source;
    const indexed = source.files?.();
    if (!indexed) return false;
    const chunks = source.lexical.size;
    let known = this.builtOnly;
    if (!known || known.files !== indexed.size || changedByATenth(chunks, known.chunks)) {
      const sizes = (function* () {
        for (const key of indexed.keys()) yield [key, source.chunksIn?.(key) ?? 1] as const;
      })();
      known = this.builtOnly = { value: this.prior.mostlyBuiltCode(sizes), files: indexed.size, chunks };
    }
    return known.value;
  }

  async rank(query: string, options: RankOptions): Promise<RankedCodeChunk[]> {
    if (!(options.limit >= 1)) return [];
    const lexical = this.source.lexical;
    const terms = expandQuery(query, lexical, this.abbreviationIndex());
    const accept = options.accept;
    const acceptId = accept
      ? (id: string) => {
          const entry = this.source.chunk(id);
          return !!entry && accept(entry.chunk);
        }
      : (id: string) => this.source.keyOf(id) !== undefined;
    const lexHits = lexical.searchTerms(terms, CANDIDATES, acceptId);
    const vecHits = this.source.vectorHits && query.trim() ? await this.source.vectorHits(query, Math.min(CANDIDATES, 200), acceptId) : undefined;
    const bestLex = lexHits[0]?.score ?? 0;
    const candidates = new Map<string, { lexical: number; vector?: number }>();
    for (const h of lexHits) candidates.set(h.id, { lexical: bestLex ? h.score / bestLex : 0 });
    if (vecHits) {
      for (const h of vecHits) {
        const c = candidates.get(h.id) ?? { lexical: 0 };
        c.vector = Number.isFinite(h.score) ? Math.max(0, h.score) : 0;
        candidates.set(h.id, c);
      }
    }
    const vectorShare = vecHits?.length ? unitShare(options.vectorShare, 0.5) : 0;
    const chunkSignal = (c: { lexical: number; vector?: number }) => (1 - vectorShare) * c.lexical + vectorShare * (c.vector ?? 0);

    // File coverage: each file's best three chunk signals with decaying weights.
    const entries: Array<{ id: string; c: { lexical: number; vector?: number }; key: string; file: number; bound: number }> = [];
    const perFile = new Map<string, number[]>();
    for (const [id, c] of candidates) {
      const key = this.source.keyOf(id)!;
      entries.push({ id, c, key, file: 0, bound: 0 });
      const list = perFile.get(key) ?? [];
      list.push(chunkSignal(c));
      perFile.set(key, list);
    }
    const fileScore = new Map<string, number>();
    let bestFile = 0;
    for (const [key, list] of perFile) {
      list.sort((a, b) => b - a);
      const s = list.slice(0, FILE_DECAY.length).reduce((sum, v, i) => sum + v * FILE_DECAY[i]!, 0) / fileSizeDamping(this.source.chunksIn?.(key) ?? 1);
      fileScore.set(key, s);
      bestFile = Math.max(bestFile, s);
    }

    const share = unitShare(options.chunkShare, CHUNK_SHARE);
    const idfTotal = [...terms].reduce((sum, [t, w]) => sum + (w >= 1 ? lexical.idf(t) : 0), 0);
    const nameScore = new Map<string, number>();
    const nameOf = (key: string) => {
      let s = nameScore.get(key);
      if (s === undefined) {
        const base = key.slice(key.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
        const own = new Set(lexicalTerms(base.replace(/[-.]/g, ' ')));
        s = idfTotal ? Math.min(1, [...terms].reduce((sum, [t, w]) => sum + (own.has(t) ? w * lexical.idf(t) : 0), 0) / idfTotal) : 0;
        nameScore.set(key, s);
      }
      return s;
    };
    const priorOf = this.prior.forQuery(query, this.mostlyBuiltCode());
    // relevance = prior × (share × chunk + (1 − share) × file) × (1 + NAME_BOOST × name) / (1 + NAME_BOOST): the
    // prior and the name factor are at most 1, so the middle term bounds it. Candidates are scored in order of
    // that bound until the bound falls below the last returned relevance: the same results as scoring them all.
    for (const e of entries) {
      e.file = bestFile ? fileScore.get(e.key)! / bestFile : 0;
      e.bound = share * chunkSignal(e.c) + (1 - share) * e.file;
    }
    entries.sort((a, b) => b.bound - a.bound);
    const better = (a: { relevance: number; id: string }, b: { relevance: number; id: string }) =>
      a.relevance > b.relevance || (a.relevance === b.relevance && a.id < b.id);
    const ranked: Array<{
      id: string;
      c: { lexical: number; vector?: number };
      key: string;
      file: number;
      prior: ReturnType<typeof priorOf>;
      relevance: number;
    }> = [];
    for (const e of entries) {
      // The margin covers rounding: with another NAME_BOOST the product can end one unit in the last place above the bound.
      if (ranked.length >= options.limit && ranked[options.limit - 1]!.relevance > e.bound * (1 + 1e-12)) break;
      const prior = priorOf(e.key);
      const relevance = (prior.weight * e.bound * (1 + NAME_BOOST * nameOf(e.key))) / (1 + NAME_BOOST);
      const scored = { id: e.id, c: e.c, key: e.key, file: e.file, prior, relevance };
      let at = ranked.length;
      while (at > 0 && better(scored, ranked[at - 1]!)) at--;
      if (at < options.limit) {
        ranked.splice(at, 0, scored);
        if (ranked.length > options.limit) ranked.pop();
      }
    }

    // Coverage and matched terms only for what is returned (reading a chunk's terms costs a tokenization).
    return ranked.map((r) => {
      const { chunk } = this.source.chunk(r.id)!;
      const own = new Set(lexicalTerms(`${String(chunk.metadata.path ?? r.key)}\n${String(chunk.metadata.symbol ?? '')}\n${chunk.text}`));
      const matchedTerms = [...terms.keys()].filter((t) => own.has(t));
      const covered = [...terms].reduce((sum, [t, w]) => sum + (w >= 1 && own.has(t) ? lexical.idf(t) : 0), 0);
      const coverage = idfTotal ? covered / idfTotal : (r.c.vector ?? 0);
      const round = (n: number) => Math.round(n * 1000) / 1000;
      return {
        chunk,
        relevance: r.relevance,
        score: round(r.relevance),
        matchedTerms,
        signals: {
          lexical: round(r.c.lexical),
          ...(r.c.vector !== undefined ? { vector: round(r.c.vector) } : {}),
          file: round(r.file),
          prior: r.prior.weight,
          kind: r.prior.label,
          coverage: round(coverage),
        },
      };
    });
  }
}
