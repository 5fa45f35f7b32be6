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
import type { ChosenExpert } from './chooser-types';
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
  /** The chooser's ranking of each part of the task. */
  parts: ReadonlyArray<readonly ChosenExpert[]>;
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
  const votes = probabilities(whole);
  const add = (id: string, vote: number) => votes.set(id, (votes.get(id) ?? 0) + vote);
  for (const part of parts) for (const [id, p] of probabilities(part)) add(id, PART_WEIGHT * p);
  coverage.slice(0, COVERAGE_DEPTH).forEach((id, rank) => add(id, COVERAGE_WEIGHT / (rank + 1)));
  const rest = whole.filter((c) => c !== first && c.signals.keyword.normalized >= minScore);
  // Equal votes keep the whole task's order (the sort is stable).
  rest.sort((a, b) => votes.get(b.expertId)! - votes.get(a.expertId)!);
  return [first, ...rest].slice(0, count);
}
