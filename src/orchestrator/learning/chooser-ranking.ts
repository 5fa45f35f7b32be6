// The chooser's ranking of one task (expert-chooser.ts asks it): the candidates and their logits (the
// prior, the learned model, the task's own history), then every candidate in order, with probabilities,
// exploration, and the definitions' other matches after them.
import type { IntelligentAgentSelector } from '../agents/selection/intelligent-selector';
import type { SelectionContext } from '../agents/selection/scoring';
import { type TaskMeaning, priorOf, priorParts } from './chooser-prior';
import type { ChooseOptions, ChooserOptions, ChooserSignals, ChosenExpert } from './chooser-types';
import { type OnlineSoftmax, softmax } from './online-softmax';
import { signalVectors } from './signal-weights';
import type { SparseFeatures, TaskFeatureHasher } from './task-feature-hasher';
import { type TaskHistory, ownLogit, ownTier } from './task-history';

/** The own-history signal of every expert the task was never tried with (shared: the ranking's tail is long). */
const UNTRIED: ChooserSignals['own'] = Object.freeze({ successes: 0, failures: 0, tier: 1 });

/** What a ranking reads from the ExpertChooser, as it is when the ranking runs. */
export interface RankingState {
  ranker: IntelligentAgentSelector;
  options: ChooserOptions;
  model: OnlineSoftmax;
  hasher: TaskFeatureHasher;
  history: TaskHistory;
  /** The loaded experts' ids and names. */
  catalog: () => { ids: ReadonlySet<string>; names: ReadonlyMap<string, string> };
  random: () => number;
}

function prior(state: RankingState, task: string, context: SelectionContext | undefined, meaning: TaskMeaning, scoreFloor = 0) {
  return priorOf(state.ranker.rank(task, context), meaning, state.options, scoreFloor);
}

export function candidateLogits(state: RankingState, task: string, options: ChooseOptions, sims: TaskMeaning, learning = false, scoreFloor = 0) {
  const useHistory = options.useHistory !== false;
  const { keyword, priors, order } = prior(state, task, options.context, sims, scoreFloor);
  // An untrained model scores nothing: its features are only worked out to learn, or once it has learned.
  const features: SparseFeatures = learning || state.model.updates > 0 ? state.hasher.features(task, keyword.slice(0, 5)) : new Map();
  const candidates = new Set(order.slice(0, state.options.candidates).filter((id) => priors.get(id)!.prior > 0));
  const own = useHistory && options.ownHistory !== false ? state.history.of(task) : new Map();
  if (useHistory) {
    for (const id of state.model.touchedExperts(features, state.hasher.biasIndex)) candidates.add(id);
    for (const id of own.keys()) candidates.add(id);
  }
  const loaded = state.catalog().ids;
  for (const id of candidates) if (!loaded.has(id)) candidates.delete(id);
  // Nothing matches (exploring), or every candidate already failed on this very task: the next
  // untried experts get their chance.
  if (
    (options.explore && !candidates.size) ||
    (useHistory && own.size && [...candidates].every((id) => ownTier(own.get(id), state.options.reportNoise) === 0))
  ) {
    const rest = [...loaded].filter((id) => !priors.has(id));
    const restScores = state.model.scores(features, rest);
    rest.sort((a, b) => restScores.get(b)! - restScores.get(a)! || (a < b ? -1 : 1));
    const untried = [...order.filter((id) => !candidates.has(id)), ...rest].filter((id) => !own.has(id));
    for (const id of untried.slice(0, state.options.exploreAmong)) candidates.add(id);
  }
  const ids = [...candidates];
  // What was learned: the word weights of each expert, and how far this catalog trusts each of the prior's signals.
  const learned = useHistory ? state.model.scores(features, ids) : new Map<string, number>();
  const fromSignals =
    useHistory && state.model.updates > 0 ? state.model.signals.scores(signalVectors(priors, ids, state.options.priorTemperature)) : new Map<string, number>();
  for (const [id, z] of fromSignals) learned.set(id, (learned.get(id) ?? 0) + z);
  const noise = state.options.reportNoise;
  // What the model predicts without the task's own history (what it is trained on), then with it.
  const modelLogits = new Map<string, number>(ids.map((id) => [id, state.options.priorTemperature * (priors.get(id)?.prior ?? 0) + (learned.get(id) ?? 0)]));
  const logits = new Map<string, number>(ids.map((id) => [id, modelLogits.get(id)! + ownLogit(own.get(id), noise)]));
  return { priors, order, features, own, learned, fromSignals, logits, modelLogits };
}

export function rankNow(state: RankingState, task: string, options: ChooseOptions, meaning: TaskMeaning, scoreFloor = 0): ChosenExpert[] {
  const sims = meaning.sims;
  const { priors, order, own, learned, fromSignals, logits } = candidateLogits(state, task, options, meaning, false, scoreFloor);
  const probabilities = logits.size ? softmax(logits) : new Map<string, number>();
  const names = state.catalog().names;
  const entries: ChosenExpert[] = [...logits].map(([id, z]) => {
    const p = priors.get(id);
    const record = own.get(id);
    return {
      expertId: id,
      displayName: names.get(id) ?? id,
      score: z,
      probability: probabilities.get(id) ?? 0,
      signals: {
        keyword: { score: p?.score ?? 0, normalized: p?.normalized ?? 0 },
        similarity: p?.similarity ?? 0,
        similaritySource: sims?.kind ?? 'none',
        sentence: p?.sentence ?? 0,
        prior: p?.prior ?? 0,
        priorParts: priorParts(p),
        learned: learned.get(id) ?? 0,
        learnedFromSignals: fromSignals.get(id) ?? 0,
        own: { successes: record?.successes ?? 0, failures: record?.failures ?? 0, tier: ownTier(record, state.options.reportNoise) },
        explored: 0,
      },
    };
  });
  if (options.explore && !entries.some((e) => e.signals.own.tier === 2)) {
    const eligible = [...entries]
      .filter((e) => e.signals.own.tier === 1)
      .sort((a, b) => b.score - a.score)
      .slice(0, state.options.exploreAmong);
    for (const e of eligible) {
      const u = Math.min(1 - 1e-12, Math.max(1e-12, state.random()));
      e.signals.explored = -Math.log(-Math.log(u)) * state.options.exploreScale; // Gumbel noise: sampling from the softmax
    }
  }
  entries.sort(
    (a, b) =>
      b.signals.own.tier - a.signals.own.tier ||
      b.score + b.signals.explored - (a.score + a.signals.explored) ||
      b.signals.own.successes - b.signals.own.failures - (a.signals.own.successes - a.signals.own.failures) ||
      b.signals.prior - a.signals.prior ||
      (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0),
  );
  // The rest of the definitions' matches follow, in their own order, so nothing matching is hidden.
  const listed = new Set(entries.map((e) => e.expertId));
  for (const id of order) {
    const displayName = names.get(id);
    if (displayName === undefined || listed.has(id)) continue;
    const p = priors.get(id)!;
    entries.push({
      expertId: id,
      displayName,
      score: state.options.priorTemperature * p.prior,
      probability: 0,
      signals: {
        keyword: { score: p.score, normalized: p.normalized },
        similarity: p.similarity,
        similaritySource: sims?.kind ?? 'none',
        sentence: p.sentence,
        prior: p.prior,
        priorParts: priorParts(p),
        learned: 0,
        learnedFromSignals: 0,
        own: UNTRIED,
        explored: 0,
      },
    });
  }
  return entries;
}
