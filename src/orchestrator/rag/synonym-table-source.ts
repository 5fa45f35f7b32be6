// The sources of code search's word tables (synonyms and conventions, the everyday and domain thesauri)
// and how they are stemmed as the index stems words. Stemming them took 10–14 ms at a process's first
// query (a CLI search's), and evaluating them at load time cost every activation, so the stemmed tables
// are made at build time (synonym-tables.generated.ts, by scripts/generate-synonym-tables.js, parsed on
// first use); a unit test checks the generated file matches stemmedSynonymTables(). The running
// application imports only the generated file.
import { porterStem } from '../text/porter-stemmer';
import { CODE_DOMAIN_GROUPS } from './code-domain-thesaurus';
import { THESAURUS_GROUPS } from './code-thesaurus';
import { lexicalTerms } from './lexical-terms';
import type { StemmedSynonymTables } from './synonym-tables.generated';

/** Groups of interchangeable words (before stemming). A query word pulls in the rest of its groups. */
export const SYNONYM_GROUPS: readonly string[][] = [
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
  // English a question uses for what code names otherwise (stop 28, from the misses of a question set on ajv).
  ['default', 'defaults', 'fallback'],
  ['unique', 'duplicate', 'duplicates', 'repeated', 'distinct', 'dedupe'],
  ['multiple', 'divisible', 'divisibility'],
  ['optimize', 'optimise', 'simplify'],
  ['additional', 'extra'],
];

/**
 * The tables with every word stemmed as the index stems it: single terms, two-word entries keyed by their
 * stemmed words, and the two thesauri.
 */
export function stemmedSynonymTables(): StemmedSynonymTables {
  const singles = new Map<string, Set<string>>();
  const pairs = new Map<string, Set<string>>();
  const relate = (table: Map<string, Set<string>>, terms: readonly string[]) => {
    for (const t of terms) {
      let set = table.get(t);
      if (!set) table.set(t, (set = new Set()));
      for (const other of terms) if (other !== t) set.add(other);
    }
  };
  for (const group of SYNONYM_GROUPS) {
    const terms = group.filter((w) => !w.includes(' ')).flatMap((w) => lexicalTerms(w));
    relate(singles, terms);
    for (const pair of group.filter((w) => w.includes(' ')))
      pairs.set(
        pair
          .split(' ')
          .map((w) => porterStem(w))
          .join(' '),
        new Set(terms),
      );
  }
  return { singles: sorted(singles), pairs: sorted(pairs), thesaurus: thesaurusTable(THESAURUS_GROUPS), domain: thesaurusTable(CODE_DOMAIN_GROUPS) };
}

/** A word in more groups than this has several senses ("token": auth, lexer, cancellation): it expands to none. */
const MAX_SENSES = 2;
/** Prefixes that make a word's opposite ("unescape", "invalid", "decode" beside "encode"). */
const OPPOSITE_PREFIXES = ['un', 'in', 'im', 'de', 'dis', 'non', 'en'];

/** Group words this short match a query's words only as written ("us" for microseconds is not "used"). */
const SHORT_WORD = 3;

/**
 * A thesaurus keyed by the query terms that reach a group (a word's stem, as the index stems it, so
 * "configured" and "configuration" reach "config"; a short word only as written), each to the index terms
 * of the other words of its groups. A key reached from more than MAX_SENSES groups expands to nothing
 * ("token": auth, lexer, cancellation); a word that is the opposite of another in its group by a prefix
 * is left out (a question about escaping should not rank the unescaping code first).
 */
function thesaurusTable(groups: readonly (readonly string[])[]): Array<[string, string[]]> {
  const cleaned = groups.map((group) => withoutOpposites(group.filter((w) => /^[a-z0-9]+$/.test(w))));
  const groupsOf = new Map<string, Set<number>>();
  cleaned.forEach((group, i) => {
    for (const word of group)
      for (const key of keysOf(word)) {
        const set = groupsOf.get(key) ?? new Set<number>();
        groupsOf.set(key, set.add(i));
      }
  });
  const table = new Map<string, Set<string>>();
  for (const [key, inGroups] of groupsOf) {
    if (inGroups.size > MAX_SENSES) continue;
    const related = new Set<string>();
    for (const i of inGroups) for (const other of cleaned[i]!) for (const t of indexTerms(other)) if (t !== key) related.add(t);
    if (related.size) table.set(key, related);
  }
  return sorted(table);
}

/** The query terms that reach a group word: its stem, or for a short word the word as written (prefixed "="). */
function keysOf(word: string): string[] {
  if (word.length <= SHORT_WORD) return [`=${word}`];
  const terms = lexicalTerms(word);
  return terms.length === 1 ? terms : [`=${word}`];
}

/** The terms the index holds for a word: its stem, and the word itself when it is a compound the stemmer changes ("retryafter"). */
function indexTerms(word: string): string[] {
  const terms = lexicalTerms(word);
  if (terms.length !== 1) return [word];
  return terms[0] === word ? terms : [terms[0]!, word];
}

function withoutOpposites(group: readonly string[]): string[] {
  const isOpposite = (a: string) =>
    OPPOSITE_PREFIXES.some((p) => {
      if (!a.startsWith(p) || a.length - p.length < 3) return false;
      const rest = a.slice(p.length);
      return group.some((b) => b !== a && (b === rest || OPPOSITE_PREFIXES.some((q) => q !== p && b === q + rest)));
    });
  return group.filter((a) => !isOpposite(a));
}

function sorted(map: Map<string, Set<string>>): Array<[string, string[]]> {
  return [...map].map(([key, set]): [string, string[]] => [key, [...set].sort()]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
