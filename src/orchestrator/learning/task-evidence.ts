// Evidence from history for a new task: past outcomes weighted by how similar their task is (a
// kernel on embeddings), how recent they are (time and count half-lives), summed per expert.
import type { TaskOutcome } from './outcome-store';
import { cosine } from './hashing-embedder';

export interface EvidenceOptions {
  /** Similarity below this counts as unrelated (weight 0)... */
  minSimilarity: number;
  /** ...and from this one up as the same kind of task (weight 1); linear in between. */
  fullSimilarity: number;
  /** An outcome's weight halves every this many milliseconds. */
  halfLifeMs: number;
  /** ...and every this many later outcomes, so that a changed world is noticed quickly. */
  halfLifeOutcomes: number;
}

export const DEFAULT_EVIDENCE_OPTIONS: EvidenceOptions = {
  minSimilarity: 0.25,
  fullSimilarity: 0.5,
  halfLifeMs: 30 * 24 * 3600 * 1000,
  halfLifeOutcomes: 400,
};

export interface SimilarTask {
  task: string;
  agentId: string;
  success: boolean;
  similarity: number;
  weight: number;
  at: number;
}

export interface AgentEvidence {
  agentId: string;
  successes: number;
  failures: number;
  count: number;
}

export interface TaskEvidence {
  byAgent: Map<string, AgentEvidence>;
  similar: SimilarTask[];
}

export function gatherEvidence(
  taskVector: Float32Array,
  outcomes: readonly TaskOutcome[],
  vectors: ReadonlyMap<string, Float32Array>,
  now: number,
  options: EvidenceOptions,
): TaskEvidence {
  const byAgent = new Map<string, AgentEvidence>();
  const similar: SimilarTask[] = [];
  const total = outcomes.length;
  for (let i = 0; i < total; i++) {
    const outcome = outcomes[i]!;
    const vector = vectors.get(outcome.id);
    if (!vector) continue;
    const similarity = cosine(taskVector, vector);
    if (similarity < options.minSimilarity) continue;
    const kernel = Math.min(1, (similarity - options.minSimilarity) / Math.max(1e-6, options.fullSimilarity - options.minSimilarity));
    const age = Math.max(0, now - outcome.at);
    const decay = Math.pow(0.5, age / options.halfLifeMs) * Math.pow(0.5, (total - 1 - i) / options.halfLifeOutcomes);
    const weight = kernel * decay;
    if (weight <= 1e-6) continue;
    const evidence = byAgent.get(outcome.agentId) ?? { agentId: outcome.agentId, successes: 0, failures: 0, count: 0 };
    if (outcome.success) evidence.successes += weight;
    else evidence.failures += weight;
    evidence.count++;
    byAgent.set(outcome.agentId, evidence);
    similar.push({ task: outcome.task, agentId: outcome.agentId, success: outcome.success, similarity, weight, at: outcome.at });
  }
  similar.sort((a, b) => b.similarity - a.similarity || b.at - a.at);
  return { byAgent, similar };
}
