// Field-weighted BM25 over expert definitions (BM25F): every expert is one document whose fields —
// name, description, triggers, focus areas, category and the definition body — are weighted and
// length-normalized separately, with one inverse frequency across experts. Contributions of a term
// to an expert do not depend on the task, so they are computed once, here; scoring a task is then a
// walk over the postings of its terms. Multi-word triggers and focus areas are indexed as phrases.
import type { ExpertDefinition } from '../expert-definition';
import { keywordsFromText } from '../claude-subagent';
import { terms } from './text-normalize';

export type FieldName = 'name' | 'description' | 'triggers' | 'focusAreas' | 'category' | 'body';
export const FIELD_NAMES: readonly FieldName[] = ['name', 'description', 'triggers', 'focusAreas', 'category', 'body'];

export interface FieldWeights {
  /** Weight of each field in the combined term frequency. */
  weight: Record<FieldName, number>;
  /** Length normalization of each field (BM25's b): 0 none, 1 full. */
  lengthNorm: Record<FieldName, number>;
  /** BM25's k1: how quickly repeated evidence for one term saturates. */
  k1: number;
  /** Bonus for a whole multi-word trigger or focus area, times the mean IDF of its words. */
  phrase: number;
  /** What a word keeps for an expert when another expert's phrase claimed it and none of this one's did. */
  claimed: number;
  /** Weight of the host's context keywords (open files' languages, …) relative to task words. */
  context: number;
  /** Bonus when the context names the expert's category, times the median IDF. */
  contextCategory: number;
  /** Weight of related terms a task word expands to (concept-expansion.ts), relative to task words. */
  expansion: number;
}

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = {
  weight: { name: 2.0, description: 1.0, triggers: 2.0, focusAreas: 1.5, category: 1.0, body: 0.3 },
  lengthNorm: { name: 0, description: 0.5, triggers: 0.3, focusAreas: 0.3, category: 0, body: 0.75 },
  k1: 1.2,
  phrase: 1.0,
  claimed: 0.35,
  context: 0.5,
  contextCategory: 1.0,
  expansion: 0.4,
};

export interface IndexedPhrase {
  expert: number;
  text: string;
  terms: string[];
  field: 'triggers' | 'focusAreas';
  /** Phrase bonus before the weight: mean IDF of its words. */
  meanIdf: number;
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
}

export class FieldIndex {
  readonly experts: readonly ExpertDefinition[];
  private readonly postings = new Map<string, Posting>();
  private readonly idfs = new Map<string, number>();
  private readonly phrasesByFirst = new Map<string, IndexedPhrase[]>();
  private readonly byId = new Map<string, number>();
  readonly categories: readonly string[];
  readonly medianIdf: number;
  readonly maxIdf: number;

  constructor(experts: readonly ExpertDefinition[], readonly weights: FieldWeights = DEFAULT_FIELD_WEIGHTS) {
    this.experts = experts;
    const compiled = experts.map(compileFields);
    compiled.forEach((c, i) => this.byId.set(c.definition.id, i));
    this.categories = experts.map((e) => e.category);
    const n = Math.max(1, experts.length);
    const avg = new Map<FieldName, number>();
    for (const field of FIELD_NAMES) avg.set(field, compiled.reduce((sum, c) => sum + c.lengths.get(field)!, 0) / n || 1);
    const df = new Map<string, number>();
    for (const c of compiled) {
      const seen = new Set<string>();
      for (const counts of c.counts.values()) for (const term of counts.keys()) seen.add(term);
      for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1);
    }
    for (const [term, d] of df) this.idfs.set(term, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    const idfValues = [...this.idfs.values()].sort((a, b) => a - b);
    this.medianIdf = idfValues[Math.floor(idfValues.length / 2)] ?? 1;
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);

    const building = new Map<string, { experts: number[]; contributions: number[]; shares: number[] }>();
    compiled.forEach((c, expert) => {
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
      for (const [term, parts] of perTerm) {
        const pseudoTf = parts.reduce((a, v) => a + v, 0);
        if (pseudoTf <= 0) continue;
        const contribution = (this.idfs.get(term)! * pseudoTf) / (weights.k1 + pseudoTf);
        let list = building.get(term);
        if (!list) building.set(term, (list = { experts: [], contributions: [], shares: [] }));
        list.experts.push(expert);
        list.contributions.push(contribution);
        for (const v of parts) list.shares.push(v / pseudoTf);
      }
      for (const phrase of c.phrases) {
        const meanIdf = phrase.terms.reduce((sum, t) => sum + (this.idfs.get(t) ?? 0), 0) / phrase.terms.length;
        const entry: IndexedPhrase = { expert, text: phrase.text, terms: phrase.terms, field: phrase.field, meanIdf };
        const list = this.phrasesByFirst.get(phrase.terms[0]!);
        if (list) list.push(entry);
        else this.phrasesByFirst.set(phrase.terms[0]!, [entry]);
      }
    });
    for (const [term, list] of building) {
      this.postings.set(term, { experts: Int32Array.from(list.experts), contributions: Float64Array.from(list.contributions), fieldShares: Float32Array.from(list.shares) });
    }
  }

  get size(): number {
    return this.experts.length;
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

function compileFields(definition: ExpertDefinition): CompiledFields {
  const counts = new Map<FieldName, Map<string, number>>();
  const lengths = new Map<FieldName, number>();
  const add = (field: FieldName, list: readonly string[], distinct = false) => {
    const map = counts.get(field) ?? new Map<string, number>();
    const unique = distinct ? new Set(list) : list;
    for (const t of unique) if (isInformative(t)) map.set(t, (map.get(t) ?? 0) + 1);
    counts.set(field, map);
    lengths.set(field, (lengths.get(field) ?? 0) + list.length);
  };
  add('name', terms(`${definition.id.replace(/-/g, ' ')} ${definition.displayName}`), true);
  add('description', terms(definition.description));
  add('category', terms(definition.category.replace(/-/g, ' ')), true);
  add('body', terms(`${definition.role} ${definition.systemPrompt} ${definition.guidelines}`));
  const phrases: CompiledFields['phrases'] = [];
  for (const field of ['triggers', 'focusAreas'] as const) {
    const seen = new Set<string>();
    counts.set(field, new Map());
    lengths.set(field, 0);
    for (const text of field === 'triggers' ? ownTriggers(definition) : definition.focusAreas) {
      const phraseTerms = terms(text);
      const key = phraseTerms.join(' ');
      if (!phraseTerms.length || seen.has(key)) continue; // each normalized trigger counts once
      seen.add(key);
      add(field, phraseTerms, true);
      if (phraseTerms.length > 1) phrases.push({ text, terms: phraseTerms, field });
    }
  }
  return { definition, counts, lengths, phrases };
}

/** Bare numbers ("2", "11") and one-letter terms carry no evidence on their own. */
export function isInformative(term: string): boolean {
  return term.length > 1 && !/^\d+$/.test(term);
}
