// Turns free text into comparable terms: lowercase, joined compounds ("front end" -> frontend),
// canonical synonyms ("auth" -> authentication, "k8s" -> kubernetes), stop words dropped, Porter stems.
import { porterStem } from './porter-stemmer';

export const STOP_WORDS = new Set(
  (
    'a an the and or but nor of to in on at by for with from into onto over under about as is are was were be been being ' +
    'it its this that these those there here i me my we us our you your he she they them their his her ' +
    'do does did done doing have has had having can could should would will shall may might must ' +
    'not no so if then than too very just also only all any some each every both either more most less ' +
    'what which who whom whose when where why how up down out off again once while after before until ' +
    'without within through across between among against during toward towards upon around ' +
    'need needs want wants please let lets get gets make makes using use via one two per etc'
  ).split(' '),
);

/** Compounds users write in several ways, joined before tokenizing. */
/** [a substring every match contains (a cheap test before the expression runs), pattern, replacement] */
const COMPOUNDS: Array<[string, RegExp, string]> = [
  ['front', /\bfront[\s-]?end\b/g, 'frontend'],
  ['back', /\bback[\s-]?end\b/g, 'backend'],
  ['full', /\bfull[\s-]?stack\b/g, 'fullstack'],
  ['dev', /\bdev[\s-]?ops\b/g, 'devops'],
  // "end-to-end tests" is e2e testing; a feature built "end to end" is not.
  ['end', /\bend-to-end\b|\bend to end(?=\s+(?:test|tests|testing|spec|specs|suite|suites|coverage|scenario|scenarios|automation)\b)/g, 'e2e'],
  ['call', /\bon[\s-]?call\b/g, 'oncall'],
  ['web', /\bweb[\s-]?3\b/g, 'web3'],
  ['c++', /\bc\+\+/g, 'cpp'],
  ['c#', /\bc#/g, 'csharp'],
  ['.net', /\.net\b/g, ' dotnet'],
  ['.js', /\b(\w+)\.js\b/g, '$1js'],
];

/**
 * Canonical forms for abbreviations and variants, applied to whole tokens before stemming. A Map, not
 * an object: user words such as "constructor" or "__proto__" must never reach Object.prototype.
 */
const SYNONYMS = new Map<string, string>(
  Object.entries({
    auth: 'authentication',
    authn: 'authentication',
    authz: 'authorization',
    k8s: 'kubernetes',
    db: 'database',
    dbs: 'database',
    postgresql: 'postgres',
    js: 'javascript',
    ts: 'typescript',
    perf: 'performance',
    docs: 'documentation',
    doc: 'documentation',
    repo: 'repository',
    repos: 'repository',
    config: 'configuration',
    configs: 'configuration',
    infra: 'infrastructure',
    env: 'environment',
    envs: 'environment',
    prod: 'production',
    llms: 'llm',
    apis: 'api',
    ux: 'ux',
    gui: 'ui',
    deps: 'dependencies',
    async: 'asynchronous',
    sync: 'synchronization',
    synced: 'synchronization',
    syncs: 'synchronization',
    syncing: 'synchronization',
    optimise: 'optimize',
    optimisation: 'optimization',
    behaviour: 'behavior',
    colour: 'color',
    favourite: 'favorite',
    favourites: 'favorites',
    analyse: 'analyze',
    modernise: 'modernize',
  }),
);

/**
 * Words the Porter stemmer merges with a different meaning ("responsive" design is not an HTTP
 * "response", "production" is not a "product", a "customer" is not "custom", being "paged" at night is not a web "page", "barely" is not "bare" metal) or splits from their family ("debugger" and "debug").
 */
const STEM_EXCEPTIONS = new Map<string, string>([
  ['responsive', 'responsive'],
  ['responsiveness', 'responsive'],
  ['production', 'production'],
  ['productions', 'production'],
  ['debugger', 'debug'],
  ['debuggers', 'debug'],
  ['debugging', 'debug'],
  ['organization', 'organization'],
  ['organizations', 'organization'],
  ['customer', 'customer'],
  ['customers', 'customer'],
  ['paged', 'paged'],
  ['paging', 'paged'],
  ['barely', 'barely'],
]);

const stemCache = new Map<string, string>();

export function stem(token: string): string {
  let cached = stemCache.get(token);
  if (cached === undefined) {
    // The Porter stemmer knows English letters only: a word with others is kept as it is.
    cached = STEM_EXCEPTIONS.get(token) ?? (/\d|[^a-z]/.test(token) ? token : porterStem(token));
    if (stemCache.size < 100_000) stemCache.set(token, cached);
  }
  return cached;
}

/** "oauth2" -> oauth 2, "python3" -> python 3, "erc20" -> erc 20 (the same as "erc-20"); "i2c", "s3" stay. */
function splitVersionSuffix(word: string): string[] {
  const last = word.charCodeAt(word.length - 1);
  if (last < 48 || last > 57) return [word]; // no trailing digit: nothing to split
  const match = /^([a-z]{3,})(\d+)$/.exec(word);
  return match ? [match[1]!, match[2]!] : [word];
}

/** Lowercased word tokens, compounds joined, synonyms applied; stop words kept. */
/**
 * Identifiers of three or more humps (ConcurrentModificationException, getElementById) also give
 * their words, after the whole identifier; two-hump names (JavaScript, GraphQL) stay whole.
 */
function splitIdentifiers(text: string): string {
  if (!/[A-Z]/.test(text)) return text;
  return text.replace(/\b[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+){2,}\b/g, (id) => `${id} ${id.replace(/([a-z0-9])([A-Z])/g, '$1 $2')}`);
}

export function tokenize(text: string): string[] {
  let lower = splitIdentifiers(text).toLowerCase();
  if (lower.includes("'") || lower.includes('’')) lower = lower.replace(/['’]s\b/g, '');
  for (const [needle, pattern, replacement] of COMPOUNDS) if (lower.includes(needle)) lower = lower.replace(pattern, replacement);
  const out: string[] = [];
  for (const word of wordsOf(lower)) {
    for (const part of splitVersionSuffix(word)) {
      const canonical = SYNONYMS.get(part);
      if (canonical === undefined) out.push(part);
      else if (canonical.includes(' ')) out.push(...canonical.split(' '));
      else out.push(canonical);
    }
  }
  return out;
}

/** Scripts written without spaces between words: their runs are cut into words by the ICU word breaker. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
let segmenter: Intl.Segmenter | undefined;

/**
 * The words of a lowercased text. ASCII text: runs of letters and digits, as always. Other text: Latin
 * accents are folded away (café -> cafe, so "cafe" finds it), letters of any script make words (Cyrillic, Greek,
 * Korean…), and runs of a script written without spaces (Japanese, Chinese, Thai…) are cut into words.
 */
function wordsOf(lower: string): string[] {
  if (!/[^\u0000-\u007f]/.test(lower)) return lower.match(/[a-z0-9]+/g) ?? [];
  // Only Latin letters lose their accents (é -> e); a Japanese voicing mark or a Hindi vowel sign stays.
  const folded = lower
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
  const out: string[] = [];
  for (const run of folded.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (!UNSPACED.test(run)) out.push(run);
    else {
      segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
      for (const part of segmenter.segment(run)) if (part.isWordLike) out.push(part.segment);
    }
  }
  return out;
}

/** Stems of the non-stop-word tokens, in order (duplicates kept, so phrases can be matched). */
export function terms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !STOP_WORDS.has(t))
    .map(stem);
}

/** Whether `phrase` occurs as a contiguous run inside `sequence`. */
export function containsPhrase(sequence: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > sequence.length) return false;
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (sequence[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
