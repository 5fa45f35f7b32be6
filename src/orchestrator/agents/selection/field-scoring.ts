// Scores a task against the FieldIndex: the BM25F contribution of each distinct task word (words only
// inside a modifier, task-structure.ts, weigh less), whole phrases (multi-word triggers and focus
// areas) counted as one rarer word, words claimed by another expert's phrase
// discounted for experts without a phrase of their own on them, and the host's context; the sum is
// scaled by the size of the expert's definition (FieldWeights.definitionSize).
import { relatedTerms } from './concept-expansion';
import { DefinitionUse, everydayTerms } from './everyday-expansion';
import { isInformative } from './definition-fields';
import { FieldIndex, IndexedPhrase } from './field-index';
import { FIELD_NAMES, FieldWeights } from './field-weights';
import type { PreparedTask } from './scoring';
import { modifierTerms } from './task-structure';
import { isEverydayTerm } from '../../text/everyday-words';
import type { ScoreBreakdown, ScoreComponent } from './scoring';

export interface TaskScores {
  /** Experts with a positive score. */
  experts: number[];
  totals: Float64Array;
  phraseScores: Float64Array;
  matchedTerms: Int32Array;
  /** Phrases matched per expert. */
  phrases: Map<number, IndexedPhrase[]>;
  claimed: Set<string>;
  queryTerms: Map<string, number>;
  /** Domain words an everyday word of the task added -> that word (for explanations). */
  everydayCues: Map<string, string>;
}

/** Query weight of an everyday word (text/everyday-words.ts): it says little about the discipline. */
const EVERYDAY_WEIGHT = 0.5;

interface QueryTerms {
  /** Distinct informative task words with their query weight (1 for the task, less for context and related words). */
  weights: Map<string, number>;
  /** Domain words added by an everyday word of the task (everyday-expansion.ts) -> that word. */
  everydayCues: Map<string, string>;
}

function queryTerms(index: FieldIndex, task: PreparedTask, w: FieldWeights): QueryTerms {
  const weights = new Map<string, number>();
  const modifiers = modifierTerms(task.text, w.modifier);
  for (const t of task.sequence) if (isInformative(t)) weights.set(t, (modifiers.get(t) ?? 1) * (isEverydayTerm(t) ? EVERYDAY_WEIGHT : 1));
  for (const t of task.contextTerms) if (isInformative(t) && !weights.has(t)) weights.set(t, w.context);
  if (w.expansion > 0) {
    for (const t of task.sequence) for (const r of relatedTerms(t)) if (!weights.has(r)) weights.set(r, w.expansion);
  }
  const everydayCues = new Map<string, string>();
  const own = (t: string) => (task.termSet.has(t) ? (weights.get(t) ?? 0) : 0);
  for (const [term, { weight, cue }] of everydayTerms(task.words, own, (t) => definitionUse(index, t), w.everydayConcepts)) {
    if (weights.has(term)) continue;
    weights.set(term, weight);
    everydayCues.set(term, cue);
  }
  return { weights, everydayCues };
}

/** Fields of a definition that name what it is about (FIELD_NAMES before 'body' and 'examples'). */
const NAMING_FIELDS = FIELD_NAMES.indexOf('body');

function definitionUse(index: FieldIndex, term: string): DefinitionUse {
  const posting = index.posting(term);
  if (!posting) return 'none';
  const { experts, fieldShares } = posting;
  for (let k = 0; k < experts.length; k++) for (let f = 0; f < NAMING_FIELDS; f++) if (fieldShares[k * FIELD_NAMES.length + f]! > 0) return 'named';
  return 'body';
}

function matchPhrases(index: FieldIndex, sequence: readonly string[]): Map<number, IndexedPhrase[]> {
  const found = new Map<number, IndexedPhrase[]>();
  for (let i = 0; i < sequence.length; i++) {
    for (const phrase of index.phrasesStartingWith(sequence[i]!)) {
      if (i + phrase.terms.length > sequence.length) continue;
      let whole = true;
      for (let k = 1; k < phrase.terms.length && whole; k++) whole = sequence[i + k] === phrase.terms[k];
      if (!whole) continue;
      const list = found.get(phrase.expert);
      if (!list) found.set(phrase.expert, [phrase]);
      else if (!list.includes(phrase)) list.push(phrase);
    }
  }
  return found;
}

/**
 * The task as the ranking reads it, for learned models: each informative word (stemmed, stop words
 * out, related words and context included) with its query weight times its inverse frequency across
 * the definitions (a word no definition uses gets the highest), each matched multi-word trigger or
 * focus area with its own inverse frequency, and the informative words in order (for word pairs).
 */
export interface TaskTerms {
  words: Map<string, number>;
  phrases: Map<string, number>;
  sequence: string[];
}

export function taskTerms(index: FieldIndex, task: PreparedTask): TaskTerms {
  const w = index.weights;
  const words = new Map<string, number>();
  for (const [term, qw] of queryTerms(index, task, w).weights) words.set(term, qw * (index.posting(term) ? index.idf(term) : index.maxIdf));
  const phrases = new Map<string, number>();
  for (const list of matchPhrases(index, task.sequence).values()) {
    for (const p of list) {
      const key = p.terms.join(' ');
      phrases.set(key, Math.max(phrases.get(key) ?? 0, p.idf));
    }
  }
  return { words, phrases, sequence: task.sequence.filter(isInformative) };
}

export function scoreTask(index: FieldIndex, task: PreparedTask): TaskScores {
  const w = index.weights;
  const n = index.size;
  const totals = new Float64Array(n);
  const phraseScores = new Float64Array(n);
  const matchedTerms = new Int32Array(n);
  const { weights: query, everydayCues } = queryTerms(index, task, w);
  const phrases = matchPhrases(index, task.sequence);
  const claimed = new Set<string>();
  for (const list of phrases.values()) for (const p of list) p.terms.forEach((t) => claimed.add(t));
  for (const [term, qw] of query) {
    const posting = index.posting(term);
    if (!posting) continue;
    const { experts, contributions } = posting;
    const isClaimed = claimed.has(term);
    for (let k = 0; k < experts.length; k++) {
      const e = experts[k]!;
      let c = contributions[k]! * qw;
      if (isClaimed && !ownsTerm(phrases.get(e), term)) c *= w.claimed;
      totals[e] = totals[e]! + c;
      matchedTerms[e] = matchedTerms[e]! + 1;
    }
  }
  for (const [e, list] of phrases) {
    for (const p of list) {
      // The whole phrase counts as one word with its own (higher) rarity, instead of its words.
      let words = 0;
      for (const t of new Set(p.terms)) words += termContribution(index, t, e) * (query.get(t) ?? 0);
      phraseScores[e] = phraseScores[e]! + Math.max(0, w.phrase * p.idf - words);
    }
    totals[e] = totals[e]! + phraseScores[e]!;
  }
  if (task.contextCategory) {
    const bonus = w.contextCategory * index.medianIdf;
    index.categories.forEach((category, e) => {
      if (category === task.contextCategory) totals[e] = totals[e]! + bonus;
    });
  }
  const experts: number[] = [];
  for (let e = 0; e < n; e++) {
    totals[e] = totals[e]! * index.sizeFactor(e);
    if (totals[e]! > 0) experts.push(e);
  }
  return { experts, totals, phraseScores, matchedTerms, phrases, claimed, queryTerms: query, everydayCues };
}

/** A term's BM25F contribution to one expert (0 when the expert's definition lacks it). */
function termContribution(index: FieldIndex, term: string, expert: number): number {
  const posting = index.posting(term);
  if (!posting) return 0;
  const k = posting.experts.indexOf(expert);
  return k < 0 ? 0 : posting.contributions[k]!;
}

function ownsTerm(list: readonly IndexedPhrase[] | undefined, term: string): boolean {
  return !!list && list.some((p) => p.terms.includes(term));
}

/** Every signal behind one expert's score, field by field, for explanations. */
export function fieldBreakdown(index: FieldIndex, scores: TaskScores, expert: number, task: PreparedTask): ScoreBreakdown {
  const w = index.weights;
  const components: Record<string, ScoreComponent> = Object.create(null) as Record<string, ScoreComponent>;
  for (const field of FIELD_NAMES) components[field] = { score: 0, matched: [] };
  const claimedLoss: ScoreComponent = { score: 0, matched: [] };
  for (const [term, qw] of scores.queryTerms) {
    const posting = index.posting(term);
    if (!posting) continue;
    const k = posting.experts.indexOf(expert);
    if (k < 0) continue;
    // Fields show a word's whole contribution; what another expert's phrase claimed of it is shown once,
    // apart, so that the components add up to the total.
    const c = posting.contributions[k]! * qw;
    if (scores.claimed.has(term) && !ownsTerm(scores.phrases.get(expert), term)) {
      claimedLoss.score -= c * (1 - w.claimed);
      claimedLoss.matched.push(term);
    }
    FIELD_NAMES.forEach((field, f) => {
      const share = posting.fieldShares[k * FIELD_NAMES.length + f]!;
      if (share <= 0) return;
      components[field]!.score += c * share;
      components[field]!.matched.push(`${term}${qw < 1 ? ` (${termOrigin(scores, task, term)})` : ''}`);
    });
  }
  const phraseList = scores.phrases.get(expert) ?? [];
  components.phrases = {
    score: scores.phraseScores[expert]!,
    matched: phraseList.map((p) => `${p.text} (${p.field === 'triggers' ? 'trigger' : 'focus area'})`),
  };
  components.claimedByOtherPhrases = claimedLoss;
  const contextCategory = task.contextCategory && index.categories[expert] === task.contextCategory;
  components.contextCategory = { score: contextCategory ? w.contextCategory * index.medianIdf : 0, matched: contextCategory ? [task.contextCategory!] : [] };
  // What the scaling added to (or took from) the total: the total is the sum before scaling times the factor.
  const factor = index.sizeFactor(expert);
  const total = scores.totals[expert]!;
  components.definitionSize = { score: total - total / factor, matched: [`×${round(factor)}`] };
  for (const c of Object.values(components)) c.score = round(c.score);
  return { expertId: index.experts[expert]!.id, mode: 'bm25', total: scores.totals[expert]!, components };
}

/** Why a term weighs less than a task word, for explanations. */
function termOrigin(scores: TaskScores, task: PreparedTask, term: string): string {
  if (task.termSet.has(term)) return isEverydayTerm(term) ? 'everyday word' : 'modifier';
  if (task.contextTerms.includes(term)) return 'context';
  const cue = scores.everydayCues.get(term);
  return cue === undefined ? 'related word' : `everyday: ${cue}`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
