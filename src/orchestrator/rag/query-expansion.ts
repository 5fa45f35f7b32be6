// Identifier-aware query expansion for code search. A question is worded in English ("the request
// config", "English messages", "follow redirects") while code says `reqCfg`, `locales/en.ts`, `3xx`.
// Each query term keeps weight 1; added terms get a lower weight so they help recall without
// drowning the words the user typed. Added terms come from two places:
//  - a small table of programming synonyms and conventions (both directions), and
//  - the code base's own vocabulary: an indexed term that abbreviates a query word the way
//    identifiers do (a prefix such as req/request, err/error, or a consonant skeleton such as
//    cfg/config, msg/message, ctx/context), and the query word when the query uses the abbreviation.
// Only terms the index knows are added, so expansion never costs a lookup for nothing.
import { porterStem } from '../text/porter-stemmer';
import { lexicalTerms } from './lexical';

/** Groups of interchangeable words (before stemming). A query word pulls in the rest of its groups. */
const SYNONYM_GROUPS: readonly string[][] = [
  ['config', 'configuration', 'cfg', 'conf', 'settings', 'options', 'opts'],
  ['request', 'req'],
  ['response', 'res', 'resp', 'reply'],
  ['error', 'err', 'exception', 'throw', 'failure', 'fail'],
  ['message', 'msg', 'messages'],
  ['context', 'ctx'],
  ['locale', 'locales', 'i18n', 'translation', 'translations', 'language', 'lang'],
  ['english', 'en'],
  ['german', 'de'],
  ['french', 'fr'],
  ['spanish', 'es'],
  ['japanese', 'ja'],
  ['chinese', 'zh'],
  ['redirect', 'redirection', '3xx', '301', '302', '307', '308', 'location'],
  ['success', 'ok', '2xx', '200'],
  ['client error', '4xx', '400', '404'],
  ['server error', '5xx', '500', '503'],
  ['delete', 'remove', 'del', 'rm', 'unlink'],
  ['initialize', 'init', 'setup', 'bootstrap'],
  ['parameter', 'param', 'params', 'args', 'argument', 'arguments'],
  ['authentication', 'auth', 'login', 'credential', 'credentials'],
  ['authorization', 'auth', 'permission', 'permissions'],
  ['directory', 'dir', 'folder'],
  ['temporary', 'tmp', 'temp'],
  ['database', 'db'],
  ['string', 'str'],
  ['number', 'num', 'numeric'],
  ['integer', 'int'],
  ['boolean', 'bool'],
  ['function', 'fn', 'func', 'callback', 'cb'],
  ['asynchronous', 'async', 'promise', 'await'],
  ['length', 'len', 'size'],
  ['maximum', 'max', 'limit'],
  ['minimum', 'min'],
  ['previous', 'prev'],
  ['current', 'curr', 'cur'],
  ['document', 'doc', 'docs'],
  ['attribute', 'attr', 'attrs'],
  ['element', 'elem', 'el'],
  ['value', 'val'],
  ['reference', 'ref', 'refs'],
  ['source', 'src'],
  ['destination', 'dest', 'dst', 'target'],
  ['timeout', 'deadline', 'expire', 'ttl'],
  ['retry', 'retries', 'backoff', 'attempt'],
  ['cache', 'cached', 'memoize', 'memo'],
  ['log', 'logger', 'logging'],
  ['serialize', 'stringify', 'encode'],
  ['deserialize', 'parse', 'decode'],
  ['validate', 'validation', 'check', 'verify', 'assert'],
  ['environment', 'env'],
  ['variable', 'var', 'vars'],
  ['utility', 'util', 'utils', 'helper', 'helpers'],
  ['start', 'begin', 'open'],
  ['stop', 'end', 'close', 'finish', 'shutdown'],
  ['send', 'write', 'emit', 'dispatch'],
  ['receive', 'read', 'recv'],
  ['header', 'headers'],
  ['cookie', 'cookies'],
  ['compress', 'compression', 'gzip', 'deflate', 'brotli', 'zlib'],
  ['decompress', 'inflate', 'gunzip', 'unzip'],
  ['websocket', 'ws'],
  ['http2', 'h2'],
  ['identifier', 'id', 'ids'],
  ['regular expression', 'regex', 'regexp', 're'],
  ['json schema', 'jsonschema'],
  ['optional', 'partial'],
];

/** Weight of a term added from the synonym table. */
export const SYNONYM_WEIGHT = 0.45;
/** Weight of a term added because it abbreviates (or is abbreviated by) a query word in this code base. */
export const ABBREVIATION_WEIGHT = 0.35;

export interface Vocabulary {
  documentFrequency(term: string): number;
  vocabulary(): Iterable<string>;
}

const termOf = (word: string): string[] => lexicalTerms(word);

// Both tables are built on the first query (stemming every synonym takes a while), not when the module loads.
let synonyms: ReadonlyMap<string, ReadonlySet<string>> | undefined;
let synonymsByPair: ReadonlyMap<string, ReadonlySet<string>> | undefined;

function buildSynonyms(): ReadonlyMap<string, ReadonlySet<string>> {
  const map = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS) {
    const terms = group.filter((w) => !w.includes(' ')).flatMap(termOf);
    for (const t of terms) {
      let set = map.get(t);
      if (!set) map.set(t, (set = new Set()));
      for (const other of terms) if (other !== t) set.add(other);
    }
  }
  return map;
}

/** True when `short` is a plausible identifier abbreviation of `long` (same first letter, letters in order). */
export function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0] || !/^[a-z]+$/.test(short) || !/^[a-z]+$/.test(long)) return false;
  if (long.startsWith(short)) return short.length >= 3 || long.length <= 5;
  // Consonant skeleton: every letter of the abbreviation appears in order, and it keeps most consonants.
  if (short.length < 3) return false;
  let at = 0;
  for (const ch of long) if (ch === short[at]) at++;
  if (at !== short.length) return false;
  const consonants = long.replace(/[aeiou]/g, '').length;
  return short.length * 2 >= consonants;
}

/**
 * Learns abbreviation pairs from the index's vocabulary: each short unstemmed term of 2–5 letters that
 * abbreviates a longer vocabulary term. Built once per vocabulary snapshot (cheap: short terms are few).
 */
/** Lookups answered by scanning saved pairs before an index rebuilt from them builds its maps. */
const SCANNED_LOOKUPS = 64;

export class AbbreviationIndex {
  private readonly byLong = new Map<string, string[]>();
  private readonly byShort = new Map<string, string[]>();

  constructor(vocabulary: Vocabulary, minDocs = 2) {
    const shorts: string[] = [];
    const byFirst = new Map<string, string[]>();
    for (const term of vocabulary.vocabulary()) {
      if (!/^[a-z]+$/.test(term) || vocabulary.documentFrequency(term) < minDocs) continue;
      if (term.length >= 2 && term.length <= 5) shorts.push(term);
      if (term.length >= 4) {
        let list = byFirst.get(term[0]!);
        if (!list) byFirst.set(term[0]!, (list = []));
        list.push(term);
      }
    }
    for (const short of shorts) {
      for (const long of byFirst.get(short[0]!) ?? []) {
        if (!abbreviates(short, long)) continue;
        this.addPair(short, long);
      }
    }
  }

  /** The (short, long) pairs found, in the order found: fromPairs rebuilds exactly this index from them. */
  readonly pairs: Array<[string, string]> = [];

  /**
   * Pairs not yet in byLong/byShort (an index rebuilt from saved pairs): the first lookups scan them
   * (a one-off CLI search asks a handful), the maps are built once lookups become many.
   */
  private unindexed: ReadonlyArray<readonly [string, string]> | undefined;
  private scans = 0;

  /** The index that learned `pairs` (e.g. saved with the index it was learned from). */
  static fromPairs(pairs: ReadonlyArray<readonly [string, string]>): AbbreviationIndex {
    const index = new AbbreviationIndex({ documentFrequency: () => 0, vocabulary: () => [] });
    for (const pair of pairs) index.pairs.push(pair as [string, string]);
    index.unindexed = index.pairs;
    return index;
  }

  private addPair(short: string, long: string): void {
    this.pairs.push([short, long]);
    this.index(short, long);
  }

  private index(short: string, long: string): void {
    (this.byLong.get(long) ?? this.byLong.set(long, []).get(long)!).push(short);
    (this.byShort.get(short) ?? this.byShort.set(short, []).get(short)!).push(long);
  }

  /** Abbreviations of a (stemmed) long term, or expansions of a short one. */
  related(term: string): string[] {
    const pending = this.unindexed;
    if (pending && ++this.scans <= SCANNED_LOOKUPS) {
      // The same lists, in the same order, as the maps give: pairs in the order they were added.
      const shorts: string[] = [];
      const longs: string[] = [];
      for (let i = 0; i < pending.length; i++) {
        const pair = pending[i]!;
        if (pair[1] === term) shorts.push(pair[0]);
        else if (pair[0] === term && longs.length < 4) longs.push(pair[1]);
      }
      return term.length <= 5 ? [...shorts, ...longs] : shorts;
    }
    if (pending) {
      this.unindexed = undefined;
      for (const [short, long] of pending) this.index(short, long);
    }
    return [...(this.byLong.get(term) ?? []), ...(term.length <= 5 ? (this.byShort.get(term) ?? []).slice(0, 4) : [])];
  }
}

/** Weighted normalized terms of a query: its own terms (weight 1) plus synonyms and abbreviations the index knows. */
export function expandQuery(query: string, vocabulary: Vocabulary, abbreviations?: AbbreviationIndex): Map<string, number> {
  const terms = new Map<string, number>();
  for (const t of lexicalTerms(query)) terms.set(t, 1);
  // Two-word synonyms ("server error" → 5xx) match on the query's consecutive words.
  const words = query.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const keys = [...terms.keys()];
  for (let i = 0; i + 1 < words.length; i++)
    keys.push(...(termOf(`${words[i]} ${words[i + 1]}`).length === 2 ? [`${porterStem(words[i]!)} ${porterStem(words[i + 1]!)}`] : []));
  const add = (term: string, weight: number) => {
    if ((terms.get(term) ?? 0) >= weight || !vocabulary.documentFrequency(term)) return;
    terms.set(term, weight);
  };
  for (const key of keys) {
    const pair = key.includes(' ') ? (synonymsByPair ??= buildSynonymsByPair()).get(key) : undefined;
    for (const s of pair ?? (synonyms ??= buildSynonyms()).get(key) ?? []) add(s, SYNONYM_WEIGHT);
    if (!key.includes(' ')) for (const a of abbreviations?.related(key) ?? []) add(a, ABBREVIATION_WEIGHT);
  }
  return terms;
}

/** Two-word entries of the synonym table, keyed by their stemmed words joined with a space. */
function buildSynonymsByPair(): ReadonlyMap<string, ReadonlySet<string>> {
  const map = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS) {
    const pairs = group.filter((w) => w.includes(' '));
    if (!pairs.length) continue;
    const singles = group.filter((w) => !w.includes(' ')).flatMap(termOf);
    for (const pair of pairs)
      map.set(
        pair
          .split(' ')
          .map((w) => porterStem(w))
          .join(' '),
        new Set(singles),
      );
  }
  return map;
}
