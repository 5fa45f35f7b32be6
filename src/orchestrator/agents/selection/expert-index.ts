// Precomputed terms of every expert, plus an inverted index from term to experts, so that a task
// is scored only against the experts that share at least one term with it.
import type { ExpertDefinition } from '../expert-definition';
import { terms } from '../../text/text-normalize';

export interface CompiledPhrase {
  text: string;
  terms: string[];
}

export interface CompiledExpert {
  definition: ExpertDefinition;
  triggers: CompiledPhrase[];
  focusAreas: CompiledPhrase[];
  descriptionTerms: Set<string>;
  categoryTerms: string[];
  vocabulary: Set<string>;
}

export class ExpertIndex {
  readonly compiled: CompiledExpert[];
  private readonly postings = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  private readonly byCategory = new Map<string, number[]>();

  constructor(experts: readonly ExpertDefinition[]) {
    this.compiled = experts.map(compileExpert);
    this.compiled.forEach((expert, index) => {
      this.byId.set(expert.definition.id, index);
      const sameCategory = this.byCategory.get(expert.definition.category) ?? [];
      sameCategory.push(index);
      this.byCategory.set(expert.definition.category, sameCategory);
      for (const term of expert.vocabulary) {
        const list = this.postings.get(term);
        if (list) list.push(index);
        else this.postings.set(term, [index]);
      }
    });
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** Indexes of experts sharing any of `taskTerms`, in index order. */
  candidates(taskTerms: Iterable<string>): number[] {
    const found = new Set<number>();
    for (const term of taskTerms) for (const index of this.postings.get(term) ?? []) found.add(index);
    return [...found].sort((a, b) => a - b);
  }

  inCategory(category: string): readonly number[] {
    return this.byCategory.get(category) ?? [];
  }
}

function compilePhrases(phrases: readonly string[]): CompiledPhrase[] {
  return phrases.map((text) => ({ text, terms: terms(text) })).filter((p) => p.terms.length > 0);
}

function compileExpert(definition: ExpertDefinition): CompiledExpert {
  const triggers = compilePhrases(definition.triggers);
  const focusAreas = compilePhrases(definition.focusAreas);
  const descriptionTerms = new Set(terms(definition.description));
  const categoryTerms = terms(definition.category.replace(/-/g, ' '));
  const vocabulary = new Set<string>([...descriptionTerms, ...categoryTerms]);
  for (const phrase of [...triggers, ...focusAreas]) phrase.terms.forEach((t) => vocabulary.add(t));
  return { definition, triggers, focusAreas, descriptionTerms, categoryTerms, vocabulary };
}
