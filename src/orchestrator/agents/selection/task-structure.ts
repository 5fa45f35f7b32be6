// Which words of a task carry its head: the action and its object ("write tests", "review the PR",
// "profile this script") decide the expert, while words inside a prepositional phrase or a relative
// clause ("… for the REST endpoints", "… that adds a Redis cache") only say what the work is about.
// Words in such modifiers get a lower query weight; a word that also occurs in a head keeps full weight.
import { STOP_WORDS, stem, tokenize } from '../../text/text-normalize';

/** Words that open a modifier: prepositions and relative pronouns (not "about": what follows it is the topic itself). */
const MODIFIER_OPENERS = new Set(
  (
    'for in on at by with from into onto over under across between through behind inside within ' +
    'without against toward towards around near per via beside beyond during after before since until that which who whom whose'
  ).split(' '),
);

/** The most parts of one task a team is put together from (a longer task's later parts are not ranked alone). */
export const MAX_TEAM_PARTS = 16;

/**
 * The parts of a task that asks for several things: sentences and clauses split at punctuation and at
 * the words that join requests ("and", "then", "plus", "as well as"). Parts of fewer than two words are
 * dropped ("…, and docs" keeps its word in the whole task).
 */
export function taskParts(task: string): string[] {
  return task
    .split(/[.;:!?]\s+|,\s*(?:and\s+|then\s+)?|\s+(?:and then|then|and also|as well as|plus|and)\s+|\s+[\u2014\u2013-]\s+/i)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= 2);
}

/** Punctuation that ends a clause (a new clause starts with its own head). */
const CLAUSE_BREAK = /[.!?;:\u2014\u2013]+|\s-\s|,/;

/**
 * Term -> query weight for the terms that occur only inside modifiers (`modifierWeight`); terms not
 * in the map have full weight.
 */
export function modifierTerms(text: string, modifierWeight: number): Map<string, number> {
  const weights = new Map<string, number>();
  if (modifierWeight >= 1) return weights;
  const head = new Set<string>();
  for (const clause of text.split(CLAUSE_BREAK)) {
    let inModifier = false;
    for (const token of tokenize(clause)) {
      if (MODIFIER_OPENERS.has(token)) {
        inModifier = true;
        continue;
      }
      if (STOP_WORDS.has(token)) continue;
      const term = stem(token);
      if (inModifier) weights.set(term, modifierWeight);
      else head.add(term);
    }
  }
  for (const term of head) weights.delete(term);
  return weights;
}
