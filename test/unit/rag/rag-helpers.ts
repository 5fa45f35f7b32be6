// Helpers of the RAG unit tests: temp workspaces and embedder test doubles that count their work.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Embedder } from '../../../src/orchestrator/rag/embedder';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bt-rag-${prefix}-`));
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

/** Bag-of-hashed-words vectors: deterministic, normalized, and it records every text it embeds. */
export class CountingEmbedder implements Embedder {
  readonly dimension = 64;
  readonly embedded: string[] = [];
  failAfterCalls = Infinity;
  calls = 0;

  constructor(readonly id = 'counting-test-embedder') {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (++this.calls > this.failAfterCalls) throw new Error('simulated crash while embedding');
    this.embedded.push(...texts);
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) v[createHash('md5').update(word).digest()[0]! % this.dimension]! += 1;
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  }
}

export { RecordingLogger } from '../../fakes/recording-logger';
