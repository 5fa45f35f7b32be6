// The domain words a task's everyday words point to (everyday-concepts.ts, everyday-entities.ts, made
// into one lookup at build time by everyday-table-source.ts): "do I need an umbrella" reaches a tool whose
// one-line description says "weather forecast". Read narrowly, so that software tasks keep their sense
// among software experts and beside consumer tools:
//  - a task word matches a cue as written, not by its stem ("speed" is not the cue "speeding", "balancer"
//    not "balance", "mls" not "ml");
//  - a word the software concepts already read (concept-expansion.ts: "leak", "race", "pipeline",
//    "tests") keeps that sense and adds no everyday domain;
//  - a word some definition names (in its name, description, triggers, focus areas or category: "token",
//    "order", "server") keeps its own sense and adds nothing; one only a body or an example request uses
//    adds its domain words at half weight;
//  - a domain word counts at the given weight times the cue's own query weight (a word inside a modifier,
//    or an everyday word like "customer", weighs less), the highest when several cues reach it.
// Measured in stop 30 (README, "Selection"): of a stranger's 284 distinct software tasks on the shipped
// experts, 15 changed their top expert with the first, plain version (stemmed cues, every known word at
// half weight), 10 with these rules.
import { relatedTerms } from './concept-expansion';
import { generatedEverydayTable } from './everyday-table.generated';
import { stem } from '../../text/text-normalize';

/** How the definitions use a term: not at all, only in a body or example request, or by name (name, description, triggers, focus areas, category). */
export type DefinitionUse = 'none' | 'body' | 'named';

/** Share of the weight a cue's domain words get, by how the definitions use the cue word itself. */
const CUE_SHARE: Readonly<Record<DefinitionUse, number>> = { none: 1, body: 0.5, named: 0 };

export interface EverydayTerm {
  weight: number;
  /** The task's word (as written, lower case) that reached this domain word. */
  cue: string;
}

let table: ReadonlyMap<string, readonly string[]> | undefined;

/** Domain terms (stemmed as definitions are) of one task word as tokenize() writes it; empty when none. */
export function everydayDomainTerms(word: string): readonly string[] {
  table ??= new Map(generatedEverydayTable());
  return table.get(word) ?? [];
}

/**
 * Domain terms a task's words (as tokenize() writes them, stop words out: PreparedTask.words) add, each
 * with its weight and the word that reached it. `ownWeight` is a task term's own query weight (0 when it
 * is not informative); `use` says how the definitions use a term.
 */
export function everydayTerms(
  words: readonly string[],
  ownWeight: (term: string) => number,
  use: (term: string) => DefinitionUse,
  weight: number,
): Map<string, EverydayTerm> {
  const found = new Map<string, EverydayTerm>();
  if (weight <= 0) return found;
  for (const word of new Set(words)) {
    const domain = everydayDomainTerms(word);
    if (!domain.length) continue;
    const term = stem(word);
    if (relatedTerms(term).length) continue;
    const w = weight * ownWeight(term) * CUE_SHARE[use(term)];
    if (w <= 0) continue;
    for (const d of domain) if ((found.get(d)?.weight ?? 0) < w) found.set(d, { weight: w, cue: word });
  }
  return found;
}
