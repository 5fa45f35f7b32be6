// An expert definition read as the fields of the FieldIndex: each field's term counts and length, its
// multi-word triggers and focus areas as phrases, and which terms count as evidence at all.
import type { ExpertDefinition } from '../expert-definition';
import { keywordsFromText } from '../claude-subagent';
import { terms } from '../../text/text-normalize';
import type { FieldName } from './field-weights';

export interface CompiledFields {
  definition: ExpertDefinition;
  counts: Map<FieldName, Map<string, number>>;
  lengths: Map<FieldName, number>;
  phrases: Array<{ text: string; terms: string[]; field: 'triggers' | 'focusAreas' }>;
  /** Every field's terms in order (each trigger and focus area on its own), for finding phrases. */
  sequences: string[][];
}

/** Triggers a Claude Code subagent never wrote (derived from its description) are not triggers. */
function ownTriggers(definition: ExpertDefinition): readonly string[] {
  const derived = keywordsFromText(`${definition.id.replace(/-/g, ' ')} ${definition.description}`);
  const same = derived.length === definition.triggers.length && derived.every((t, i) => t === definition.triggers[i]);
  return same ? [] : definition.triggers;
}

/** Term frequency of a word that appears in the triggers or focus areas only inside longer phrases. */
const PHRASE_WORD_WEIGHT = 0.5;

export function compileFields(definition: ExpertDefinition): CompiledFields {
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

/** Bare numbers ("2", "11") and one-letter terms carry no evidence on their own. */
export function isInformative(term: string): boolean {
  return term.length > 1 && !/^\d+$/.test(term);
}
