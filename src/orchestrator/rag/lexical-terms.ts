// The terms BM25 indexes and searches (lexical.ts). Identifiers are split (parseInvoiceTotal → parse,
// invoice, total) and kept whole, so both "invoice total" and "parseInvoiceTotal" find the chunk.
import { porterStem } from '../text/porter-stemmer';

const STOP = new Set(
  'a an the and or of to in on at by for with from into is are was were be been it its this that these those as if else then than not no do does did we you i he she they them our your their there here what which who how when where why can could should would will shall may might must also just only so'.split(
    ' ',
  ),
);

const IDENTIFIER = /[\p{L}\p{N}_$]+/gu;

/**
 * What `compute` gives for `key`, remembered in `cache` (code repeats its words and identifiers, so most
 * lookups hit; the cache is emptied when it grows past 100k). A key of 13 characters or more may be a
 * view into the whole text it was cut from (V8 keeps such substrings as slices), so what is stored, and
 * computed from, is a copy: nothing remembered keeps a document's text alive.
 */
function remembered<V>(cache: Map<string, V>, key: string, compute: (own: string) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= 100_000) cache.clear();
    const own = key.length < 13 ? key : ` ${key}`.slice(1); // the concatenation is flattened into new storage
    cache.set(own, (value = compute(own)));
  }
  return value;
}

/** Stems of the words seen. */
const stems = new Map<string, string>();

function stemOf(lower: string): string {
  return remembered(stems, lower, porterStem);
}

function normalizeTerm(word: string, stem = true): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 2 || lower.length > 40 || STOP.has(lower)) return undefined;
  if (/^\d+$/.test(lower) && lower.length > 6) return undefined;
  return stem && /^[a-z]+$/.test(lower) ? stemOf(lower) : lower;
}

/** The terms of one identifier or word: the whole identifier (when it has parts), then each part. */
function identifierTerms(match: string): readonly string[] {
  const out: string[] = [];
  const parts = match.split(/_+|\$+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)/).filter(Boolean);
  if (parts.length > 1) {
    const whole = normalizeTerm(match.replace(/[_$]+/g, ''), false);
    if (whole) out.push(whole);
  }
  for (const part of parts) {
    const term = normalizeTerm(part);
    if (term) out.push(term);
  }
  return out;
}

/** Terms of each identifier seen: most are split and stemmed once. */
const termsOfIdentifier = new Map<string, readonly string[]>();

/** Terms of a text for BM25 (query and documents alike). */
export function lexicalTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.match(IDENTIFIER) ?? []) {
    const found = remembered(termsOfIdentifier, match, identifierTerms);
    for (let i = 0; i < found.length; i++) out.push(found[i]!);
  }
  return out;
}
