// The features a task is compared by when looking for similar past tasks: its text embedding
// (semantic with a model, lexical otherwise) joined with its "expert profile" — the normalized
// keyword scores of every expert for it. Tasks of the same kind share a profile even when they share
// few words, so what is learned on one generalizes to its neighbours.
import type { ExpertSource, IntelligentAgentSelector } from '../agents/selection/intelligent-selector';
import { TextEmbedder, normalize } from './hashing-embedder';

export interface TaskFeaturizer {
  readonly id: string;
  /** Unit vectors; the dot product of two is their similarity. */
  features(tasks: readonly string[]): Promise<Float32Array[]>;
}

export function embeddingFeaturizer(embedder: TextEmbedder): TaskFeaturizer {
  return { id: embedder.id, features: (tasks) => embedder.embed(tasks) };
}

/** Similarity = textWeight·cos(text) + (1 − textWeight)·cos(profile). */
export function profileFeaturizer(embedder: TextEmbedder, source: ExpertSource, selector: IntelligentAgentSelector, textWeight = 0.5): TaskFeaturizer {
  return {
    id: `${embedder.id}+profile`,
    async features(tasks) {
      const ids = source.experts.map((e) => e.id);
      const texts = await embedder.embed(tasks);
      return tasks.map((task, i) => {
        const profile = new Float32Array(ids.length);
        for (const r of selector.rank(task)) {
          const index = ids.indexOf(r.expertId);
          if (index >= 0) profile[index] = r.normalizedScore;
        }
        normalize(profile);
        const text = texts[i]!;
        const out = new Float32Array(text.length + profile.length);
        const a = Math.sqrt(textWeight);
        const b = Math.sqrt(1 - textWeight);
        for (let k = 0; k < text.length; k++) out[k] = a * text[k]!;
        for (let k = 0; k < profile.length; k++) out[text.length + k] = b * profile[k]!;
        return out;
      });
    },
  };
}
