// Past task experiences (what was tried, by which expert, how it went) as a searchable collection.
import { createHash } from 'crypto';
import type { Collection } from './collection';
import { InvalidArgumentError } from '../errors';

export type ExperienceOutcome = 'success' | 'failure' | 'partial';

export interface ExperienceRecord {
  /** Derived from the content when absent. */
  id?: string;
  task: string;
  approach?: string;
  outcome: ExperienceOutcome;
  expertType?: string;
  lessons?: string;
  tags?: string[];
  /** Epoch milliseconds. */
  timestamp?: number;
}

export interface ExperienceMatch {
  record: ExperienceRecord & { id: string };
  similarityScore: number;
}

const OUTCOMES = new Set<ExperienceOutcome>(['success', 'failure', 'partial']);

export function experienceText(record: ExperienceRecord): string {
  return [
    `Task: ${record.task}`,
    record.approach ? `Approach: ${record.approach}` : '',
    `Outcome: ${record.outcome}`,
    record.expertType ? `Expert: ${record.expertType}` : '',
    record.lessons ? `Lessons: ${record.lessons}` : '',
    record.tags?.length ? `Tags: ${record.tags.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export class ExperienceStore {
  constructor(
    private readonly collection: Collection,
    private readonly now: () => number,
  ) {}

  get count(): number {
    return this.collection.docs.size;
  }

  async index(record: ExperienceRecord): Promise<string> {
    if (typeof record?.task !== 'string' || !record.task.trim()) throw new InvalidArgumentError('An experience needs a non-empty "task".');
    if (!OUTCOMES.has(record.outcome))
      throw new InvalidArgumentError(`An experience's "outcome" must be success, failure or partial, got ${JSON.stringify(record.outcome)}.`);
    const text = experienceText(record);
    const full = { ...record, timestamp: record.timestamp ?? this.now() };
    const id = record.id ?? createHash('sha1').update(text).digest('hex').slice(0, 16);
    const stored = { ...full, id };
    await this.collection.put([
      {
        key: id,
        hash: createHash('sha1').update(JSON.stringify(stored)).digest('hex'),
        chunks: [
          {
            id: `experience:${id}`,
            text,
            metadata: {
              kind: 'experience',
              outcome: record.outcome,
              expertType: record.expertType ?? '',
              timestamp: full.timestamp,
              record: JSON.stringify(stored),
            },
          },
        ],
      },
    ]);
    await this.collection.commit();
    return id;
  }

  async search(query: string, limit: number): Promise<ExperienceMatch[]> {
    const hits = await this.collection.search(query, { limit });
    return hits.map((hit) => ({
      record: JSON.parse(String(hit.chunk.metadata.record)) as ExperienceRecord & { id: string },
      similarityScore: round(hit.score),
    }));
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
