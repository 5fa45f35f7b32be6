// The fields of the field-weighted BM25 over expert definitions, and what each of its weights controls:
// each field's weight and length normalization, phrases, context, expansions, specificity and definition
// size (their values, DEFAULT_FIELD_WEIGHTS, are in field-index.ts).
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
