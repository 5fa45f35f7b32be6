// How a team is put together for a task that spans areas (ExpertChooser.selectMultiple ranks the whole
// task and its parts; this file is the policy). The chooser's best for the whole task leads. Every other
// expert must match the whole task by its definitions' words by at least minScore, and is placed by:
//   its own history on this task   its tier, as in a single ranking (task-history.ts): one that succeeded
//                                  on it first; with reports taken as true (reportNoise 0) one that failed
//                                  on it last, otherwise its failures cost it logits in the whole vote;
//   then the sum of three votes:
//     whole        its probability in the chooser's ranking of the whole task;
//     parts        PART_WEIGHT × its probability in the chooser's ranking of each part of the task
//                  (taskParts): a part worded as a symptom ("nobody notices when the export fails")
//                  votes for the expert the chooser would pick for it alone, word vectors and learning
//                  included there (an expert they alone bring, with no word of the whole task in its
//                  definition, stays below minScore and off the team);
//     definitions  DEFINITIONS_WEIGHT / its place in the definitions' own team order: the ranker's
//                  selectMultipleAgents (field-weighted BM25: the whole task's normalized score plus each
//                  part's squared one), after the leader, then the rest of the whole ranking. The first
//                  place is the leader's, so the largest vote that moves a member is DEFINITIONS_WEIGHT / 2.
// Equal places keep the whole task's order. Measured with `eval teams` (README, "Benchmarks", stop 33).
import type { ChosenExpert, TeamVotes } from './chooser-types';
import { softmax } from './online-softmax';

/** Weight of a part's ranking against the whole task's. */
export const PART_WEIGHT = 0.5;
/** Weight of a place in the definitions' team order: the n-th place gets DEFINITIONS_WEIGHT / n. */
export const DEFINITIONS_WEIGHT = 0.3;
/** How deep the definitions' team order is read. */
export const DEFINITIONS_ORDER_DEPTH = 6;

export interface TeamInputs {
  /** The chooser's ranking of the whole task (an empty one gives no team). */
  whole: readonly ChosenExpert[];
  /** Expert ids in the definitions' team order, the leader first (definitionsOrder). */
  definitions: readonly string[];
  /** Each part of the task and the chooser's ranking of it. */
  parts: ReadonlyArray<{ text: string; ranking: readonly ChosenExpert[] }>;
  count: number;
  minScore: number;
}

/**
 * The definitions' team order, DEFINITIONS_ORDER_DEPTH long: the whole task's leader, then the ranker's
 * picks (`picks`, its team for the task), then the rest of the whole ranking that match the task by
 * minScore; only experts of the whole ranking.
 */
export function definitionsOrder(whole: readonly ChosenExpert[], picks: readonly { expertId: string }[], minScore: number): string[] {
  const order = whole.length ? [whole[0]!.expertId] : [];
  const ranked = new Set(whole.map((c) => c.expertId));
  const take = (id: string) => {
    if (order.length < DEFINITIONS_ORDER_DEPTH && ranked.has(id) && !order.includes(id)) order.push(id);
  };
  for (const pick of picks) take(pick.expertId);
  for (const c of whole) if (c.signals.keyword.normalized >= minScore) take(c.expertId);
  return order;
}

/** Probabilities over a ranking's scores (its tail included), so rankings of different lengths compare. */
function probabilities(ranking: readonly ChosenExpert[]): Map<string, number> {
  return softmax(new Map(ranking.map((c) => [c.expertId, c.score])));
}

export function composeTeam({ whole, definitions, parts, count, minScore }: TeamInputs): ChosenExpert[] {
  const first = whole[0];
  if (!first) return [];
  const votes = new Map<string, Omit<TeamVotes, 'first'>>();
  const of = (id: string) => {
    let v = votes.get(id);
    if (!v) votes.set(id, (v = { whole: 0, parts: 0, definitions: 0, total: 0 }));
    return v;
  };
  for (const [id, p] of probabilities(whole)) Object.assign(of(id), { whole: p, total: p });
  for (const { text, ranking } of parts) {
    for (const [id, p] of probabilities(ranking)) {
      const v = of(id);
      const vote = PART_WEIGHT * p;
      v.parts += vote;
      v.total += vote;
      if (vote > (v.strongestPart?.vote ?? 0)) v.strongestPart = { text, vote };
    }
  }
  definitions.slice(0, DEFINITIONS_ORDER_DEPTH).forEach((id, place) => {
    const v = of(id);
    v.definitions = DEFINITIONS_WEIGHT / (place + 1);
    v.total += v.definitions;
  });
  const rest = whole.filter((c) => c !== first && c.signals.keyword.normalized >= minScore);
  // The sort is stable: equal places keep the whole task's order.
  rest.sort((a, b) => b.signals.own.tier - a.signals.own.tier || votes.get(b.expertId)!.total - votes.get(a.expertId)!.total);
  return [first, ...rest].slice(0, count).map((c) => ({ ...c, team: { first: c === first, ...votes.get(c.expertId)! } }));
}

/** One line that says why a member is on the team. */
export function describeTeamVotes(v: TeamVotes): string {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const part = v.strongestPart ? ` (most from "${v.strongestPart.text}": ${round(v.strongestPart.vote)})` : '';
  const votes = `whole task ${round(v.whole)} + parts ${round(v.parts)}${part} + definitions ${round(v.definitions)} = ${round(v.total)}`;
  return v.first ? `team: first, the chooser's best for the whole task (votes ${votes})` : `team votes: ${votes}`;
}
