// Similarity between a task and each expert's whole definition (description, triggers, focus areas,
// tools, role), by the embedder in use: semantic with a model, lexical hashing without one.
import type { ExpertDefinition } from '../agents/expert-definition';
import type { ExpertSource } from '../agents/selection/intelligent-selector';
import { TextEmbedder, cosine } from './hashing-embedder';

export function definitionText(e: ExpertDefinition): string {
  return [e.displayName, e.description, e.category, e.triggers.join(', '), e.focusAreas.join(', '), e.role].join('. ');
}

export class ExpertSimilarity {
  private vectors: Promise<Map<string, Float32Array>> | undefined;

  constructor(
    private readonly source: ExpertSource,
    readonly embedder: TextEmbedder,
  ) {
    source.onDidChange?.(() => {
      this.vectors = undefined;
    });
  }

  /** Cosine similarity of the task to every expert, by id. */
  async similarities(taskVector: Float32Array): Promise<Map<string, number>> {
    const vectors = await this.expertVectors();
    const out = new Map<string, number>();
    for (const [id, vector] of vectors) out.set(id, Math.max(0, cosine(taskVector, vector)));
    return out;
  }

  private expertVectors(): Promise<Map<string, Float32Array>> {
    this.vectors ??= (async () => {
      const experts = this.source.experts;
      const embedded = await this.embedder.embed(experts.map(definitionText));
      return new Map(experts.map((e, i) => [e.id, embedded[i]!]));
    })();
    return this.vectors;
  }
}
