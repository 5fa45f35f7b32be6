// How a team is put together for a task that spans areas (ExpertChooser.selectMultiple gathers the
// rankings; this file is the policy). Each expert after the first is scored by three votes:
//   whole     its probability in the chooser's ranking of the whole task;
//   parts     its probability in the chooser's ranking of each part of the task (taskParts), times
//             PART_WEIGHT: a part worded as a symptom ("nobody notices when the export fails") reaches
//             the expert the chooser would pick for it alone, word vectors and learning included;
//   coverage  COVERAGE_WEIGHT / rank in the definitions' coverage order (each pick explaining words the
//             team so far does not), so an expert whose own words the task uses keeps its place.
// The chooser's best for the whole task stays first; the others must match the whole task by minScore.
// Measured with `eval teams` on team sets D–R (README, "Benchmarks", stop 33).
import type { ChosenExpert, TeamVotes } from './chooser-types';
import { softmax } from './online-softmax';

/** Weight of a part's ranking against the whole task's. */
export const PART_WEIGHT = 0.5;
/** Weight of the first place in the coverage order (the n-th gets COVERAGE_WEIGHT / n). */
export const COVERAGE_WEIGHT = 0.3;
/** How deep the coverage order is read. */
export const COVERAGE_DEPTH = 6;

export interface TeamInputs {
  /** The chooser's ranking of the whole task (not empty). */
  whole: readonly ChosenExpert[];
  /** Expert ids in the definitions' coverage order, best first (the first is usually whole[0]). */
  coverage: readonly string[];
  /** Each part of the task and the chooser's ranking of it. */
  parts: ReadonlyArray<{ text: string; ranking: readonly ChosenExpert[] }>;
  count: number;
  minScore: number;
}

/**
 * The definitions' coverage order, COVERAGE_DEPTH long: the whole task's best, then the ranker's coverage
 * picks (each explaining words the team so far does not), then the next best of the whole ranking that
 * match the task by minScore.
 */
export function coverageOrder(whole: readonly ChosenExpert[], picks: readonly { expertId: string }[], minScore: number): string[] {
  const order = whole.length ? [whole[0]!.expertId] : [];
  const ranked = new Set(whole.map((c) => c.expertId));
  const take = (id: string) => {
    if (order.length < COVERAGE_DEPTH && ranked.has(id) && !order.includes(id)) order.push(id);
  };
  for (const pick of picks) take(pick.expertId);
  for (const c of whole) if (c.signals.keyword.normalized >= minScore) take(c.expertId);
  return order;
}

/** Probabilities over a ranking's scores (its tail included), so rankings of different lengths compare. */
function probabilities(ranking: readonly ChosenExpert[]): Map<string, number> {
  return softmax(new Map(ranking.map((c) => [c.expertId, c.score])));
}

export function composeTeam({ whole, coverage, parts, count, minScore }: TeamInputs): ChosenExpert[] {
  const first = whole[0];
  if (!first) return [];
  const votes = new Map<string, Omit<TeamVotes, 'first'>>();
  const of = (id: string) => {
    let v = votes.get(id);
    if (!v) votes.set(id, (v = { whole: 0, parts: 0, coverage: 0, total: 0 }));
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
  coverage.slice(0, COVERAGE_DEPTH).forEach((id, rank) => {
    const v = of(id);
    v.coverage = COVERAGE_WEIGHT / (rank + 1);
    v.total += v.coverage;
  });
  const rest = whole.filter((c) => c !== first && c.signals.keyword.normalized >= minScore);
  // Equal votes keep the whole task's order (the sort is stable).
  rest.sort((a, b) => votes.get(b.expertId)!.total - votes.get(a.expertId)!.total);
  return [first, ...rest].slice(0, count).map((c) => ({ ...c, team: { first: c === first, ...votes.get(c.expertId)! } }));
}

/** One line that says why a member is on the team. */
export function describeTeamVotes(v: TeamVotes): string {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const part = v.strongestPart ? ` (most from "${v.strongestPart.text}": ${round(v.strongestPart.vote)})` : '';
  const votes = `whole task ${round(v.whole)} + parts ${round(v.parts)}${part} + coverage ${round(v.coverage)} = ${round(v.total)}`;
  return v.first ? `team: first, the chooser's best for the whole task (votes ${votes})` : `team votes: ${votes}`;
}
