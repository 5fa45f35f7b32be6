// Field-weighted BM25 over expert definitions (BM25F): every expert is one document whose fields —
// name, description, triggers, focus areas, category, the definition body and its example requests —
// are weighted and length-normalized separately. A term weighs its inverse frequency across experts,
// raised where the naming fields carry its evidence by its rarity among those fields, and blended with
// how much of its use is this expert's (FieldWeights.namingIdf, .specificity).
// Contributions of a term to an expert do not depend on the task, so they are computed once, here;
// scoring a task is then a walk over the postings of its terms. Multi-word triggers and focus areas
// are indexed as phrases. What each weight controls is in field-weights.ts; how a definition is read
// into its fields, in definition-fields.ts.
import type { ExpertDefinition } from '../expert-definition';
import { type CompiledFields, compileFields } from './definition-fields';
import { FIELD_NAMES, type FieldName, type FieldWeights } from './field-weights';

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
