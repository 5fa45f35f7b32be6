// Field-weighted BM25 over expert definitions (BM25F): every expert is one document whose fields —
// name, description, triggers, focus areas, category, the definition body and its example requests —
// are weighted and length-normalized separately. A term weighs its inverse frequency across experts,
// raised where the naming fields carry its evidence by its rarity among those fields, and blended with
// how much of its use is this expert's (FieldWeights.namingIdf, .specificity).
// Contributions of a term to an expert do not depend on the task, so they are computed once, here;
// scoring a task is then a walk over the postings of its terms. Multi-word triggers and focus areas
// are indexed as phrases.
import type { ExpertDefinition } from '../expert-definition';
import { keywordsFromText } from '../claude-subagent';
import { terms } from '../../text/text-normalize';

export type FieldName = 'name' | 'description' | 'triggers' | 'focusAreas' | 'category' | 'body' | 'examples';
export const FIELD_NAMES: readonly FieldName[] = ['name', 'description', 'triggers', 'focusAreas', 'category', 'body', 'examples'];

export interface FieldWeights {
  /** Weight of each field in the combined term frequency. */
  weight: Record<FieldName, number>;
  /** Length normalization of each field (BM25's b): 0 none, 1 full. */
  lengthNorm: Record<FieldName, number>;
  /** BM25's k1: how quickly repeated evidence for one term saturates. */
  k1: number;
  /**
   * A whole multi-word trigger or focus area in the task counts as one word with the phrase's own
   * inverse frequency times this weight, in place of its words when that is more.
   */
  phrase: number;
  /** What a word keeps for an expert when another expert's phrase claimed it and none of this one's did. */
  claimed: number;
  /** Weight of the host's context keywords (open files' languages, …) relative to task words. */
  context: number;
  /** Bonus when the context names the expert's category, times the median IDF. */
  contextCategory: number;
  /** Weight of related terms a task word expands to (concept-expansion.ts), relative to task words. */
  expansion: number;
  /**
   * Weight of the domain words an everyday task word expands to (everyday-concepts.ts: "umbrella" ->
   * weather, forecast), relative to task words; 0 turns it off.
   */
  everydayConcepts: number;
  /**
   * How a term is weighted for an expert: 0 by its inverse frequency across experts (BM25's IDF), 1 by
   * its specificity to the expert (log(1 + N × the expert's share of the term's field-weighted mass)).
   * Chosen with namingIdf on the tuning sets of stop 31 (0.3 and 0.5): roster sets 18–28 and the dev set
   * 0.908 -> 0.911 top-1, team sets D–O 0.845 -> 0.866 recall; before, "add tests" went to whichever
   * expert's examples said "add", since nearly every definition mentions tests. Specificity is counted
   * from log 2 up, so a word every expert uses alike adds nothing.
   */
  specificity: number;
  /**
   * How much a term's evidence in the naming fields (name, description, triggers, focus areas,
   * category) adds for the term being rarer among those fields than across whole definitions (a word
   * every definition's body uses, "test", is still rare among triggers and descriptions, and speaks
   * there for the few experts that name it): that extra inverse frequency times this weight, times the
   * naming fields' own saturated evidence, added to the term's contribution. 0 turns it off.
   */
  namingIdf: number;
  /** Query weight of task words that occur only inside a modifier (task-structure.ts); 1 turns it off. */
  modifier: number;
  /**
   * How strongly an expert's score is scaled by the size of its definition's evidence, relative to the
   * pool's median: (median / size)^definitionSize, 0 turns it off. A rich definition (triggers, focus
   * areas, a long body) repeats its words across fields, so without this one shared word ("split",
   * "code") scores higher for it than the same word in a one-line description: in a pool that mixes
   * the shipped experts with description-only `.claude/agents`, the shipped ones took those queries.
   */
  definitionSize: number;
}

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = {
  weight: { name: 2.0, description: 1.0, triggers: 2.0, focusAreas: 1.5, category: 1.0, body: 0.3, examples: 0.6 },
  lengthNorm: { name: 0, description: 0.5, triggers: 0.3, focusAreas: 0.3, category: 0, body: 0.75, examples: 0.75 },
  k1: 1.2,
  phrase: 1.5,
  claimed: 0.35,
  context: 0.5,
  contextCategory: 1.0,
  expansion: 0.4,
  everydayConcepts: 0.3,
  specificity: 0.3,
  namingIdf: 0.5,
  modifier: 0.7,
  definitionSize: 0.5,
};

export interface IndexedPhrase {
  expert: number;
  text: string;
  terms: string[];
  field: 'triggers' | 'focusAreas';
  /** The phrase's own inverse frequency across experts. */
  idf: number;
}

interface Posting {
  experts: Int32Array;
  contributions: Float64Array;
  /** Per expert, the share of the contribution from each field (FIELD_NAMES order). */
  fieldShares: Float32Array;
}

interface CompiledFields {
  definition: ExpertDefinition;
  counts: Map<FieldName, Map<string, number>>;
  lengths: Map<FieldName, number>;
  phrases: Array<{ text: string; terms: string[]; field: 'triggers' | 'focusAreas' }>;
  /** Every field's terms in order (each trigger and focus area on its own), for finding phrases. */
  sequences: string[][];
}

export class FieldIndex {
  private readonly postings = new Map<string, Posting>();
  private readonly idfs = new Map<string, number>();
  private readonly phrasesByFirst = new Map<string, IndexedPhrase[]>();
  private readonly byId = new Map<string, number>();
  /** Each expert's id, by position. */
  readonly ids: readonly string[];
  readonly categories: readonly string[];
  readonly maxIdf: number;
  private median = 1;
  /** Per expert, the sum of its terms' contributions: the size of its definition's evidence. */
  private readonly evidence: Float64Array;
  /** Per expert, the factor its score is multiplied by (FieldWeights.definitionSize). */
  private sizeFactors: Float64Array;

  /** An empty index: create() and buildInSteps() run its build. */
  private constructor(
    readonly experts: readonly ExpertDefinition[],
    readonly weights: FieldWeights,
  ) {
    this.categories = experts.map((e) => e.category);
    this.ids = experts.map((e) => e.id);
    this.evidence = new Float64Array(experts.length);
    this.sizeFactors = new Float64Array(experts.length).fill(1);
    this.maxIdf = Math.log(1 + (Math.max(1, experts.length) + 0.5) / 0.5);
  }

  /** Builds the whole index at once. */
  static create(experts: readonly ExpertDefinition[], weights: FieldWeights = DEFAULT_FIELD_WEIGHTS): FieldIndex {
    const index = new FieldIndex(experts, weights);
    const steps = index.build();
    while (!steps.next().done);
    return index;
  }

  /**
   * Builds the index a few experts at a time, awaiting `pause` between the steps (each a few
   * milliseconds): on a host's thread, so a large pool never holds the event loop for long.
   */
  static async buildInSteps(experts: readonly ExpertDefinition[], weights: FieldWeights, pause: () => Promise<void>): Promise<FieldIndex> {
    const index = new FieldIndex(experts, weights);
    const steps = index.build();
    while (!steps.next().done) await pause();
    return index;
  }

  get medianIdf(): number {
    return this.median;
  }

  /** The build, yielding after each unit of work (an expert's fields, an expert's postings). */
  private *build(): Generator<void> {
    const { experts, weights } = this;
    const compiled: CompiledFields[] = [];
    for (const definition of experts) {
      compiled.push(compileFields(definition));
      yield;
    }
    compiled.forEach((c, i) => this.byId.set(c.definition.id, i));
    const n = Math.max(1, experts.length);
    const avg = new Map<FieldName, number>();
    for (const field of FIELD_NAMES) avg.set(field, compiled.reduce((total, c) => total + c.lengths.get(field)!, 0) / n || 1);
    // How many experts use a term is counted over the definitions' own fields: example requests use many
    // everyday words (checkout, refund, page), and counting them would lower those words' weight for every
    // expert, a workspace's own experts (which have no examples) included. A word only example requests
    // use is counted over them.
    const df = documentFrequencies(compiled, (field) => field !== 'examples');
    for (const [term, d] of documentFrequencies(compiled, (field) => field === 'examples')) if (!df.has(term)) df.set(term, d);
    for (const [term, d] of df) this.idfs.set(term, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    const namingIdfs = new Map<string, number>();
    for (const [term, d] of documentFrequencies(compiled, isNamingField)) namingIdfs.set(term, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    const idfValues = [...this.idfs.values()].sort((a, b) => a - b);
    this.median = idfValues[Math.floor(idfValues.length / 2)] ?? 1;
    yield;

    const building = new Map<string, { experts: number[]; contributions: number[]; shares: number[] }>();
    // Field-weighted, length-normalized term frequencies per expert, and each term's total over experts.
    const perExpert = compiled.map((c) => {
      const perTerm = new Map<string, Float64Array>();
      for (const [fieldIndex, field] of FIELD_NAMES.entries()) {
        const b = weights.lengthNorm[field];
        const norm = 1 - b + (b * c.lengths.get(field)!) / avg.get(field)!;
        for (const [term, tf] of c.counts.get(field)!) {
          let parts = perTerm.get(term);
          if (!parts) perTerm.set(term, (parts = new Float64Array(FIELD_NAMES.length)));
          parts[fieldIndex] = (weights.weight[field] * tf) / norm;
        }
      }
      return perTerm;
    });
    const mass = new Map<string, number>();
    for (const perTerm of perExpert) for (const [term, parts] of perTerm) mass.set(term, (mass.get(term) ?? 0) + sum(parts));
    yield;
    for (const [expert, c] of compiled.entries()) {
      const perTerm = perExpert[expert]!;
      for (const [term, parts] of perTerm) {
        const pseudoTf = sum(parts);
        if (pseudoTf <= 0) continue;
        // How much of the term's evidence across all experts is this expert's: a word most of whose
        // uses are in one expert's definition speaks for that expert even when others mention it too.
        // A word every expert uses alike (a share of 1/n) gets none: log(1 + n·share) − log 2, from 0.
        const specificity = Math.max(0, Math.log((1 + (n * pseudoTf) / mass.get(term)!) / 2));
        const idf = this.idfs.get(term)!;
        // The naming fields' evidence adds the term's extra rarity among those fields, saturated on its
        // own: more evidence in any field never lowers a contribution.
        let namingTf = 0;
        for (let f = 0; f < NAMING_FIELD_COUNT; f++) namingTf += parts[f]!;
        const namingGap = Math.max(0, (namingIdfs.get(term) ?? idf) - idf);
        const contribution =
          ((1 - weights.specificity) * idf + weights.specificity * specificity) * saturated(pseudoTf, weights.k1) +
          (1 - weights.specificity) * weights.namingIdf * namingGap * saturated(namingTf, weights.k1);
        let list = building.get(term);
        if (!list) building.set(term, (list = { experts: [], contributions: [], shares: [] }));
        list.experts.push(expert);
        list.contributions.push(contribution);
        this.evidence[expert] = this.evidence[expert]! + contribution;
        for (const v of parts) list.shares.push(v / pseudoTf);
      }
      for (const phrase of c.phrases) {
        const entry: IndexedPhrase = { expert, text: phrase.text, terms: phrase.terms, field: phrase.field, idf: 0 };
        const list = this.phrasesByFirst.get(phrase.terms[0]!);
        if (list) list.push(entry);
        else this.phrasesByFirst.set(phrase.terms[0]!, [entry]);
      }
      yield;
    }
    this.sizeFactors = definitionSizeFactors(this.evidence, weights.definitionSize);
    yield* this.weighPhrases(compiled, n);
    for (const [term, list] of building) {
      this.postings.set(term, {
        experts: Int32Array.from(list.experts),
        contributions: Float64Array.from(list.contributions),
        fieldShares: Float32Array.from(list.shares),
      });
    }
  }

  /**
   * A phrase is rarer than its words: its own inverse frequency counts the experts whose definition
   * uses it anywhere (name, description, body, triggers, focus areas) as a contiguous run.
   */
  private *weighPhrases(compiled: readonly CompiledFields[], n: number): Generator<void> {
    const users = new Map<string, Set<number>>();
    for (const [expert, c] of compiled.entries()) {
      for (const sequence of c.sequences) {
        for (let i = 0; i < sequence.length; i++) {
          for (const phrase of this.phrasesByFirst.get(sequence[i]!) ?? []) {
            const key = phrase.terms.join(' ');
            if (users.get(key)?.has(expert) || !startsAt(sequence, i, phrase.terms)) continue;
            let set = users.get(key);
            if (!set) users.set(key, (set = new Set()));
            set.add(expert);
          }
        }
      }
      yield;
    }
    for (const list of this.phrasesByFirst.values()) {
      for (const phrase of list) {
        const df = Math.max(1, users.get(phrase.terms.join(' '))?.size ?? 1);
        phrase.idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      }
    }
  }

  get size(): number {
    return this.experts.length;
  }

  /** The factor an expert's score is multiplied by for the size of its definition (1 when sizes are off). */
  sizeFactor(expert: number): number {
    return this.sizeFactors[expert] ?? 1;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  idf(term: string): number {
    return this.idfs.get(term) ?? 0;
  }

  posting(term: string): Posting | undefined {
    return this.postings.get(term);
  }

  phrasesStartingWith(term: string): readonly IndexedPhrase[] {
    return this.phrasesByFirst.get(term) ?? [];
  }
}

/** Triggers a Claude Code subagent never wrote (derived from its description) are not triggers. */
function ownTriggers(definition: ExpertDefinition): readonly string[] {
  const derived = keywordsFromText(`${definition.id.replace(/-/g, ' ')} ${definition.description}`);
  const same = derived.length === definition.triggers.length && derived.every((t, i) => t === definition.triggers[i]);
  return same ? [] : definition.triggers;
}

/** Term frequency of a word that appears in the triggers or focus areas only inside longer phrases. */
const PHRASE_WORD_WEIGHT = 0.5;

function compileFields(definition: ExpertDefinition): CompiledFields {
  const counts = new Map<FieldName, Map<string, number>>();
  const lengths = new Map<FieldName, number>();
  const sequences: string[][] = [];
  const add = (field: FieldName, list: readonly string[], distinct = false, weightOf: (term: string) => number = () => 1) => {
    sequences.push([...list]);
    const map = counts.get(field) ?? new Map<string, number>();
    const unique = distinct ? new Set(list) : list;
    for (const t of unique) if (isInformative(t)) map.set(t, (map.get(t) ?? 0) + weightOf(t));
    counts.set(field, map);
    lengths.set(field, (lengths.get(field) ?? 0) + list.length);
  };
  add('name', terms(`${definition.id.replace(/-/g, ' ')} ${definition.displayName}`), true);
  add('description', terms(definition.description));
  add('category', terms(definition.category.replace(/-/g, ' ')), true);
  add('body', terms(`${definition.role} ${definition.systemPrompt} ${definition.guidelines}`));
  add('examples', terms((definition.examples ?? []).join('\n')));
  const phrases: CompiledFields['phrases'] = [];
  for (const field of ['triggers', 'focusAreas'] as const) {
    const seen = new Set<string>();
    counts.set(field, new Map());
    lengths.set(field, 0);
    const texts = field === 'triggers' ? ownTriggers(definition) : definition.focusAreas;
    // A word the definition uses only inside longer triggers ("fine" of "fine-tuning", "site" of "docs
    // site") is weaker evidence alone than a word it names as a trigger by itself.
    const standalone = new Set(
      texts
        .map((text) => terms(text))
        .filter((t) => t.length === 1)
        .map((t) => t[0]!),
    );
    const weightOf = (term: string) => (standalone.has(term) ? 1 : PHRASE_WORD_WEIGHT);
    for (const text of texts) {
      const phraseTerms = terms(text);
      const key = phraseTerms.join(' ');
      if (!phraseTerms.length || seen.has(key)) continue; // each normalized trigger counts once
      seen.add(key);
      add(field, phraseTerms, true, phraseTerms.length > 1 ? weightOf : undefined);
      if (phraseTerms.length > 1) phrases.push({ text, terms: phraseTerms, field });
    }
  }
  return { definition, counts, lengths, phrases, sequences };
}

/**
 * A definition's factor stays within [1/MAX_SIZE_FACTOR, MAX_SIZE_FACTOR]: a two-word description
 * ("Writes docs") would otherwise be multiplied by ten and win every task that shares its one word.
 */
const MAX_SIZE_FACTOR = 3;

/** (median evidence / the expert's evidence)^strength, within the bounds above; an expert with no evidence keeps 1. */
function definitionSizeFactors(evidence: Float64Array, strength: number): Float64Array {
  const factors = new Float64Array(evidence.length).fill(1);
  if (strength <= 0 || !evidence.length) return factors;
  const sorted = Float64Array.from(evidence).sort();
  const median = sorted[Math.floor(sorted.length / 2)]!;
  if (median <= 0) return factors;
  evidence.forEach((size, e) => {
    if (size > 0) factors[e] = Math.min(MAX_SIZE_FACTOR, Math.max(1 / MAX_SIZE_FACTOR, Math.pow(median / size, strength)));
  });
  return factors;
}

function startsAt(sequence: readonly string[], i: number, phrase: readonly string[]): boolean {
  if (i + phrase.length > sequence.length) return false;
  for (let k = 0; k < phrase.length; k++) if (sequence[i + k] !== phrase[k]) return false;
  return true;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Bare numbers ("2", "11") and one-letter terms carry no evidence on their own. */
export function isInformative(term: string): boolean {
  return term.length > 1 && !/^\d+$/.test(term);
}

/** BM25's saturation of a (pseudo) term frequency. */
function saturated(tf: number, k1: number): number {
  return tf / (k1 + tf);
}

/** The fields that name what a definition is about: FIELD_NAMES up to 'body'. */
const NAMING_FIELD_COUNT = FIELD_NAMES.indexOf('body');
const isNamingField = (field: FieldName) => FIELD_NAMES.indexOf(field) < NAMING_FIELD_COUNT;

/** In how many experts' chosen fields each term occurs. */
function documentFrequencies(compiled: readonly CompiledFields[], counted: (field: FieldName) => boolean): Map<string, number> {
  const df = new Map<string, number>();
  for (const c of compiled) {
    const seen = new Set<string>();
    for (const [field, counts] of c.counts) if (counted(field)) for (const term of counts.keys()) seen.add(term);
    for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return df;
}
