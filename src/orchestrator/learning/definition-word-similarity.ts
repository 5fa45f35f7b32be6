// How close a task is in meaning to each expert's whole definition, by static word vectors: the part of
// the prior that finds an expert whose definition says the same thing in other words, when no embedding
// model is installed. Each similarity is given as a z-score over the loaded experts (how far above the
// average definition this one is), so it means the same for 24 experts as for 1,000. It counts only for
// a definition the task is actually close to (cosine at least MIN_COSINE, above the average): a greeting
// or a word unrelated to every expert ("banana", cosine 0.11 at best) gets no expert from it.
import type { ExpertDefinition } from '../agents/expert-definition';
import type { ExpertSource } from '../agents/selection/intelligent-selector';
import type { LoggerPort } from '../ports';
import type { WordVectors } from '../text/word-vectors';
import { TimeSlicer } from '../time-slice';
import { DefinitionMatrix } from './definition-matrix';
import { zScoreSimilarity } from './z-score-similarity';
import { definitionText } from './expert-similarity';

/** Everything a definition says: what it is for (definitionText, as a model embeds it), and its prompt's vocabulary. */
export function wholeDefinitionText(e: ExpertDefinition): string {
  return [definitionText(e), e.systemPrompt, e.guidelines, ...(e.examples ?? [])].join('. ');
}

/** A task's similarity to each expert (0: none), and the experts most similar to it, best first. */
export interface TaskSimilarity {
  of(id: string): number;
  readonly best: ReadonlyArray<readonly [string, number]>;
}

/**
 * The least cosine between a task and a definition for the similarity to count. Chosen on the tuning
 * sets: 0.3 cost nothing on the roster sets and 0–2 points on description-only ones, and leaves out
 * chit-chat ("hello" 0.23, "thanks a lot" 0.25 against the shipped experts).
 */
export const MIN_COSINE = 0.3;
/** Fewer experts than this: a z-score says nothing (with two, one is always +1). */
const MIN_EXPERTS = 3;

export interface WordVectorSource {
  /** The shipped vectors; undefined when they cannot be read (the prior then has no similarity part). */
  load(): Promise<WordVectors | undefined>;
}

export class DefinitionWordSimilarity {
  private definitions: { experts: readonly ExpertDefinition[]; ready: Promise<Definitions> } | undefined;

  constructor(
    private readonly experts: ExpertSource,
    private readonly vectors: WordVectorSource,
  ) {
    // A list changed in place and announced keeps its identity: the cached rows are dropped instead.
    experts.onDidChange?.(() => (this.definitions = undefined));
  }

  /** Whether the vectors know any word of the text (stop words included); undefined without vectors. */
  async knowsAnyWordOf(text: string): Promise<boolean | undefined> {
    return (await this.vectors.load())?.knowsAnyWordOf(text);
  }

  /**
   * Each expert's z-score of similarity to the task (0 at or below the average or below MIN_COSINE), and
   * the `top` most similar of those, best first; undefined without vectors, without a word they know,
   * or with fewer than three experts.
   */
  async similarities(task: string, top: number): Promise<TaskSimilarity | undefined> {
    const words = await this.vectors.load();
    if (!words) return undefined;
    const taskVector = words.embed(task);
    if (!taskVector) return undefined;
    const { ids, rowOf, matrix } = await this.definitionVectors(words);
    const cosines = matrix.dots(taskVector);
    if (cosines.length < MIN_EXPERTS) return undefined;
    return zScoreSimilarity(cosines, ids, rowOf, top, MIN_COSINE - 1e-9);
  }

  /**
   * The definitions' vectors, worked out again when the list changes, in slices that give way to the
   * event loop (1,000 long definitions take a while); concurrent rankings share one computation.
   */
  private definitionVectors(words: WordVectors): Promise<Definitions> {
    const experts = this.experts.experts;
    if (this.definitions?.experts !== experts) {
      this.definitions = { experts, ready: embedDefinitions(experts, words) };
    }
    return this.definitions.ready;
  }
}

interface Definitions {
  ids: string[];
  rowOf: Map<string, number>;
  matrix: DefinitionMatrix;
}

async function embedDefinitions(experts: readonly ExpertDefinition[], words: WordVectors): Promise<Definitions> {
  const slicer = new TimeSlicer();
  const vectors: Array<Float32Array | undefined> = [];
  for (const e of experts) {
    vectors.push(words.embed(wholeDefinitionText(e)));
    await slicer.tick();
  }
  const ids = experts.map((e) => e.id);
  return { ids, rowOf: new Map(ids.map((id, i) => [id, i])), matrix: new DefinitionMatrix(vectors, words.dimension) };
}

/** Reads the vectors once, on first use; a missing or broken file is said once and leaves the prior without them. */
export function lazyWordVectors(
  file: string | undefined,
  read: (path: string) => Promise<Uint8Array>,
  parse: (bytes: Uint8Array) => WordVectors | Promise<WordVectors>,
  logger: LoggerPort,
): WordVectorSource {
  let loaded: Promise<WordVectors | undefined> | undefined;
  const without = (why: string) => {
    logger.warn(`word vectors not used (${why}): experts are ranked by their definitions' words alone`);
    return undefined;
  };
  return {
    load() {
      loaded ??= file
        ? read(file)
            .then(parse)
            .catch((error: Error) => without(`${file}: ${error.message}`))
        : Promise.resolve(without('the host found no models/word-vectors folder beside the program'));
      return loaded;
    },
  };
}
