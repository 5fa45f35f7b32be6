// The seed's keyword scoring, component by component, so every score can be explained.
import type { CompiledExpert, CompiledPhrase } from './expert-index';
import { isInformative } from './definition-fields';
import { STOP_WORDS, containsPhrase, stem, terms, tokenize } from '../../text/text-normalize';

export const SCORE_WEIGHTS = {
  triggerExact: 3.0,
  triggerWord: 1.0,
  descriptionWord: 0.5,
  category: 1.0,
  focusArea: 2.0,
  context: 1.0,
} as const;

/** What the host knows about the situation a task comes from (open files, the user's choice). */
export interface SelectionContext {
  category?: string;
  languages?: string[];
  keywords?: string[];
}

export interface ScoreComponent {
  score: number;
  matched: string[];
}

/** How the ranking is computed: field-weighted BM25 (the default) or the seed's keyword weights. */
export type SelectionMode = 'bm25' | 'seed';

export interface ScoreBreakdown {
  expertId: string;
  mode: SelectionMode;
  total: number;
  /** Every signal by name (null-prototype in bm25 mode); the seed's are listed in SCORE_WEIGHTS. */
  components: Record<string, ScoreComponent>;
}

export interface PreparedTask {
  text: string;
  /** The task's words as tokenize() writes them, stop words out, in order. */
  words: string[];
  /** Their stems, in the same order. */
  sequence: string[];
  termSet: Set<string>;
  contextTerms: string[];
  contextCategory?: string;
}

export function prepareTask(text: string, context: SelectionContext = {}): PreparedTask {
  const words = tokenize(text).filter((t) => !STOP_WORDS.has(t));
  const sequence = words.map(stem);
  const contextTerms = [...(context.languages ?? []), ...(context.keywords ?? [])].flatMap((k) => terms(k));
  return {
    text,
    words,
    sequence,
    termSet: new Set(sequence),
    contextTerms,
    ...(context.category ? { contextCategory: context.category } : {}),
  };
}

export function scoreExpert(expert: CompiledExpert, task: PreparedTask): ScoreBreakdown {
  const triggerExact: string[] = [];
  const exactTerms = new Set<string>();
  const partial: CompiledPhrase[] = [];
  for (const trigger of expert.triggers) {
    if (containsPhrase(task.sequence, trigger.terms)) {
      triggerExact.push(trigger.text);
      trigger.terms.forEach((t) => exactTerms.add(t));
    } else if (trigger.terms.length > 1) partial.push(trigger);
  }
  // A word shared with a multi-word trigger counts once, however many triggers contain it ("data"
  // in five triggers is one piece of evidence, not five), and numbers alone never count.
  const triggerWord: string[] = [];
  const seenWords = new Set<string>();
  for (const trigger of partial) {
    for (const t of trigger.terms) {
      if (!task.termSet.has(t) || exactTerms.has(t) || seenWords.has(t) || !isInformative(t)) continue;
      seenWords.add(t);
      triggerWord.push(`${t} (${trigger.text})`);
    }
  }
  const description = [...expert.descriptionTerms].filter((t) => task.termSet.has(t) && isInformative(t));
  const category = expert.categoryTerms.length > 0 && containsPhrase(task.sequence, expert.categoryTerms) ? [expert.definition.category] : [];
  const focusAreas = expert.focusAreas.filter((f) => containsPhrase(task.sequence, f.terms)).map((f) => f.text);
  const context: string[] = [];
  if (task.contextCategory && task.contextCategory === expert.definition.category) context.push(`category ${task.contextCategory}`);
  else {
    const hit = task.contextTerms.find((t) => expert.vocabulary.has(t));
    if (hit) context.push(hit);
  }
  const components = {
    triggerExact: { score: triggerExact.length * SCORE_WEIGHTS.triggerExact, matched: triggerExact },
    triggerWord: { score: triggerWord.length * SCORE_WEIGHTS.triggerWord, matched: triggerWord },
    description: { score: description.length * SCORE_WEIGHTS.descriptionWord, matched: description },
    category: { score: category.length * SCORE_WEIGHTS.category, matched: category },
    focusAreas: { score: focusAreas.length * SCORE_WEIGHTS.focusArea, matched: focusAreas },
    context: { score: context.length ? SCORE_WEIGHTS.context : 0, matched: context },
  };
  const total = Object.values(components).reduce((sum, c) => sum + c.score, 0);
  return { expertId: expert.definition.id, mode: 'seed', total, components };
}
