// The similarity part of the chooser's prior for task texts: the embedding model's when one is installed,
// else the shipped word vectors' (definition-word-similarity.ts), else none; and beside it the shipped
// sentence encoder's (definition-sentence-similarity.ts) when the host supplies one.
import { type Similarities, type TaskMeaning, modelSimilarities } from './chooser-prior';
import type { ChooserDependencies } from './chooser-types';
import { ExpertSimilarity } from './expert-similarity';

export class TaskSimilarities {
  /** The definitions' embeddings, made with the first ranking that needs them (forgotten when the model changes). */
  private model: ExpertSimilarity | undefined;

  /** `candidates`: how many of the experts the definitions do not match the word vectors list (the rest cannot reach the candidates). */
  constructor(
    private readonly deps: Pick<ChooserDependencies, 'experts' | 'learning' | 'wordSimilarity' | 'sentenceSimilarity'>,
    private readonly candidates: number,
  ) {}

  /** Forgets the definitions' embeddings (the embedding model changed). */
  reset(): void {
    this.model = undefined;
  }

  /**
   * What the prior knows of each text's meaning, in order (one encoder call for all of them). The sentence
   * encoder finds some expert closest to any text, a keyboard mash included: its part counts only for a text
   * with a word the shipped word vectors know (stop words included; any text when they are not installed).
   */
  async of(texts: readonly string[]): Promise<TaskMeaning[]> {
    const sims = await this.similarities(texts);
    const sentences = (await this.deps.sentenceSimilarity?.similarities(texts, this.candidates)) ?? [];
    const words = this.deps.wordSimilarity;
    const meaningful = await Promise.all(texts.map(async (text) => (await words?.knowsAnyWordOf(text)) !== false));
    return texts.map((_, i) => ({ sims: sims[i], sentences: meaningful[i] ? sentences[i] : undefined }));
  }

  /** The model's or the word vectors' similarities of each text, in order: with a model, one embedding call for all of them. */
  private async similarities(texts: readonly string[]): Promise<Array<Similarities | undefined>> {
    const out: Array<Similarities | undefined> = [];
    const embedder = this.deps.learning.embedder;
    if (embedder.id.startsWith('hashing')) {
      for (const text of texts) {
        const words = await this.deps.wordSimilarity?.similarities(text, this.candidates);
        out.push(words ? { kind: 'words', ...words } : undefined);
      }
      return out;
    }
    this.model ??= new ExpertSimilarity(this.deps.experts, embedder);
    for (const vector of await embedder.embed([...texts])) out.push(modelSimilarities(await this.model.similarities(vector)));
    return out;
  }
}
