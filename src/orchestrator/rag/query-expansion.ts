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
import { lexicalTerms } from './lexical-terms';
import { generatedSynonymTables } from './synonym-tables.generated';

/** Weight of a term added from the synonym table. */
export const SYNONYM_WEIGHT = 0.45;
/** Weight of a term added because it abbreviates (or is abbreviated by) a query word in this code base. */
export const ABBREVIATION_WEIGHT = 0.35;
/**
 * Weight of a term added from the everyday-English thesaurus (code-thesaurus.ts), for the query's own words
 * only. Chosen in stop 29 on seven question sets already measured (0.2, 0.3 and 0.45 tried; file-level
 * R@1 / R@5 / MRR@10 means 0.629 / 0.865 / 0.729 without it, 0.656 / 0.871 / 0.747 at 0.3).
 */
export const THESAURUS_WEIGHT = 0.3;
/**
 * Weight of a term added from the domain thesaurus (code-domain-thesaurus.ts), for the query's own words
 * only; the everyday thesaurus's 0.3, chosen before measuring. In stop 30, on nine question sets already
 * measured (zod, ajv, ts-json-schema-generator, mocha, js-yaml, semver, the MCP SDK, jsdiff, cockatiel),
 * file-level R@1 / R@5 / MRR@10 means 0.679 / 0.886 / 0.769 without it and 0.695 / 0.889 / 0.782 with it
 * (0.2 and 0.45: 0.692 / 0.889 / 0.779 and 0.692 / 0.891 / 0.781).
 */
export const DOMAIN_THESAURUS_WEIGHT = 0.3;

export interface Vocabulary {
  documentFrequency(term: string): number;
  vocabulary(): Iterable<string>;
  /** Every term with its document frequency, in vocabulary order (one pass, no lookup per term). */
  forEachTerm?(visit: (term: string, documentFrequency: number) => void): void;
}

let synonyms: ReadonlyMap<string, readonly string[]> | undefined;
let thesaurus: ReadonlyMap<string, readonly string[]> | undefined;
let domainThesaurus: ReadonlyMap<string, readonly string[]> | undefined;
let synonymsByPair: ReadonlyMap<string, readonly string[]> | undefined;

/** True when `short` is a plausible identifier abbreviation of `long` (same first letter, letters in order). */
export function abbreviates(short: string, long: string): boolean {
  return isLowercaseWord(short) && isLowercaseWord(long) && abbreviatesWord(short, long);
}

/** abbreviates() for two words already known to be lower-case letters only (the index's buckets). */
function abbreviatesWord(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short.charCodeAt(0) !== long.charCodeAt(0)) return false;
  if (long.startsWith(short)) return short.length >= 3 || long.length <= 5;
  // Consonant skeleton: every letter of the abbreviation appears in order, and it keeps most consonants.
  if (short.length < 3) return false;
  let at = 0;
  let consonants = 0;
  for (let i = 0; i < long.length; i++) {
    const c = long.charCodeAt(i);
    if (at < short.length && c === short.charCodeAt(at)) at++;
    if (c !== 97 && c !== 101 && c !== 105 && c !== 111 && c !== 117) consonants++; // not a, e, i, o, u
  }
  return at === short.length && short.length * 2 >= consonants;
}

/**
 * Abbreviation pairs of the index's vocabulary, looked up per query word: a short unstemmed term of 2–5
 * letters pairs with a longer term of 4 letters or more that it abbreviates, both in at least `minDocs`
 * documents. No pair is learned up front (a large vocabulary has tens of thousands): the constructor sorts
 * a snapshot of the vocabulary's terms by first letter (keeping no reference to the vocabulary), and each
 * lookup reads the terms of its word's letter.
 */
export class AbbreviationIndex {
  /**
   * Alphabetic terms in at least minDocs documents when the index was made, by first letter ('a' at 0), in
   * vocabulary order: one pass, a push per term (a CLI search pays for it once per process).
   */
  private readonly byFirst: string[][] = Array.from({ length: 26 }, () => []);
  /** The same terms as sets, made for a letter when a lookup first needs it. */
  private readonly members = new Map<number, ReadonlySet<string>>();
  private readonly cache = new Map<string, readonly string[]>();

  constructor(vocabulary: Vocabulary, minDocs = 2) {
    const add = (term: string, documentFrequency: number) => {
      const letter = term.charCodeAt(0) - 97;
      if (letter >= 0 && letter < 26 && documentFrequency >= minDocs && isLowercaseWord(term)) this.byFirst[letter]!.push(term);
    };
    if (vocabulary.forEachTerm) vocabulary.forEachTerm(add);
    else for (const term of vocabulary.vocabulary()) add(term, vocabulary.documentFrequency(term));
  }

  private isMember(letter: number, term: string): boolean {
    let set = this.members.get(letter);
    if (!set) this.members.set(letter, (set = new Set(this.byFirst[letter])));
    return set.has(term);
  }

  /**
   * Abbreviations of a (stemmed) long term, in vocabulary order; for a term of 5 letters or fewer, then
   * the first four longer terms it abbreviates.
   */
  related(term: string): readonly string[] {
    const cached = this.cache.get(term);
    if (cached) return cached;
    const found: string[] = [];
    if (/^[a-z]{2,}$/.test(term)) {
      const letter = term.charCodeAt(0) - 97;
      if (this.isMember(letter, term)) {
        const bucket = this.byFirst[letter]!;
        if (term.length >= 4) for (const short of bucket) if (short.length <= 5 && abbreviatesWord(short, term)) found.push(short);
        if (term.length <= 5) {
          let longs = 0;
          for (const long of bucket) {
            if (longs === 4) break;
            if (long.length >= 4 && abbreviatesWord(term, long)) {
              found.push(long);
              longs++;
            }
          }
        }
      }
    }
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(term, found);
    return found;
  }
}

/** /^[a-z]+$/ without a regular expression (run on every term of the vocabulary). */
function isLowercaseWord(term: string): boolean {
  if (!term.length) return false;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Weighted normalized terms of a query: its own terms (weight 1) plus synonyms and abbreviations the index knows. */
export function expandQuery(query: string, vocabulary: Vocabulary, abbreviations?: AbbreviationIndex): Map<string, number> {
  const terms = new Map<string, number>();
  for (const t of lexicalTerms(query)) terms.set(t, 1);
  // Two-word synonyms ("server error" → 5xx) match on the query's consecutive words.
  const words = query.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const own = [...terms.keys()];
  const keys = [...own];
  for (let i = 0; i + 1 < words.length; i++)
    keys.push(...(lexicalTerms(`${words[i]} ${words[i + 1]}`).length === 2 ? [`${porterStem(words[i]!)} ${porterStem(words[i + 1]!)}`] : []));
  const add = (term: string, weight: number) => {
    if ((terms.get(term) ?? 0) >= weight || !vocabulary.documentFrequency(term)) return;
    terms.set(term, weight);
  };
  for (const key of keys) {
    const pair = key.includes(' ') ? (synonymsByPair ??= new Map(generatedSynonymTables().pairs)).get(key) : undefined;
    for (const s of pair ?? (synonyms ??= new Map(generatedSynonymTables().singles)).get(key) ?? []) add(s, SYNONYM_WEIGHT);
    if (!key.includes(' ')) for (const a of abbreviations?.related(key) ?? []) add(a, ABBREVIATION_WEIGHT);
  }
  // The thesauri are keyed by the query's terms, and short words as written ("=us"; synonym-table-source.ts).
  const written = (
    query
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  ).map((w) => `=${w}`);
  const thesaurusKeys = new Set([...own, ...written]);
  for (const key of thesaurusKeys) for (const t of (thesaurus ??= new Map(generatedSynonymTables().thesaurus)).get(key) ?? []) add(t, THESAURUS_WEIGHT);
  for (const key of thesaurusKeys)
    for (const t of (domainThesaurus ??= new Map(generatedSynonymTables().domain)).get(key) ?? []) add(t, DOMAIN_THESAURUS_WEIGHT);
  return terms;
}
